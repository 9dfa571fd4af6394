import { header, retryHeaders } from "../http";
import type { ErrorReply, WireProtocol } from "../protocol";
import type { SimRequest } from "../request";
import { sseFrame } from "../sse";
import { isObject, type WireError } from "../wire-error";
import { normalizeChat } from "./normalize";
import { completionBody, completionFrames } from "./render";
import { validateChatBody } from "./validate";

const CONTEXT_WINDOW = 128_000;

function openaiError(
  status: number,
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null,
  headers?: Record<string, string>,
): ErrorReply {
  return { status, body: { error: { message, type, param, code } }, headers };
}

const STATUS_ERRORS: Record<number, [string, string, string | null]> = {
  400: ["Invalid request.", "invalid_request_error", null],
  401: ["Incorrect API key provided.", "invalid_request_error", "invalid_api_key"],
  403: ["You are not allowed to access this model.", "invalid_request_error", "unsupported_country_region_territory"],
  404: ["The model does not exist or you do not have access to it.", "invalid_request_error", "model_not_found"],
  408: ["Request timed out.", "timeout", null],
  409: ["Conflict.", "invalid_request_error", null],
  429: ["Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded"],
  500: ["The server had an error while processing your request. Sorry about that!", "server_error", null],
  502: ["Bad gateway.", "server_error", null],
  503: ["The engine is currently overloaded, please try again later.", "server_error", null],
  504: ["Gateway timeout.", "server_error", null],
  529: ["The engine is currently overloaded, please try again later.", "server_error", null],
};

/** The OpenAI Chat Completions wire format. */
export const openaiProtocol: WireProtocol = {
  name: "openai",
  idPrefix: "chatcmpl-",
  contextWindow: CONTEXT_WINDOW,
  cacheStep: 128,
  auth(req) {
    const m = /^Bearer\s+(\S+)/i.exec(header(req, "authorization") ?? "");
    if (m) return undefined;
    return openaiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      "invalid_request_error",
      null,
      "missing_api_key",
    );
  },
  invalidJson: () =>
    openaiError(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      "invalid_request_error",
    ),
  error: (e: WireError) => openaiError(e.status, e.message, "invalid_request_error", e.param, e.code),
  validate: validateChatBody,
  normalize: (body) => normalizeChat(body as Parameters<typeof normalizeChat>[0]),
  streamMode(body) {
    const b = body as { stream?: boolean; stream_options?: { include_usage?: boolean } | null };
    return {
      stream: b.stream === true,
      includeUsage: b.stream === true && isObject(b.stream_options) && b.stream_options.include_usage === true,
    };
  },
  statusError(status, retryAfterMs) {
    const [message, type, code] = STATUS_ERRORS[status] ?? [
      `Simulated error ${status}.`,
      status >= 500 ? "server_error" : "invalid_request_error",
      null,
    ];
    return openaiError(
      status,
      message,
      type,
      null,
      code,
      retryHeaders(retryAfterMs ?? (status === 429 ? 1000 : undefined), true),
    );
  },
  contextError: (req: SimRequest) =>
    openaiError(
      400,
      `This model's maximum context length is ${CONTEXT_WINDOW} tokens. However, your messages resulted in ${Math.max(req.inputTokens, CONTEXT_WINDOW + 1)} tokens. Please reduce the length of the messages.`,
      "invalid_request_error",
      "messages",
      "context_length_exceeded",
    ),
  body: completionBody,
  frames: completionFrames,
  faultFrames: {
    malformed:
      'data: {"id":"chatcmpl-broken","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\n\n',
    error: sseFrame(
      JSON.stringify({
        error: {
          message: "The server had an error while processing your request. Sorry about that!",
          type: "server_error",
          param: null,
          code: null,
        },
      }),
    ),
  },
  headers: (requestId) => ({ "x-request-id": requestId, "openai-version": "2020-10-01", "openai-processing-ms": "1" }),
};
