import type { ProviderKind } from "../config/provider-kinds";
import type { ChatCompletionRequest, Usage } from "../core/chat";

/** The part of a Workers AI binding (`env.AI`) the workers-ai adapter calls; tests pass a stand-in. */
export interface AiBinding {
  run(model: string, inputs: object, options?: { signal?: AbortSignal }): Promise<unknown>;
}

/** Everything an adapter needs to call one model at one provider. Injected: adapters read no globals. */
export interface ProviderTarget {
  providerId: string;
  /** Catalog id of the model (what the client sees). */
  modelId: string;
  /** Model name sent upstream. */
  upstreamModel: string;
  /** "" for binding kinds. */
  baseUrl: string;
  /** "" for binding kinds (nothing to redact). */
  apiKey: string;
  /** Binding kinds (workers-ai): the Worker binding that serves the model. */
  binding?: AiBinding;
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
  /**
   * The upstream's JSON body exactly as received, when the adapter returns it unchanged; the
   * handler sends it as-is instead of re-serialising `body`.
   */
  text?: string;
}

/** What a stream turned out to be, known once it has ended. */
export interface StreamSummary {
  usage?: Usage;
  finishReason: string | null;
  /** True when the upstream finished cleanly (OpenAI `[DONE]`, Anthropic `message_stop`). */
  completed: boolean;
  chunks: number;
}

/** One reader of a chunk source: `read()` and `cancel()` as on a ReadableStream reader, one read at a time. */
export interface ChunkReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reason?: unknown): Promise<void>;
}

/**
 * What a stream's body must offer the dispatcher: a ReadableStream satisfies it, and so does the
 * plain pull source an adapter returns (a ReadableStream per stage costs a streamed request about
 * 0.8 ms in workerd, so the client's body is the only one).
 */
export interface ChunkSource {
  getReader(): ChunkReader;
  cancel(reason?: unknown): Promise<void>;
}

/**
 * A stream whose upstream answered 2xx. `body` carries OpenAI `chat.completion.chunk` SSE bytes,
 * ending with `data: [DONE]` on a clean finish. When the upstream fails mid-stream, reading `body`
 * rejects with a ProviderError (no `[DONE]`): the dispatcher turns that into the client's error
 * event. `summary` resolves when `body` has been fully read, has failed or has been cancelled.
 */
export interface StreamOutcome {
  body: ChunkSource;
  summary: Promise<StreamSummary>;
  upstreamRequestId?: string;
}

/**
 * One wire protocol. Both methods throw ProviderError for a failed call (status, kind, retryable).
 * The usage chunk is always requested upstream; `body` includes it only when the client asked
 * (`stream_options.include_usage`).
 */
export interface ChatProvider {
  readonly kind: ProviderKind;
  complete(req: ChatCompletionRequest, target: ProviderTarget, opts?: CallOptions): Promise<CompletionOutcome>;
  stream(req: ChatCompletionRequest, target: ProviderTarget, opts?: CallOptions): Promise<StreamOutcome>;
}
