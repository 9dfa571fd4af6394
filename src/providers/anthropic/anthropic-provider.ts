import type { ChatCompletionRequest } from "../../core/chat";
import { errorContext, type ErrorContext, invalidResponse, toProviderError } from "../shared/provider-errors";
import { pumpStream } from "../shared/stream-pump";
import type { CallOptions, ChatProvider, CompletionOutcome, ProviderTarget, StreamOutcome } from "../types";
import { errorFromResponse } from "./anthropic-error";
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

/**
 * The adapter for Anthropic's native Messages API over fetch (`target.fetch` when injected):
 * translates the OpenAI request (buildAnthropicBody), the response (toChatCompletion) and the
 * event stream (AnthropicStreamTranslator) so that the client only ever sees the OpenAI format.
 * @example const outcome = await createAnthropicProvider().stream(req, target, { signal });
 */
export function createAnthropicProvider(options: AnthropicOptions = {}): ChatProvider {
  const now = options.now ?? Date.now;

  async function send(req: ChatCompletionRequest, target: ProviderTarget, ctx: ErrorContext, stream: boolean) {
    const body = buildAnthropicBody(req, target, stream);
    const doFetch = target.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await doFetch(messagesUrl(target.baseUrl), {
        method: "POST",
        headers: {
          ...target.headers,
          "x-api-key": target.apiKey,
          "anthropic-version": ANTHROPIC_VERSION,
          "content-type": "application/json",
          accept: stream ? "text/event-stream" : "application/json",
        },
        body: JSON.stringify(body),
        signal: ctx.signal,
      });
    } catch (err) {
      throw toProviderError(err, ctx);
    }
    if (!response.ok) throw await errorFromResponse(ctx, response);
    return response;
  }

  return {
    kind: "anthropic",

    async complete(req: ChatCompletionRequest, target: ProviderTarget, opts: CallOptions = {}): Promise<CompletionOutcome> {
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
      const type = response.headers.get("content-type") ?? "";
      if (!response.body || !type.includes("text/event-stream")) {
        await response.body?.cancel().catch(() => {});
        throw invalidResponse(ctx, `expected an event stream, got ${type || "no content type"}`);
      }
      const includeUsage = req.stream_options?.include_usage === true;
      const translator = new AnthropicStreamTranslator(ctx, includeUsage, Math.floor(now() / 1000));
      const { body, summary } = pumpStream(response.body, translator, ctx);
      return { body, summary, upstreamRequestId: response.headers.get("request-id") ?? undefined };
    },
  };
}
