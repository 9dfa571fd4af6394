import type { Env } from "../env";
import { dataPointOf } from "./analytics";
import { countFailure, countSuccess } from "./status";
import { insertRecords } from "./store";
import type { RequestRecord } from "./types";

/** Queue messages may be 128 KB; keep a margin for the envelope. */
export const MAX_MESSAGE_BYTES = 120 * 1024;
const encoder = new TextEncoder();
const jsonBytes = (value: unknown) => encoder.encode(JSON.stringify(value)).byteLength;

/**
 * Records one request: an Analytics Engine data point, then a Queue message for D1 (or, without a
 * RECORDS binding, a direct D1 insert). Call it inside `ctx.waitUntil`. Never throws: every failure
 * is counted in `telemetryStatus()` and logged without the record's contents. When the Queue send
 * fails, the record goes to D1 directly so that it is not lost.
 * @example c.executionCtx.waitUntil(recordRequest(c.env, record));
 */
export async function recordRequest(env: Env, record: RequestRecord): Promise<void> {
  const context = { requestId: record.id };
  try {
    const fitted = fitForQueue(record);
    writePoint(env, fitted);
    if (env.RECORDS) {
      try {
        await env.RECORDS.send(fitted, { contentType: "json" });
        countSuccess("recordsWritten");
        return;
      } catch (err) {
        countFailure("queue", err, context);
      }
    }
    try {
      await insertRecords(env.DB, [fitted]);
      countSuccess("recordsWritten");
    } catch (err) {
      countFailure("d1", err, context);
    }
  } catch (err) {
    countFailure("d1", err, context);
  }
}

function writePoint(env: Env, record: RequestRecord): void {
  if (!env.EVENTS) return;
  try {
    env.EVENTS.writeDataPoint(dataPointOf(record));
  } catch (err) {
    countFailure("ae", err, { requestId: record.id });
  }
}

/**
 * The record as it fits in one Queue message: an opted-in sample is shortened (and marked
 * `truncated`) until the JSON is under `maxBytes`; records without samples are returned as they are.
 */
export function fitForQueue(record: RequestRecord, maxBytes = MAX_MESSAGE_BYTES): RequestRecord {
  if (!record.sample) return record;
  let fitted = record;
  for (let size = jsonBytes(fitted); size > maxBytes; size = jsonBytes(fitted)) {
    const sample = fitted.sample!;
    if (!sample.prompt && !sample.completion) {
      const { sample: _dropped, ...rest } = fitted;
      return rest;
    }
    const ratio = (maxBytes / size) * 0.95;
    fitted = {
      ...fitted,
      sample: {
        prompt: cut(sample.prompt, Math.floor(sample.prompt.length * ratio)),
        completion: cut(sample.completion, Math.floor(sample.completion.length * ratio)),
        truncated: true,
      },
    };
  }
  return fitted;
}

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
