import OpenAI from "openai";
import type { ChatCompletionRequest } from "../../core/chat";
import { type ErrorContext, invalidResponse } from "../shared/provider-errors";
import { pumpStream } from "../shared/stream-pump";
import type { CallOptions, ChatProvider, CompletionOutcome, ProviderTarget, StreamOutcome } from "../types";
import { buildOpenAIBody } from "./build-openai-request";
import { mapOpenAIError } from "./map-openai-error";
import { OpenAICompletion, toUsage } from "./openai-schemas";
import { OpenAIStreamRelay } from "./openai-stream-relay";

export interface OpenAICompatibleOptions {
  /** The SDK's own timeout, a backstop only: the dispatcher's deadlines abort through `signal`. */
  timeoutMs?: number;
}

const NO_USAGE = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };

/**
 * The adapter for OpenAI and every API that speaks its Chat Completions format, through the
 * openai SDK with retries off (the dispatcher retries and fails over). Non-streaming returns the
 * upstream JSON as it came; streaming relays the upstream's SSE bytes (see OpenAIStreamRelay).
 * A completion without `usage` (some compatible servers) is reported with zero tokens.
 * @example const outcome = await createOpenAICompatibleProvider().complete(req, target, { signal });
 */
export function createOpenAICompatibleProvider(options: OpenAICompatibleOptions = {}): ChatProvider {
  const clients = new ClientCache(options.timeoutMs ?? 600_000);
  const client = (target: ProviderTarget) => clients.get(target);
  const context = (target: ProviderTarget, opts: CallOptions): ErrorContext => ({
    provider: target.providerId,
    apiKey: target.apiKey,
    signal: opts.signal,
  });

  return {
    kind: "openai-compatible",

    async complete(req: ChatCompletionRequest, target: ProviderTarget, opts: CallOptions = {}): Promise<CompletionOutcome> {
      const ctx = context(target, opts);
      try {
        const body = buildOpenAIBody(req, target, false) as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming;
        const { data, response } = await client(target).chat.completions.create(body, { signal: opts.signal }).withResponse();
        const parsed = OpenAICompletion.safeParse(data);
        if (!parsed.success) throw invalidResponse(ctx, "the response is not a chat.completion object");
        const { choices, usage } = parsed.data;
        return {
          body: data as unknown as CompletionOutcome["body"],
          usage: usage ? toUsage(usage) : { ...NO_USAGE },
          finishReason: choices[0]?.finish_reason ?? null,
          upstreamRequestId: response.headers.get("x-request-id") ?? undefined,
        };
      } catch (err) {
        throw mapOpenAIError(err, ctx);
      }
    },

    async stream(req: ChatCompletionRequest, target: ProviderTarget, opts: CallOptions = {}): Promise<StreamOutcome> {
      const ctx = context(target, opts);
      let response: Response;
      try {
        const body = buildOpenAIBody(req, target, true) as unknown as OpenAI.ChatCompletionCreateParamsStreaming;
        response = await client(target).chat.completions.create(body, { signal: opts.signal }).asResponse();
      } catch (err) {
        throw mapOpenAIError(err, ctx);
      }
      const type = response.headers.get("content-type") ?? "";
      if (!response.body || !type.includes("text/event-stream")) {
        await response.body?.cancel().catch(() => {});
        throw invalidResponse(ctx, `expected an event stream, got ${type || "no content type"}`);
      }
      const relay = new OpenAIStreamRelay(ctx, req.stream_options?.include_usage === true);
      const { body, summary } = pumpStream(response.body, relay, ctx);
      return { body, summary, upstreamRequestId: response.headers.get("x-request-id") ?? undefined };
    },
  };
}

/** SDK clients reused across requests of the isolate (building one costs ~85 µs). */
class ClientCache {
  private readonly clients = new Map<string, { fetch?: typeof fetch; client: OpenAI }>();
  constructor(private readonly timeout: number) {}

  get(target: ProviderTarget): OpenAI {
    const key = `${target.baseUrl}\n${target.apiKey}\n${JSON.stringify(target.headers ?? {})}`;
    const hit = this.clients.get(key);
    if (hit && hit.fetch === target.fetch) return hit.client;
    if (this.clients.size >= 16) this.clients.clear();
    const client = new OpenAI({
      baseURL: target.baseUrl,
      apiKey: target.apiKey,
      fetch: target.fetch,
      defaultHeaders: target.headers,
      maxRetries: 0,
      timeout: this.timeout,
    });
    this.clients.set(key, { fetch: target.fetch, client });
    return client;
  }
}
