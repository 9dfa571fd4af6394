import type { ChatCompletionRequest } from "../../core/chat";
import { errorContext, type ErrorContext, invalidResponse, toProviderError } from "../shared/provider-errors";
import { pumpStream } from "../shared/stream-pump";
import { eventStreamBody, postUpstream } from "../shared/upstream-call";
import type { CallOptions, ChatProvider, CompletionOutcome, ProviderTarget, StreamOutcome } from "../types";
import { errorFromBody } from "./anthropic-error";
import { AnthropicMessage } from "./anthropic-schemas";
import { AnthropicStreamTranslator } from "./anthropic-stream-translator";
import { buildAnthropicBody } from "./build-anthropic-request";
import { toChatCompletion } from "./convert-anthropic-response";

export const ANTHROPIC_VERSION = "2023-06-01";

export interface AnthropicOptions {
  /** Clock for the `created` field of translated responses (epoch ms). */
  now?: () => number;
}

/** `${baseUrl}/v1/messages`; a base URL that already ends in /v1 is accepted too. */
export function messagesUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  return base.endsWith("/v1") ? `${base}/messages` : `${base}/v1/messages`;
}

/** The Messages API headers: the target's own, then the key, version and content negotiation. */
function anthropicHeaders(target: ProviderTarget, stream: boolean): Record<string, string> {
  return {
    ...target.headers,
    "x-api-key": target.apiKey,
    "anthropic-version": ANTHROPIC_VERSION,
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
  };
}

/**
 * The adapter for Anthropic's native Messages API over fetch (`target.fetch` when injected):
 * translates the OpenAI request (buildAnthropicBody), the response (toChatCompletion) and the
 * event stream (AnthropicStreamTranslator) so that the client only ever sees the OpenAI format.
 * @example const outcome = await createAnthropicProvider().stream(req, target, { signal });
 */
export function createAnthropicProvider(options: AnthropicOptions = {}): ChatProvider {
  const now = options.now ?? Date.now;

  const send = (req: ChatCompletionRequest, target: ProviderTarget, ctx: ErrorContext, stream: boolean) =>
    postUpstream(
      target,
      ctx,
      messagesUrl(target.baseUrl),
      anthropicHeaders(target, stream),
      buildAnthropicBody(req, target, stream),
      (text, res) => errorFromBody(ctx, text, res),
    );

  return {
    kind: "anthropic",

    async complete(
      req: ChatCompletionRequest,
      target: ProviderTarget,
      opts: CallOptions = {},
    ): Promise<CompletionOutcome> {
      const ctx = errorContext(target, opts.signal);
      const response = await send(req, target, ctx, false);
      let json: unknown;
      try {
        json = JSON.parse(await response.text());
      } catch (err) {
        throw toProviderError(err, ctx);
      }
      const parsed = AnthropicMessage.safeParse(json);
      if (!parsed.success) throw invalidResponse(ctx, "the response is not a Messages API message");
      const out = toChatCompletion(parsed.data, Math.floor(now() / 1000));
      return { ...out, upstreamRequestId: response.headers.get("request-id") ?? undefined };
    },

    async stream(req: ChatCompletionRequest, target: ProviderTarget, opts: CallOptions = {}): Promise<StreamOutcome> {
      const ctx = errorContext(target, opts.signal);
      const response = await send(req, target, ctx, true);
      const body = await eventStreamBody(response, ctx);
      const includeUsage = req.stream_options?.include_usage === true;
      const translator = new AnthropicStreamTranslator(ctx, includeUsage, Math.floor(now() / 1000));
      return {
        ...pumpStream(body, translator, ctx),
        upstreamRequestId: response.headers.get("request-id") ?? undefined,
      };
    },
  };
}
