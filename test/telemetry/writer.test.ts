import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { AE_BLOBS, AE_DOUBLES, dataPointOf } from "../../src/telemetry/analytics";
import { resetTelemetryStatus, telemetryStatus } from "../../src/telemetry/status";
import { readRecord } from "../../src/telemetry/store";
import type { RequestRecord } from "../../src/telemetry/types";
import { MAX_MESSAGE_BYTES, fitForQueue, recordRequest } from "../../src/telemetry/writer";
import { makeRecord, migrate } from "./helpers";

beforeAll(() => migrate());
beforeEach(() => resetTelemetryStatus());
afterEach(() => vi.restoreAllMocks());

function fakeEvents(fail = false) {
  const points: AnalyticsEngineDataPoint[] = [];
  const events = {
    writeDataPoint(p: AnalyticsEngineDataPoint) {
      if (fail) throw new Error("Analytics Engine unavailable");
      points.push(p);
    },
  };
  return { points, events: events as AnalyticsEngineDataset };
}

function fakeQueue(fail = false) {
  const sent: { body: RequestRecord; options?: QueueSendOptions }[] = [];
  const queue = {
    async send(body: RequestRecord, options?: QueueSendOptions) {
      if (fail) throw new Error("Queue send failed: 503");
      sent.push({ body, options });
    },
  };
  return { sent, queue: queue as unknown as Queue<RequestRecord> };
}

const failingDb = {
  prepare: env.DB.prepare.bind(env.DB),
  batch: () => Promise.reject(new Error("D1_ERROR: no such table")),
} as unknown as D1Database;

describe("recordRequest", () => {
  it("writes one Analytics Engine point and one Queue message", async () => {
    const { points, events } = fakeEvents();
    const { sent, queue } = fakeQueue();
    const record = makeRecord({ classifierConfidence: 0.9, shadowOf: "req_original" });
    await recordRequest({ ...env, EVENTS: events, RECORDS: queue }, record);
    expect(points).toEqual([dataPointOf(record)]);
    expect(sent).toEqual([{ body: record, options: { contentType: "json" } }]);
    expect(await readRecord(env.DB, record.id)).toBeNull();
    expect(telemetryStatus()).toMatchObject({ recordsWritten: 1, aeWriteFailures: 0, queueSendFailures: 0 });
  });

  it("goes straight to D1 when there is no Queue binding", async () => {
    const record = makeRecord();
    await recordRequest({ ...env, EVENTS: fakeEvents().events, RECORDS: undefined }, record);
    expect(await readRecord(env.DB, record.id)).toEqual(record);
    expect(telemetryStatus().recordsWritten).toBe(1);
  });

  it("survives a failing Analytics Engine binding and still queues the record", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { sent, queue } = fakeQueue();
    const record = makeRecord();
    await expect(
      recordRequest({ ...env, EVENTS: fakeEvents(true).events, RECORDS: queue }, record),
    ).resolves.toBeUndefined();
    expect(sent).toHaveLength(1);
    expect(telemetryStatus()).toMatchObject({ aeWriteFailures: 1, recordsWritten: 1, lastError: { kind: "ae" } });
    expect(log).toHaveBeenCalledTimes(1);
  });

  it("falls back to D1 when the Queue send fails, and counts it", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const record = makeRecord();
    await recordRequest({ ...env, EVENTS: undefined, RECORDS: fakeQueue(true).queue }, record);
    expect(await readRecord(env.DB, record.id)).toEqual(record);
    expect(telemetryStatus()).toMatchObject({ queueSendFailures: 1, d1InsertFailures: 0, recordsWritten: 1 });
  });

  it("never throws when every binding fails, and counts each failure", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = { ...env, EVENTS: fakeEvents(true).events, RECORDS: fakeQueue(true).queue, DB: failingDb };
    for (let i = 0; i < 3; i++) await expect(recordRequest(broken, makeRecord())).resolves.toBeUndefined();
    expect(telemetryStatus()).toMatchObject({
      aeWriteFailures: 3,
      queueSendFailures: 3,
      d1InsertFailures: 3,
      recordsWritten: 0,
    });
    expect(log).toHaveBeenCalledTimes(3);
    const lines = log.mock.calls.map((c) => JSON.parse(String(c[0])));
    expect(lines.map((l) => l.kind).sort()).toEqual(["ae", "d1", "queue"]);
    expect(JSON.stringify(lines)).not.toContain("client-a");
  });

  it("survives a failing D1 binding without a Queue", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(
      recordRequest({ ...env, EVENTS: undefined, RECORDS: undefined, DB: failingDb }, makeRecord()),
    ).resolves.toBeUndefined();
    expect(telemetryStatus()).toMatchObject({ d1InsertFailures: 1, recordsWritten: 0 });
  });
});

describe("Analytics Engine data point", () => {
  it("indexes by rule and keeps the documented blob and double order", () => {
    const record = makeRecord({ errorCode: "upstream_error", status: 502, classifierConfidence: 0.75 });
    const point = dataPointOf(record);
    expect(point.indexes).toEqual([record.rule]);
    expect(AE_BLOBS.length).toBeLessThanOrEqual(20);
    expect(AE_DOUBLES.length).toBeLessThanOrEqual(20);
    const blobs = Object.fromEntries(AE_BLOBS.map(([name], i) => [name, point.blobs![i]]));
    expect(blobs).toMatchObject({
      rule: record.rule,
      model: "gpt-4o-mini",
      provider: "openai",
      client_id: "client-a",
      status: "502",
      error_code: "upstream_error",
    });
    const doubles = Object.fromEntries(AE_DOUBLES.map(([name], i) => [name, point.doubles![i]]));
    expect(doubles).toMatchObject({
      requests: 1,
      total_cost_usd: record.totalCostUsd,
      latency_ms: 420,
      overhead_ms: 20,
      classifier_confidence: 0.75,
      failed_over: 0,
    });
  });

  it("stays within the 5,120-byte blob budget and the 96-byte index", () => {
    const long = "ü".repeat(500);
    const point = dataPointOf(
      makeRecord({ rule: "r".repeat(200), clientId: long, reason: long, language: long, errorCode: long }),
    );
    const bytes = (s: unknown) => new TextEncoder().encode(String(s)).byteLength;
    expect(point.blobs!.reduce<number>((n, b) => n + bytes(b), 0)).toBeLessThanOrEqual(5120);
    expect(bytes(point.indexes![0])).toBeLessThanOrEqual(96);
  });
});

describe("fitForQueue", () => {
  const bytes = (r: unknown) => new TextEncoder().encode(JSON.stringify(r)).byteLength;

  it("leaves ordinary records alone", () => {
    const record = makeRecord({ sample: { prompt: "hi", completion: "hello" } });
    expect(fitForQueue(record)).toBe(record);
  });

  it("shortens a large sample to fit one Queue message and marks it", () => {
    const record = makeRecord({ sample: { prompt: "汉字😀".repeat(40_000), completion: '\n"'.repeat(30_000) } });
    const fitted = fitForQueue(record);
    expect(bytes(fitted)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(fitted.sample!.truncated).toBe(true);
    expect(fitted.sample!.prompt.length).toBeGreaterThan(10_000);
    expect(record.sample!.prompt.startsWith(fitted.sample!.prompt)).toBe(true);
    expect(fitted.sample!.prompt).not.toMatch(/[\ud800-\udbff]$/);
    expect({ ...fitted, sample: undefined }).toEqual({ ...record, sample: undefined });
  });
});
