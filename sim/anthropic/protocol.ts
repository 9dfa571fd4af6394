import { header, retryHeaders } from "../http";
import type { ErrorReply, WireProtocol } from "../protocol";
import type { SimRequest } from "../request";
import { sseFrame } from "../sse";
import type { WireError } from "../wire-error";
import { normalizeMessages } from "./normalize";
import { messageBody, messageFrames } from "./render";
import { validateMessagesBody } from "./validate";

const CONTEXT_WINDOW = 200_000;

let errorSeq = 0;

function anthropicError(status: number, type: string, message: string, headers?: Record<string, string>): ErrorReply {
  errorSeq++;
  return {
    status,
    body: { type: "error", error: { type, message }, request_id: `req_sim${errorSeq.toString(36).padStart(8, "0")}` },
    headers,
  };
}

const STATUS_ERRORS: Record<number, [string, string]> = {
  400: ["invalid_request_error", "Invalid request."],
  401: ["authentication_error", "invalid x-api-key"],
  403: ["permission_error", "Your API key does not have permission to use the specified resource."],
  404: ["not_found_error", "The requested resource could not be found."],
  413: ["request_too_large", "Request exceeds the maximum allowed number of bytes."],
  429: ["rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit."],
  500: ["api_error", "Internal server error"],
  504: ["timeout_error", "Request timed out"],
  529: ["overloaded_error", "Overloaded"],
};

/** The Anthropic Messages wire format. */
export const anthropicProtocol: WireProtocol = {
  name: "anthropic",
  idPrefix: "msg_01",
  contextWindow: CONTEXT_WINDOW,
  cacheStep: 1,
  auth(req) {
    const bearer = /^Bearer\s+\S+/i.test(header(req, "authorization") ?? "");
    if (!header(req, "x-api-key") && !bearer)
      return anthropicError(401, "authentication_error", "x-api-key header is required");
    if (!header(req, "anthropic-version"))
      return anthropicError(400, "invalid_request_error", "anthropic-version: header is required");
    return undefined;
  },
  invalidJson: () =>
    anthropicError(
      400,
      "invalid_request_error",
      "There was an issue with the JSON body of your request: it is not valid JSON.",
    ),
  error: (e: WireError) =>
    anthropicError(e.status, e.status === 413 ? "request_too_large" : "invalid_request_error", e.message),
  validate: validateMessagesBody,
  normalize: (body) => normalizeMessages(body as Parameters<typeof normalizeMessages>[0]),
  streamMode: (body) => ({ stream: (body as { stream?: boolean }).stream === true, includeUsage: true }),
  statusError(status, retryAfterMs) {
    const [type, message] = STATUS_ERRORS[status] ?? [
      status >= 500 ? "api_error" : "invalid_request_error",
      `Simulated error ${status}.`,
    ];
    return anthropicError(
      status,
      type,
      message,
      retryHeaders(retryAfterMs ?? (status === 429 ? 1000 : undefined), true),
    );
  },
  contextError: (req: SimRequest) =>
    anthropicError(
      400,
      "invalid_request_error",
      `prompt is too long: ${Math.max(req.inputTokens, CONTEXT_WINDOW + 1)} tokens > ${CONTEXT_WINDOW} maximum`,
    ),
  body: messageBody,
  frames: messageFrames,
  faultFrames: {
    malformed:
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n',
    error: sseFrame(
      JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }),
      "error",
    ),
  },
  headers: (requestId) => ({ "request-id": requestId }),
};
