import type { ChatCompletionRequest } from "../../core/chat";
import { abortError, errorContext, type ErrorContext, invalidResponse, toProviderError } from "../shared/provider-errors";
import { pumpStream } from "../shared/stream-pump";
import type { CallOptions, ChatProvider, CompletionOutcome, ProviderTarget, StreamOutcome } from "../types";
import { buildOpenAIBody, chatCompletionsUrl, openAIHeaders } from "./build-openai-request";
import { errorFromResponse } from "./openai-error";
import { OpenAICompletion, toUsage } from "./openai-schemas";
import { OpenAIStreamRelay } from "./openai-stream-relay";

const NO_USAGE = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };

/**
 * POSTs the request to `${baseUrl}/chat/completions` with `target.fetch` when injected (called as
 * a plain function: workerd's fetch throws "Illegal invocation" when called as a method of another
 * object). Returns a 2xx response; everything else is thrown as a ProviderError.
 */
async function send(req: ChatCompletionRequest, target: ProviderTarget, ctx: ErrorContext, stream: boolean): Promise<Response> {
  if (ctx.signal?.aborted) throw abortError(ctx);
  const doFetch = target.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(chatCompletionsUrl(target.baseUrl), {
      method: "POST",
      headers: openAIHeaders(target, stream),
      body: JSON.stringify(buildOpenAIBody(req, target, stream)),
      signal: ctx.signal,
    });
  } catch (err) {
    throw toProviderError(err, ctx);
  }
  if (!response.ok) throw await errorFromResponse(ctx, response);
  return response;
}

/**
 * The adapter for OpenAI and every API that speaks its Chat Completions format, over plain fetch
 * (no retries: the dispatcher retries and fails over). Non-streaming returns the upstream JSON as
 * it came, also as its exact text; streaming relays the upstream's SSE bytes (OpenAIStreamRelay).
 * A completion without `usage` (some compatible servers) is reported with zero tokens.
 * @example const outcome = await createOpenAICompatibleProvider().complete(req, target, { signal });
 */
export function createOpenAICompatibleProvider(): ChatProvider {
  return {
    kind: "openai-compatible",

    async complete(req: ChatCompletionRequest, target: ProviderTarget, opts: CallOptions = {}): Promise<CompletionOutcome> {
      const ctx = errorContext(target, opts.signal);
      const response = await send(req, target, ctx, false);
      let text: string;
      let json: unknown;
      try {
        text = await response.text();
        json = JSON.parse(text);
      } catch (err) {
        throw toProviderError(err, ctx);
      }
      const parsed = OpenAICompletion.safeParse(json);
      if (!parsed.success) throw invalidResponse(ctx, "the response is not a chat.completion object");
      const { choices, usage } = parsed.data;
      return {
        body: json as CompletionOutcome["body"],
        text,
        usage: usage ? toUsage(usage) : { ...NO_USAGE },
        finishReason: choices[0]?.finish_reason ?? null,
        upstreamRequestId: response.headers.get("x-request-id") ?? undefined,
      };
    },

    async stream(req: ChatCompletionRequest, target: ProviderTarget, opts: CallOptions = {}): Promise<StreamOutcome> {
      const ctx = errorContext(target, opts.signal);
      const response = await send(req, target, ctx, true);
      const type = response.headers.get("content-type") ?? "";
      if (!response.body || !type.includes("text/event-stream")) {
        await response.body?.cancel().catch(() => {});
        throw invalidResponse(ctx, `expected an event stream, got ${type || "no content type"}`);
      }
      const relay = new OpenAIStreamRelay(ctx, req.stream_options?.include_usage === true);
      return { ...pumpStream(response.body, relay, ctx), upstreamRequestId: response.headers.get("x-request-id") ?? undefined };
    },
  };
}
