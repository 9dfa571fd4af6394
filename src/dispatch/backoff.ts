import type { ProviderError } from "../core/errors";
import type { DispatchSettings } from "./settings";

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(maxDelay, base · 2^retry)).
 * @example backoffMs(2, { baseDelayMs: 100, maxDelayMs: 2000 }, () => 0.5) // 200
 */
export function backoffMs(
  retry: number,
  s: Pick<DispatchSettings, "baseDelayMs" | "maxDelayMs">,
  random: () => number,
): number {
  const cap = Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** retry);
  return Math.floor(random() * cap);
}

export interface RetryQuestion {
  error: ProviderError;
  /** Retries of this target so far. */
  retry: number;
  settings: Pick<DispatchSettings, "maxRetries" | "baseDelayMs" | "maxDelayMs">;
  /** Milliseconds left of the request's total deadline. */
  remainingMs: number;
  /** Whether another target could be tried instead. */
  hasFallback: boolean;
  random: () => number;
}

/**
 * How long to wait before retrying the same target, or undefined to move on. Retries only
 * retryable errors, at most `maxRetries` times. A timeout moves on when there is a fallback (slow
 * is failing). retry-after is honoured when it fits the remaining deadline and, when a fallback
 * exists, does not exceed `maxDelayMs` (waiting longer than that for one provider while another
 * is ready only adds latency); otherwise the dispatcher fails over.
 */
export function retryDelayMs(q: RetryQuestion): number | undefined {
  const { error, settings } = q;
  if (!error.retryable || q.retry >= settings.maxRetries) return undefined;
  if (error.kind === "timeout" && q.hasFallback) return undefined;
  const after = error.retryAfterMs;
  if (after !== undefined) {
    if (after >= q.remainingMs) return undefined;
    if (q.hasFallback && after > settings.maxDelayMs) return undefined;
    return after;
  }
  const wait = backoffMs(q.retry, settings, q.random);
  return wait < q.remainingMs ? wait : undefined;
}
