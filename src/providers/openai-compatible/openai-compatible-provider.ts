import type { ChatCompletionRequest } from "../../core/chat";
import { errorContext, type ErrorContext, invalidResponse, toProviderError } from "../shared/provider-errors";
import { eventStreamBody, postUpstream } from "../shared/upstream-call";
import { pumpStream } from "../shared/stream-pump";
import type { CallOptions, ChatProvider, CompletionOutcome, ProviderTarget, StreamOutcome } from "../types";
import { buildOpenAIBody, chatCompletionsUrl, openAIHeaders } from "./build-openai-request";
import { errorFromBody } from "./openai-error";
import { OpenAICompletion, toUsage } from "./openai-schemas";
import { OpenAIStreamRelay } from "./openai-stream-relay";

const NO_USAGE = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };

/**
 * The adapter for OpenAI and every API that speaks its Chat Completions format, over plain fetch
 * (no retries: the dispatcher retries and fails over). Non-streaming returns the upstream JSON as
 * it came, also as its exact text; streaming relays the upstream's SSE bytes (OpenAIStreamRelay).
 * A completion without `usage` (some compatible servers) is reported with zero tokens.
 * @example const outcome = await createOpenAICompatibleProvider().complete(req, target, { signal });
 */
export function createOpenAICompatibleProvider(): ChatProvider {
  const send = (req: ChatCompletionRequest, target: ProviderTarget, ctx: ErrorContext, stream: boolean) =>
    postUpstream(
      target,
      ctx,
      chatCompletionsUrl(target.baseUrl),
      openAIHeaders(target, stream),
      buildOpenAIBody(req, target, stream),
      (text, res) => errorFromBody(ctx, text, res),
    );

  return {
    kind: "openai-compatible",

    async complete(
      req: ChatCompletionRequest,
      target: ProviderTarget,
      opts: CallOptions = {},
    ): Promise<CompletionOutcome> {
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
      const body = await eventStreamBody(response, ctx);
      const relay = new OpenAIStreamRelay(ctx, req.stream_options?.include_usage === true);
      return { ...pumpStream(body, relay, ctx), upstreamRequestId: response.headers.get("x-request-id") ?? undefined };
    },
  };
}
