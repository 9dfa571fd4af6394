import type { AttemptRecord } from "../dispatch/types";
import type { RequestRecord } from "./types";

export type SqlValue = string | number | null;
type Row = Record<string, unknown>;

/** One table column: how a record writes it and how a row reads back into a record. */
export interface Column<T> {
  name: string;
  write(value: T): SqlValue;
  read?(row: Row, out: Record<string, unknown>): void;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function plain<T>(key: keyof T & string, name = snake(key)): Column<T> {
  return {
    name,
    write: (r) => (r[key] ?? null) as SqlValue,
    read: (row, out) => {
      if (row[name] !== null && row[name] !== undefined) out[key] = row[name];
    },
  };
}

function flag<T>(key: keyof T & string, name = snake(key)): Column<T> {
  return { name, write: (r) => (r[key] ? 1 : 0), read: (row, out) => void (out[key] = row[name] === 1) };
}

function json<T>(key: keyof T & string, name = snake(key)): Column<T> {
  return {
    name,
    write: (r) => (r[key] === undefined ? null : JSON.stringify(r[key])),
    read: (row, out) => {
      if (typeof row[name] === "string") out[key] = JSON.parse(row[name] as string);
    },
  };
}

function derived<T>(name: string, write: (r: T) => SqlValue): Column<T> {
  return { name, write };
}

/** True when the answer came from another target than the first attempt's (failover, not a retry). */
export function failedOver(r: Pick<RequestRecord, "attempts" | "model" | "provider">): boolean {
  const first = r.attempts[0];
  if (!first || !r.model) return false;
  return first.provider !== r.provider || first.model !== r.model;
}

/** `requests` columns in migration order; `recorded_at` is bound separately at insert time. */
export const REQUEST_COLUMNS: Column<RequestRecord>[] = [
  plain("id"),
  plain("ts"),
  plain("clientId"),
  plain("configVersion"),
  plain("rule"),
  plain("route"),
  plain("category"),
  plain("categorySource"),
  plain("classifierConfidence"),
  plain("requestedModel"),
  plain("model"),
  plain("provider"),
  plain("status"),
  plain("errorCode"),
  flag("streamed"),
  flag("truncated"),
  plain("inputTokens"),
  plain("cachedInputTokens"),
  plain("outputTokens"),
  plain("costUsd"),
  plain("baselineCostUsd"),
  plain("classifierCostUsd"),
  plain("classifierInputTokens"),
  plain("classifierOutputTokens"),
  plain("totalCostUsd"),
  plain("latencyMs"),
  plain("ttfbMs"),
  plain("upstreamMs"),
  plain("overheadMs"),
  derived("attempt_count", (r) => r.attempts.length),
  derived("failed_over", (r) => (failedOver(r) ? 1 : 0)),
  plain("inputTokensEstimate"),
  plain("language"),
  plain("promptChars"),
  plain("promptHash"),
  plain("finishReason"),
  json("features"),
  plain("reason"),
  plain("shadowOf"),
  derived("has_sample", (r) => (r.sample ? 1 : 0)),
];

type AttemptRow = AttemptRecord & { requestId: string; ts: number };

/** `attempts` columns: the attempt plus its request's id and time. */
export const ATTEMPT_COLUMNS: Column<AttemptRow>[] = [
  plain("requestId"),
  plain("index", "attempt_index"),
  plain("ts"),
  plain("provider"),
  plain("model"),
  plain("status"),
  flag("ok"),
  plain("errorKind"),
  plain("error"),
  plain("latencyMs"),
  plain("retry"),
  plain("breakerState"),
];

type SampleRow = {
  requestId: string;
  ts: number;
  rule: string;
  prompt: string;
  completion: string;
  truncated: boolean;
};

export const SAMPLE_COLUMNS: Column<SampleRow>[] = [
  plain("requestId"),
  plain("ts"),
  plain("rule"),
  plain("prompt"),
  plain("completion"),
  flag("truncated"),
];

/** The attempts of a record as `attempts` rows. */
export function attemptRows(r: RequestRecord): AttemptRow[] {
  return r.attempts.map((a) => ({ ...a, requestId: r.id, ts: r.ts }));
}

/** The record's sample as a `samples` row, when the rule opted in. */
export function sampleRows(r: RequestRecord): SampleRow[] {
  if (!r.sample) return [];
  const { prompt, completion, truncated = false } = r.sample;
  return [{ requestId: r.id, ts: r.ts, rule: r.rule, prompt, completion, truncated }];
}

/** Reads a row back into an object through the columns that can be read. */
export function readRow<T>(columns: Column<T>[], row: Row): T {
  const out: Record<string, unknown> = {};
  for (const c of columns) c.read?.(row, out);
  return out as T;
}
