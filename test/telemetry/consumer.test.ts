import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleRecordBatch, retryDelaySeconds } from "../../src/telemetry/consumer";
import { insertRecords, insertStatements, jsonChunks, readRecord } from "../../src/telemetry/store";
import { resetTelemetryStatus, telemetryStatus } from "../../src/telemetry/status";
import type { RequestRecord } from "../../src/telemetry/types";
import { makeRecord, migrate, uniqueId } from "./helpers";

beforeAll(() => migrate());
beforeEach(() => resetTelemetryStatus());

const failedOverRecord = (id = uniqueId("fo")) =>
  makeRecord({
    id,
    model: "claude-3-5-haiku",
    provider: "anthropic",
    attempts: [
      {
        index: 0,
        provider: "openai",
        model: "gpt-4o-mini",
        status: 503,
        ok: false,
        errorKind: "server",
        error: "upstream 503",
        latencyMs: 120,
        retry: 0,
        breakerState: "closed",
      },
      {
        index: 1,
        provider: "openai",
        model: "gpt-4o-mini",
        status: 0,
        ok: false,
        errorKind: "timeout",
        error: "first byte after 15000 ms",
        latencyMs: 15000,
        retry: 1,
      },
      {
        index: 2,
        provider: "anthropic",
        model: "claude-3-5-haiku",
        status: 200,
        ok: true,
        latencyMs: 700,
        retry: 0,
        breakerState: "half_open",
      },
    ],
  });

function batchOf(records: unknown[], attempts = 1) {
  return createMessageBatch<RequestRecord>(
    "model-router-records",
    records.map((body, i) => ({ id: `msg-${i}`, timestamp: Date.now(), attempts, body: body as RequestRecord })),
  );
}

async function count(sql: string, ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>();
  return row!.n;
}

describe("insertRecords / readRecord", () => {
  it("round-trips a record with its attempts, features and sample", async () => {
    const record = {
      ...failedOverRecord(),
      classifierConfidence: 0.82,
      categorySource: "model" as const,
      classifierCostUsd: 0.00001,
      features: { hasCode: true, language: "de", inputTokens: 1180 },
      reason: "category is classification",
      sample: { prompt: "Ist das eine Rechnung? 🧾", completion: "billing" },
    };
    await insertRecords(env.DB, [record]);
    expect(await readRecord(env.DB, record.id)).toEqual(record);
    const row = await env.DB.prepare("SELECT attempt_count, failed_over, has_sample FROM requests WHERE id = ?")
      .bind(record.id)
      .first();
    expect(row).toEqual({ attempt_count: 3, failed_over: 1, has_sample: 1 });
  });

  it("does not count a retry on the same target as a failover", async () => {
    const record = makeRecord({
      attempts: [
        {
          index: 0,
          provider: "openai",
          model: "gpt-4o-mini",
          status: 429,
          ok: false,
          errorKind: "rate_limit",
          latencyMs: 30,
          retry: 0,
        },
        { index: 1, provider: "openai", model: "gpt-4o-mini", status: 200, ok: true, latencyMs: 300, retry: 1 },
      ],
    });
    await insertRecords(env.DB, [record]);
    expect(await count("SELECT failed_over AS n FROM requests WHERE id = ?", record.id)).toBe(0);
  });

  it("returns null for an unknown id", async () => {
    expect(await readRecord(env.DB, "req_missing")).toBeNull();
  });

  it("splits large inserts into several statements that all land", async () => {
    const big = "x".repeat(90_000);
    const records = Array.from({ length: 8 }, () => makeRecord({ sample: { prompt: big, completion: big } }));
    await insertRecords(env.DB, records);
    const ids = records.map((r) => r.id);
    const marks = ids.map(() => "?").join(",");
    expect(await count(`SELECT COUNT(*) AS n FROM samples WHERE request_id IN (${marks})`, ...ids)).toBe(8);
    const statements = insertStatements(env.DB, records);
    expect(statements.length).toBeGreaterThanOrEqual(1 + 1 + 3);
    expect(jsonChunks([[big], [big], [big]], 200_000)).toHaveLength(2);
  });
});

describe("handleRecordBatch", () => {
  it("inserts a batch of 100 records with their attempts and acks the whole batch in one call", async () => {
    const records = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? failedOverRecord() : makeRecord()));
    const batch = batchOf(records);
    const ctx = createExecutionContext();
    await handleRecordBatch(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.ackAll).toBe(true);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([]);

    const ids = records.map((r) => r.id);
    const marks = ids.map(() => "?").join(",");
    expect(await count(`SELECT COUNT(*) AS n FROM requests WHERE id IN (${marks})`, ...ids)).toBe(100);
    expect(await count(`SELECT COUNT(*) AS n FROM attempts WHERE request_id IN (${marks})`, ...ids)).toBe(25 * 3 + 75);
    expect(await readRecord(env.DB, records[0].id)).toEqual(records[0]);
    expect(telemetryStatus()).toMatchObject({ consumerBatches: 1, consumerRecords: 100, consumerRetries: 0 });
  });

  it("is idempotent when the Queue redelivers a batch", async () => {
    const records = [failedOverRecord(), makeRecord()];
    await handleRecordBatch(batchOf(records), env);
    const again = batchOf(records, 2);
    const ctx = createExecutionContext();
    await handleRecordBatch(again, env);
    expect((await getQueueResult(again, ctx)).ackAll).toBe(true);
    const ids = records.map((r) => r.id);
    expect(await count("SELECT COUNT(*) AS n FROM requests WHERE id IN (?, ?)", ...ids)).toBe(2);
    expect(await count("SELECT COUNT(*) AS n FROM attempts WHERE request_id IN (?, ?)", ...ids)).toBe(4);
  });

  it("retries the whole batch with backoff when D1 fails, and counts it", async () => {
    const failingDb = {
      ...env.DB,
      prepare: env.DB.prepare.bind(env.DB),
      batch: () => Promise.reject(new Error("D1_ERROR: database is locked")),
    };
    const records = [makeRecord(), makeRecord()];
    const batch = batchOf(records, 3);
    const ctx = createExecutionContext();
    await handleRecordBatch(batch, { ...env, DB: failingDb as unknown as D1Database });
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["msg-0", "msg-1"]);
    expect(telemetryStatus()).toMatchObject({
      consumerRetries: 1,
      consumerBatches: 0,
      lastError: { kind: "consumer" },
    });
    expect(await count("SELECT COUNT(*) AS n FROM requests WHERE id IN (?, ?)", records[0].id, records[1].id)).toBe(0);
  });

  it("sends a malformed message towards the dead-letter queue without blocking the others", async () => {
    const good = makeRecord();
    const { inputTokens: _missing, ...bad } = makeRecord();
    const batch = batchOf([good, bad, "not a record"]);
    const ctx = createExecutionContext();
    await handleRecordBatch(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.ackAll).toBe(false);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["msg-1", "msg-2"]);
    expect(telemetryStatus().invalidRecords).toBe(2);
    expect(await readRecord(env.DB, good.id)).toEqual(good);
  });

  it("asks for the backoff delay when it retries", async () => {
    const retried: unknown[] = [];
    const message = {
      id: "m",
      timestamp: new Date(),
      attempts: 4,
      body: makeRecord(),
      ack() {},
      retry: (o: unknown) => retried.push(o),
    };
    const failingDb = { prepare: env.DB.prepare.bind(env.DB), batch: () => Promise.reject(new Error("D1 down")) };
    const batch = {
      queue: "q",
      messages: [message],
      ackAll() {},
      retryAll() {},
    } as unknown as MessageBatch<RequestRecord>;
    await handleRecordBatch(batch, { ...env, DB: failingDb as unknown as D1Database });
    expect(retried).toEqual([{ delaySeconds: 40 }]);
  });

  it("backs off exponentially up to five minutes", () => {
    expect([1, 2, 3, 4, 5, 10].map(retryDelaySeconds)).toEqual([5, 10, 20, 40, 80, 300]);
  });
});
