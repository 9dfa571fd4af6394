import type { ChatCompletionRequest, Usage } from "../core/chat";
import type { RouterError } from "../core/errors";
import type { Route } from "../config/schema";
import type { ResilienceConfig } from "./settings";
import type { ChatProvider, CompletionOutcome, ProviderTarget } from "../providers/types";
import type { DecisionTarget } from "../core/catalog";
import type { BreakerStateName } from "./breaker/machine";
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

/** One upstream attempt, as the audit keeps it. */
export interface AttemptRecord {
  /** 0-based order within the request. */
  index: number;
  provider: string;
  model: string;
  /** HTTP status from the upstream, or 0 when none arrived (connect error, timeout). */
  status: number;
  ok: boolean;
  /** ProviderErrorKind when the attempt failed, or "skipped_breaker_open" / "hedge_lost". */
  errorKind?: string;
  /** Short, secret-free description of the failure. */
  error?: string;
  latencyMs: number;
  /** Retries of the same target before this attempt (0 for the first try). */
  retry: number;
  breakerState?: "closed" | "open" | "half_open";
}

export interface Candidate {
  decision: DecisionTarget;
  resolved: ResolvedTarget;
}

/** One call to make: which target, its retry number, the backoff to wait first, the breaker's say. */
export interface AttemptSpec extends Candidate {
  /** Position of the target in the candidate list (-1 for the forced try when every breaker is open). */
  slot: number;
  retry: number;
  delayMs: number;
  breakerState: BreakerStateName;
  /** A half-open probe (or a forced try): its outcome closes or re-opens the breaker. */
  probe: boolean;
}
