/**
 * Isolate-level telemetry counters for the admin status endpoint. Module globals on purpose: they
 * describe this isolate only (each Workers isolate counts its own), which is what "is this isolate
 * failing to record?" needs; fleet-wide numbers come from Analytics Engine and D1.
 */
export interface TelemetryStatus {
  /** Records handed to the Queue (or written to D1 directly when there is no Queue). */
  recordsWritten: number;
  aeWriteFailures: number;
  queueSendFailures: number;
  d1InsertFailures: number;
  /** Queue consumer: batches and records inserted, batches retried, malformed messages. */
  consumerBatches: number;
  consumerRecords: number;
  consumerRetries: number;
  invalidRecords: number;
  lastError?: { kind: FailureKind; message: string; at: string };
  since: string;
}

export type FailureKind = "ae" | "queue" | "d1" | "consumer" | "invalid";
type Counter = Exclude<keyof TelemetryStatus, "lastError" | "since">;

const FAILURE_COUNTER: Record<FailureKind, Counter> = {
  ae: "aeWriteFailures",
  queue: "queueSendFailures",
  d1: "d1InsertFailures",
  consumer: "consumerRetries",
  invalid: "invalidRecords",
};

/** A failure kind is logged at most once per this interval per isolate; the counters count all. */
const LOG_INTERVAL_MS = 60_000;

function fresh(): TelemetryStatus {
  return {
    recordsWritten: 0,
    aeWriteFailures: 0,
    queueSendFailures: 0,
    d1InsertFailures: 0,
    consumerBatches: 0,
    consumerRecords: 0,
    consumerRetries: 0,
    invalidRecords: 0,
    since: new Date().toISOString(),
  };
}

let counters = fresh();
const lastLogged = new Map<FailureKind, number>();

/** A copy of this isolate's telemetry counters. */
export function telemetryStatus(): TelemetryStatus {
  return { ...counters, lastError: counters.lastError && { ...counters.lastError } };
}

/** Zeroes the counters (tests). */
export function resetTelemetryStatus(): void {
  counters = fresh();
  lastLogged.clear();
}

export function countSuccess(counter: "recordsWritten" | "consumerBatches" | "consumerRecords", n = 1): void {
  counters[counter] += n;
}

/**
 * Counts a failure and logs it (one JSON line, no record contents, rate-limited per kind). Only the
 * error's message is logged: bindings do not put secrets there, and the record is never printed.
 */
export function countFailure(kind: FailureKind, err: unknown, context: Record<string, unknown> = {}, n = 1): void {
  counters[FAILURE_COUNTER[kind]] += n;
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 300);
  const now = Date.now();
  counters.lastError = { kind, message, at: new Date(now).toISOString() };
  if (now - (lastLogged.get(kind) ?? -Infinity) < LOG_INTERVAL_MS) return;
  lastLogged.set(kind, now);
  console.error(
    JSON.stringify({
      msg: "telemetry write failed",
      kind,
      error: message,
      count: counters[FAILURE_COUNTER[kind]],
      ...context,
    }),
  );
}
