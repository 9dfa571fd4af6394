import { failedOver } from "./columns";
import type { RequestRecord } from "./types";

/**
 * The Analytics Engine data point of a request. The one index (the sampling key) is the rule, so
 * every rule keeps its own sample however lopsided the traffic; the other dimensions are blobs and
 * the measures doubles, in the order below (blob1 = AE_BLOBS[0], double1 = AE_DOUBLES[0], …).
 * docs/telemetry.md shows SQL API queries over them. Changing the order breaks dashboards: append.
 */
export const AE_BLOBS = [
  ["rule", (r) => r.rule],
  ["route", (r) => r.route],
  ["category", (r) => r.category],
  ["category_source", (r) => r.categorySource],
  ["model", (r) => r.model],
  ["provider", (r) => r.provider],
  ["client_id", (r) => r.clientId],
  ["config_version", (r) => r.configVersion],
  ["requested_model", (r) => r.requestedModel],
  ["status", (r) => String(r.status)],
  ["error_code", (r) => r.errorCode ?? ""],
  ["language", (r) => r.language],
  ["finish_reason", (r) => r.finishReason ?? ""],
  ["request_id", (r) => r.id],
  ["shadow_of", (r) => r.shadowOf ?? ""],
  ["first_provider", (r) => r.attempts[0]?.provider ?? ""],
] as const satisfies readonly (readonly [string, (r: RequestRecord) => string])[];

export const AE_DOUBLES = [
  ["requests", () => 1],
  ["input_tokens", (r) => r.inputTokens],
  ["cached_input_tokens", (r) => r.cachedInputTokens],
  ["output_tokens", (r) => r.outputTokens],
  ["cost_usd", (r) => r.costUsd],
  ["baseline_cost_usd", (r) => r.baselineCostUsd],
  ["classifier_cost_usd", (r) => r.classifierCostUsd],
  ["total_cost_usd", (r) => r.totalCostUsd],
  ["latency_ms", (r) => r.latencyMs],
  ["ttfb_ms", (r) => r.ttfbMs],
  ["upstream_ms", (r) => r.upstreamMs],
  ["overhead_ms", (r) => r.overheadMs],
  ["attempt_count", (r) => r.attempts.length],
  ["failed_over", (r) => (failedOver(r) ? 1 : 0)],
  ["streamed", (r) => (r.streamed ? 1 : 0)],
  ["truncated", (r) => (r.truncated ? 1 : 0)],
  ["status", (r) => r.status],
  ["classifier_confidence", (r) => r.classifierConfidence ?? -1],
  ["input_tokens_estimate", (r) => r.inputTokensEstimate],
  ["prompt_chars", (r) => r.promptChars],
] as const satisfies readonly (readonly [string, (r: RequestRecord) => number])[];

/** AE allows 20 blobs of 5,120 bytes in all and a 96-byte index: 64 characters (≤ 256 bytes) each. */
const MAX_BLOB_CHARS = 64;
const MAX_INDEX_CHARS = 96;

function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  return [...value].slice(0, max).join("").slice(0, max);
}

/** The data point written for a record (exported for tests and the docs' column mapping). */
export function dataPointOf(record: RequestRecord): AnalyticsEngineDataPoint {
  return {
    indexes: [clip(record.rule, MAX_INDEX_CHARS)],
    blobs: AE_BLOBS.map(([, get]) => clip(get(record), MAX_BLOB_CHARS)),
    doubles: AE_DOUBLES.map(([, get]) => {
      const v = get(record);
      return Number.isFinite(v) ? v : 0;
    }),
  };
}
