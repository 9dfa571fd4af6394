import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import costQuality from "../../audits/cost-quality.sql?raw";
import savings from "../../audits/savings.sql?raw";
import providers from "../../audits/providers.sql?raw";
import overhead from "../../audits/overhead.sql?raw";
import quarterly from "../../audits/quarterly.sql?raw";
import configVersions from "../../audits/config-versions.sql?raw";
import { insertRecords } from "../../src/telemetry/store";
import type { AttemptRecord } from "../../src/dispatch/types";
import type { RequestRecord } from "../../src/telemetry/types";
import { makeRecord, migrate, uniqueId } from "./helpers";

const u = uniqueId("audit");
const RULE = `${u}-rule`;
const CATEGORY = `${u}-cat`;
const MODEL = `${u}-mini`;
const P1 = `${u}-p1`;
const P2 = `${u}-p2`;
const VERSION = `${u}-v1`;
const yesterday = Date.now() - 86_400_000;

const attempt = (index: number, provider: string, ok: boolean, latencyMs: number): AttemptRecord => ({
  index,
  provider,
  model: MODEL,
  status: ok ? 200 : 503,
  ok,
  errorKind: ok ? undefined : "server",
  latencyMs,
  retry: 0,
});

const base = { rule: RULE, category: CATEGORY, configVersion: VERSION, ts: yesterday };
/** 10 answered on P1 (latencies 1..10 ms for attempts), 4 failed over to P2, 2 failed everywhere. */
const served: RequestRecord[] = Array.from({ length: 10 }, (_, i) =>
  makeRecord({
    ...base,
    model: MODEL,
    provider: P1,
    totalCostUsd: 0.001,
    baselineCostUsd: 0.01,
    overheadMs: i + 1,
    attempts: [attempt(0, P1, true, i + 1)],
  }),
);
const failedOver: RequestRecord[] = Array.from({ length: 4 }, () =>
  makeRecord({
    ...base,
    model: MODEL,
    provider: P2,
    totalCostUsd: 0.002,
    baselineCostUsd: 0.01,
    overheadMs: 50,
    attempts: [attempt(0, P1, false, 100), attempt(1, P2, true, 200)],
  }),
);
const failed: RequestRecord[] = Array.from({ length: 2 }, () =>
  makeRecord({
    ...base,
    model: "",
    provider: "",
    status: 502,
    totalCostUsd: 0.0001,
    baselineCostUsd: 0,
    overheadMs: 5,
    attempts: [attempt(0, P1, false, 100), attempt(1, P2, false, 300)],
  }),
);
const shadow = makeRecord({
  ...base,
  model: MODEL,
  provider: P1,
  totalCostUsd: 9,
  shadowOf: served[0].id,
  attempts: [],
});
const old = makeRecord({ ...base, ts: Date.now() - 100 * 86_400_000, model: MODEL, provider: P1, totalCostUsd: 7 });

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await env.DB.prepare(sql).all<Record<string, unknown>>()).results;
}

beforeAll(async () => {
  await migrate();
  await insertRecords(env.DB, [...served, ...failedOver, ...failed, shadow, old]);
  const fb = env.DB.prepare(
    "INSERT INTO feedback (request_id, client_id, quality_score, needed_correction, correction_cost_usd, created_at) VALUES (?, 'client-a', ?, ?, ?, 0)",
  );
  const rated = [...served.slice(0, 6), ...failedOver.slice(0, 2)];
  await env.DB.batch(rated.map((r, i) => fb.bind(r.id, i < 2 ? 0.5 : 1, i < 2 ? 1 : 0, i < 2 ? 1.5 : null)));
  await env.DB.prepare(
    "INSERT INTO config_versions (version, pushed_at, pushed_by, note) VALUES (?, ?, 'ops@example.com', 'haiku for extraction')",
  )
    .bind(VERSION, yesterday - 1000)
    .run();
});

describe("audits/*.sql", () => {
  it("cost-quality: cost per request, savings, correction rate and cost per useful output", async () => {
    const all = await rows(costQuality);
    const byRule = all.find((r) => r.dimension === "rule" && r.value === RULE);
    const total = 10 * 0.001 + 4 * 0.002 + 2 * 0.0001;
    const useful = 14 * (1 - 2 / 8);
    expect(byRule).toMatchObject({
      requests: 16,
      served: 14,
      feedback: 8,
      correction_rate: 0.25,
      quality: 0.875,
      correction_cost_usd: 3,
    });
    expect(byRule!.error_rate).toBeCloseTo(2 / 16, 4);
    expect(byRule!.total_cost_usd).toBeCloseTo(total, 6);
    expect(byRule!.cost_per_request).toBeCloseTo(0.018 / 14, 8);
    expect(byRule!.savings_usd).toBeCloseTo(0.14 - total, 6);
    expect(byRule!.savings_pct).toBeCloseTo((0.14 - total) / 0.14, 4);
    expect(byRule!.cost_per_useful_output).toBeCloseTo(total / useful, 8);
    expect(all.find((r) => r.dimension === "category" && r.value === CATEGORY)).toMatchObject({
      requests: 16,
      served: 14,
    });
    expect(all.find((r) => r.dimension === "model" && r.value === MODEL)).toMatchObject({
      requests: 14,
      served: 14,
      feedback: 8,
    });
  });

  it("savings: per config version, shadows and old rows excluded", async () => {
    const row = (await rows(savings)).find((r) => r.config_version === VERSION);
    expect(row).toMatchObject({ requests: 16 });
    expect(row!.baseline_usd).toBeCloseTo(0.14, 6);
    expect(row!.paid_usd).toBeCloseTo(0.0182, 6);
  });

  it("providers: error rate, latency percentiles and failover rate", async () => {
    const all = await rows(providers);
    // P1 latencies: 1..10 ms and six 100s; the nearest-rank p50 is the 8th of 16 values.
    const p1 = all.find((r) => r.provider === P1);
    const p2 = all.find((r) => r.provider === P2);
    expect(p1).toMatchObject({
      attempts: 16,
      primary_requests: 16,
      failed_over_away: 4,
      failed: 2,
      p50_ms: 8,
      p90_ms: 100,
      p99_ms: 100,
    });
    expect(p1!.error_rate).toBeCloseTo(6 / 16, 4);
    expect(p1!.failover_rate).toBeCloseTo(4 / 16, 4);
    expect(p2).toMatchObject({ attempts: 6, primary_requests: 0, p50_ms: 200, p90_ms: 300 });
  });

  it("overhead: nearest-rank percentiles per rule", async () => {
    // Overheads 1..10, 5, 5, and four 50s: sorted, the 8th of 16 is 6.
    const row = (await rows(overhead)).find((r) => r.rule === RULE);
    expect(row).toMatchObject({ requests: 16, overhead_p50_ms: 6, overhead_p90_ms: 50, overhead_p99_ms: 50 });
  });

  it("quarterly: destinations without validation are flagged, validated ones compared", async () => {
    const before = (await rows(quarterly)).find((r) => r.rule === RULE);
    expect(before).toMatchObject({
      destination: MODEL,
      requests: 14,
      review: "no validation on record",
      validated_quality: null,
    });
    await env.DB.prepare(
      `INSERT INTO evaluations (dataset, date, category, model, premium_model, sample_size, quality, premium_quality, gap, recommendation, created_at)
       VALUES ('support-50', '2026-10-01', ?1, ?2, 'gpt-4o', 50, 0.96, 0.98, 0.02, 'route', 0)`,
    )
      .bind(CATEGORY, MODEL)
      .run();
    const after = (await rows(quarterly)).find((r) => r.rule === RULE);
    expect(after).toMatchObject({ validated_quality: 0.96, validation_n: 50, validated_on: "2026-10-01", review: "" });
  });

  it("config-versions: pushes in the window with the traffic they served", async () => {
    const row = (await rows(configVersions)).find((r) => r.version === VERSION);
    expect(row).toMatchObject({ pushed_by: "ops@example.com", requests: 16, note: "haiku for extraction" });
  });
});
