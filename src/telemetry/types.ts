import type { CategorySource, Features } from "../classify/types";
import type { AttemptRecord } from "../dispatch/types";

/**
 * The cost and latency record of one request. No prompt or completion text: sizes and a hash only,
 * unless the matched rule opted in to samples (`sample`).
 */
export interface RequestRecord {
  id: string;
  /** Epoch milliseconds when the request arrived. */
  ts: number;
  clientId: string;
  configVersion: string;
  rule: string;
  route: string;
  category: string;
  categorySource: CategorySource;
  classifierConfidence?: number;
  requestedModel: string;
  /** Served model (catalog id) and its provider; empty when every attempt failed. */
  model: string;
  provider: string;
  status: number;
  /** Error code when status is not 2xx. */
  errorCode?: string;
  streamed: boolean;
  /** A stream that ended without the upstream's clean finish. */
  truncated: boolean;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** Upstream cost of the served answer, USD. */
  costUsd: number;
  /** What the baseline (premium) model would have cost for the same tokens, USD. */
  baselineCostUsd: number;
  /** The cheap-model classifier's cost, USD (also included in totalCostUsd). */
  classifierCostUsd: number;
  classifierInputTokens: number;
  classifierOutputTokens: number;
  /** costUsd + classifierCostUsd. */
  totalCostUsd: number;
  latencyMs: number;
  /** Time to first byte to the client (streams) or to the full body (non-streaming). */
  ttfbMs: number;
  /** Time spent waiting on upstreams (all attempts). */
  upstreamMs: number;
  /** latencyMs − upstreamMs − classifier time: what the router itself added. */
  overheadMs: number;
  attempts: AttemptRecord[];
  /** Features that mattered, for explaining decisions. */
  inputTokensEstimate: number;
  language: string;
  promptChars: number;
  /** SHA-256 (64 hex digits) of the normalised last user message. */
  promptHash: string;
  finishReason?: string | null;
  /** The request features that mattered to the decision (stored as JSON). */
  features?: Partial<Features>;
  /** The decision's reason: why the rule matched. */
  reason?: string;
  /** Present only when the rule opted in to samples; `truncated` when cut to fit a Queue message. */
  sample?: { prompt: string; completion: string; truncated?: boolean };
  /** Shadow comparisons are recorded as their own rows with this set to the original request's id. */
  shadowOf?: string;
}
