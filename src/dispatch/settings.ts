import type { z } from "zod";
import {
  DEFAULT_BREAKER,
  DEFAULT_DEADLINES,
  DEFAULT_RETRY,
  type BreakerConfig,
  type Resilience,
  type Route,
} from "../config/schema";

/** config.resilience as parsed. */
export type ResilienceConfig = z.infer<typeof Resilience>;

/** Every number the dispatcher works with, resolved: route → config.resilience → defaults. */
export interface DispatchSettings {
  firstByteMs: number;
  responseMs: number;
  idleMs: number;
  totalMs: number;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Start the next target after this long without a first byte; undefined = no hedging. */
  hedgeAfterMs?: number;
  breaker: BreakerConfig;
}

/**
 * Merges a route's deadlines, retry and hedge settings over config.resilience and the defaults.
 * @example resolveSettings({ deadlines: { firstByteMs: 2000 } }, config.resilience).firstByteMs // 2000
 */
export function resolveSettings(
  route: Pick<Route, "deadlines" | "retry" | "hedge"> | undefined,
  resilience: Partial<ResilienceConfig> | undefined,
): DispatchSettings {
  const deadlines = { ...DEFAULT_DEADLINES, ...defined(resilience?.deadlines), ...defined(route?.deadlines) };
  const retry = { ...DEFAULT_RETRY, ...defined(resilience?.retry), ...defined(route?.retry) };
  return {
    ...deadlines,
    ...retry,
    maxDelayMs: Math.max(retry.maxDelayMs, retry.baseDelayMs),
    hedgeAfterMs: route?.hedge?.afterMs,
    breaker: { ...DEFAULT_BREAKER, ...defined(resilience?.breaker) },
  };
}

/** Drops undefined fields so that a spread does not overwrite a default with undefined. */
function defined<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
