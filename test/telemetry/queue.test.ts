import { env } from "cloudflare:workers";
import { beforeAll, expect, it } from "vitest";
import { resetTelemetryStatus, telemetryStatus } from "../../src/telemetry/status";
import { readRecord } from "../../src/telemetry/store";
import { recordRequest } from "../../src/telemetry/writer";
import { makeRecord, migrate, uniqueId, waitFor } from "./helpers";

beforeAll(() => migrate());

const TOTAL = 1_000;

async function countWithPrefix(table: "requests" | "attempts", column: string, prefix: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} >= ?1 AND ${column} < ?1 || '~'`)
    .bind(prefix)
    .first<{ n: number }>();
  return row!.n;
}

it("sends 1,000 records through the RECORDS Queue and finds all of them in D1", async () => {
  resetTelemetryStatus();
  const prefix = `${uniqueId("load")}_`;
  const records = Array.from({ length: TOTAL }, (_, i) =>
    makeRecord({
      id: `${prefix}${String(i).padStart(4, "0")}`,
      rule: i % 3 === 0 ? "summaries" : "classification-to-mini",
    }),
  );
  for (let i = 0; i < TOTAL; i += 50) {
    await Promise.all(records.slice(i, i + 50).map((r) => recordRequest(env, r)));
  }
  expect(telemetryStatus()).toMatchObject({ recordsWritten: TOTAL, queueSendFailures: 0, d1InsertFailures: 0 });

  const landed = await waitFor(async () => (await countWithPrefix("requests", "id", prefix)) >= TOTAL, 30_000, 250);
  expect(
    landed,
    "records did not reach D1 through the Queue: is `queue: handleRecordBatch` exported by src/index.ts?",
  ).toBe(true);
  expect(await countWithPrefix("requests", "id", prefix)).toBe(TOTAL);
  expect(await countWithPrefix("attempts", "request_id", prefix)).toBe(TOTAL);
  expect(await readRecord(env.DB, records[999].id)).toEqual(records[999]);
}, 60_000);
