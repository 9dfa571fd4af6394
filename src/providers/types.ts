import type { ChatCompletionRequest, Usage } from "../core/chat";

/** Everything an adapter needs to call one model at one provider. Injected: adapters read no globals. */
export interface ProviderTarget {
  providerId: string;
  /** Catalog id of the model (what the client sees). */
  modelId: string;
  /** Model name sent upstream. */
  upstreamModel: string;
  baseUrl: string;
  apiKey: string;
  headers?: Record<string, string>;
  /** Largest output the model allows; the anthropic adapter's default max_tokens is capped by it. */
  maxOutputTokens?: number;
  fetch?: typeof fetch;
}

export interface CallOptions {
  /** Aborting it cancels the upstream call (deadlines, hedging, client gone). */
  signal?: AbortSignal;
}

/** A finished non-streaming call: an OpenAI `chat.completion` object, whatever the upstream spoke. */
export interface CompletionOutcome {
  body: Record<string, unknown> & { choices: unknown[] };
  usage: Usage;
  finishReason: string | null;
  /** Upstream request id, for support tickets. */
  upstreamRequestId?: string;
}

/** What a stream turned out to be, known once it has ended. */
export interface StreamSummary {
  usage?: Usage;
  finishReason: string | null;
  /** True when the upstream finished cleanly (OpenAI `[DONE]`, Anthropic `message_stop`). */
  completed: boolean;
  chunks: number;
}

/**
 * A stream whose upstream answered 2xx. `body` carries OpenAI `chat.completion.chunk` SSE bytes,
 * ending with `data: [DONE]` on a clean finish. When the upstream fails mid-stream, `body` errors
 * with a ProviderError (no `[DONE]`): the dispatcher turns that into the client's error event.
 * `summary` resolves when `body` has been fully read or has errored.
 */
export interface StreamOutcome {
  body: ReadableStream<Uint8Array>;
  summary: Promise<StreamSummary>;
  upstreamRequestId?: string;
}

/**
 * One wire protocol. Both methods throw ProviderError for a failed call (status, kind, retryable).
 * The usage chunk is always requested upstream; `body` includes it only when the client asked
 * (`stream_options.include_usage`).
 */
export interface ChatProvider {
  readonly kind: "openai-compatible" | "anthropic";
  complete(req: ChatCompletionRequest, target: ProviderTarget, opts?: CallOptions): Promise<CompletionOutcome>;
  stream(req: ChatCompletionRequest, target: ProviderTarget, opts?: CallOptions): Promise<StreamOutcome>;
}
