import type { ChatCompletionRequest, Usage } from "../core/chat";
import type { RouterError } from "../core/errors";
import type { Route } from "../config/schema";
import type { ResilienceConfig } from "./settings";
import type { ChatProvider, CompletionOutcome, ProviderTarget } from "../providers/types";
import type { DecisionTarget } from "../rules/types";
import type { AttemptRecord } from "../telemetry/types";
import type { BreakerStore } from "./breaker/store";

/** A catalog model made callable: the adapter, where to send it, and how much input it takes. */
export interface ResolvedTarget {
  target: ProviderTarget;
  provider: ChatProvider;
  contextWindow: number;
}

/** What dispatch needs from the outside world; everything but resolve and breakers has a default. */
export interface DispatchDeps {
  /** The catalog lookup; undefined when the model (or its provider) is not configured. */
  resolve(modelId: string): ResolvedTarget | undefined;
  breakers: BreakerStore;
  /** Epoch milliseconds (default Date.now). */
  now?(): number;
  /** Backoff waits (default setTimeout); rejects or resolves early when `signal` aborts. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  /** Jitter source in [0, 1) (default Math.random). */
  random?(): number;
}

export interface DispatchInput {
  req: ChatCompletionRequest;
  stream: boolean;
  /** The decision's targets, in the order to try them. */
  targets: DecisionTarget[];
  /** The route's own settings (deadlines, retry, hedge); they win over `resilience`. */
  route?: Pick<Route, "deadlines" | "retry" | "hedge">;
  /** config.resilience: defaults for deadlines and retry, and the breaker thresholds. */
  resilience?: Partial<ResilienceConfig>;
  /** Estimated input tokens: targets whose context window is smaller are skipped up front. */
  estimatedInputTokens?: number;
  /** The client's signal: aborting it cancels every upstream call. */
  signal?: AbortSignal;
  deps: DispatchDeps;
}

/** How a committed stream ended, known once the client's body has closed. */
export interface StreamEnd {
  /** True unless the upstream finished cleanly (error event sent, deadline, client gone). */
  truncated: boolean;
  usage?: Usage;
  finishReason: string | null;
  /** Why the stream was cut (secret-free). */
  error?: { kind: string; message: string };
  /** Upstream time including the stream itself (also written to the result's upstreamMs). */
  upstreamMs: number;
}

export type DispatchResponse =
  | { kind: "json"; outcome: CompletionOutcome }
  | { kind: "stream"; body: ReadableStream<Uint8Array>; done: Promise<StreamEnd> };

export interface DispatchSuccess {
  ok: true;
  /** Catalog id and provider of the model that answered. */
  model: string;
  provider: string;
  attempts: AttemptRecord[];
  /** Wall time with at least one upstream call in flight (a stream's body included once it ends). */
  upstreamMs: number;
  /** From dispatch start to the full body (JSON) or the first chunk (stream). */
  ttfbMs: number;
  response: DispatchResponse;
}

export interface DispatchFailure {
  ok: false;
  /** 400 (the client's own request), 499 (client gone), 502, 503 or 504; OpenAI-shaped with `attempts`. */
  error: RouterError;
  attempts: AttemptRecord[];
  upstreamMs: number;
}

export type DispatchResult = DispatchSuccess | DispatchFailure;
