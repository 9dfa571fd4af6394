import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { checkDrift, zScore, type WindowStats } from "../../eval/drift";
import { driftStatsSql, parseWindowStats } from "../../eval/drift-sql";
import { insertRecords } from "../../src/telemetry/store";
import { makeRecord, migrate, uniqueId } from "../telemetry/helpers";

/** Stats for n requests at `cost` each, with `fb` feedback rows of `quality` and `corrected` corrections. */
function stats(
  rule: string,
  n: number,
  cost: number,
  fb = 0,
  quality = 0.9,
  corrected = 0,
  unclassified = 0,
): WindowStats {
  return {
    rule,
    requests: n,
    served: n,
    avgCost: cost,
    avgCostSq: cost * cost * 1.1,
    feedback: fb,
    avgQuality: fb ? quality : null,
    avgQualitySq: fb ? quality * quality + 0.01 : null,
    corrected,
    unclassified,
  };
}

describe("checkDrift", () => {
  it("flags a breached monitoring threshold", () => {
    const [review] = checkDrift([stats("extract", 200, 0.002, 50, 0.7, 5)], [], {
      extract: { minQualityScore: 0.8, maxCostPerRequestUsd: 0.01 },
    });
    expect(review.needsReview).toBe(true);
    expect(review.findings).toEqual([
      expect.objectContaining({ metric: "quality_score", against: "threshold", recent: 0.7, reference: 0.8 }),
    ]);
    expect(review.notes).toContain("no baseline traffic: compared with thresholds only");
  });

  it("flags a material, significant worsening against the baseline", () => {
    const recent = [stats("classify", 1000, 0.001, 400, 0.9, 80)];
    const baseline = [stats("classify", 4000, 0.001, 1600, 0.9, 160)];
    const [review] = checkDrift(recent, baseline, {});
    expect(review.findings).toEqual([
      expect.objectContaining({ metric: "correction_rate", against: "baseline", recent: 0.2, reference: 0.1 }),
    ]);
    expect(review.findings[0].message).toMatch(/correction_rate 20\.0% vs baseline 10\.0% \(z=\d/);
  });

  it("ignores changes that are small or not significant", () => {
    const small = checkDrift([stats("a", 1000, 0.00105, 400, 0.89, 44)], [stats("a", 4000, 0.001, 1600, 0.9, 160)], {});
    expect(small[0].needsReview).toBe(false);
    const noisy = checkDrift([stats("b", 40, 0.001, 20, 0.9, 4)], [stats("b", 40, 0.001, 20, 0.9, 2)], {});
    expect(noisy[0].needsReview).toBe(false);
  });

  it("flags a new input type: more requests fit no category", () => {
    const [review] = checkDrift(
      [stats("default", 500, 0.01, 0, 0, 0, 150)],
      [stats("default", 2000, 0.01, 0, 0, 0, 100)],
      { default: { maxUnclassifiedShare: 0.2 } },
    );
    expect(review.findings.map((f) => [f.metric, f.against])).toEqual([
      ["unclassified_share", "threshold"],
      ["unclassified_share", "baseline"],
    ]);
  });

  it("flags a cost increase only past the materiality", () => {
    const up = checkDrift([stats("s", 500, 0.0013)], [stats("s", 500, 0.001)], {});
    expect(up[0].findings.map((f) => f.metric)).toEqual(["cost_per_request"]);
    const slight = checkDrift([stats("s", 500, 0.0012)], [stats("s", 500, 0.001)], {});
    expect(slight[0].needsReview).toBe(false);
  });

  it("does not judge windows with too little data, and says so", () => {
    const [review] = checkDrift([stats("tiny", 10, 1, 3, 0.1, 3)], [stats("tiny", 10, 0.001)], {
      tiny: { maxCostPerRequestUsd: 0.01 },
    });
    expect(review.needsReview).toBe(false);
    expect(review.notes).toEqual(
      expect.arrayContaining([
        "cost_per_request: 10 of 30 needed in the recent window",
        "quality_score: 3 of 20 needed in the recent window",
      ]),
    );
  });

  it("lists rules needing review first and notes rules that lost their traffic", () => {
    const reviews = checkDrift([stats("b", 100, 0.001), stats("a", 100, 0.5)], [stats("gone", 100, 0.001)], {
      a: { maxCostPerRequestUsd: 0.1 },
    });
    expect(reviews.map((r) => [r.rule, r.needsReview])).toEqual([
      ["a", true],
      ["b", false],
      ["gone", false],
    ]);
    expect(reviews[2].notes[0]).toMatch(/no traffic in the recent window/);
  });

  it("computes z-scores, with zero variance as certain", () => {
    expect(zScore(0.2, 0.16, 400, 0.1, 0.09, 1600)).toBeCloseTo(4.682, 3);
    expect(zScore(1, 0, 10, 0, 0, 10)).toBe(Infinity);
    expect(zScore(1, 0, 10, 1, 0, 10)).toBe(0);
  });
});

describe("driftStatsSql on D1", () => {
  beforeAll(() => migrate());

  it("aggregates a window per rule and feeds checkDrift", async () => {
    const rule = uniqueId("drift-rule");
    const base = Date.UTC(2020, 0, 1);
    const day = 86_400_000;
    const baseline = Array.from({ length: 100 }, (_, i) =>
      makeRecord({ rule, ts: base + i * 1000, totalCostUsd: 0.001 }),
    );
    const recent = Array.from({ length: 100 }, (_, i) =>
      makeRecord({
        rule,
        ts: base + 30 * day + i * 1000,
        totalCostUsd: 0.002,
        category: i < 30 ? "unknown" : "classification",
        classifierConfidence: i >= 90 ? 0.4 : undefined,
      }),
    );
    const shadow = makeRecord({ rule, ts: base + 30 * day, totalCostUsd: 5, shadowOf: recent[0].id });
    const failed = makeRecord({ rule, ts: base + 30 * day, status: 502, totalCostUsd: 0, model: "", provider: "" });
    await insertRecords(env.DB, [...baseline, ...recent, shadow, failed]);
    const fb = env.DB.prepare(
      "INSERT INTO feedback (request_id, client_id, quality_score, needed_correction, created_at) VALUES (?, 'client-a', ?, ?, 0)",
    );
    await env.DB.batch([
      ...baseline.slice(0, 40).map((r, i) => fb.bind(r.id, 0.9, i < 4 ? 1 : 0)),
      ...recent.slice(0, 40).map((r, i) => fb.bind(r.id, 0.6, i < 20 ? 1 : 0)),
    ]);

    const query = async (fromMs: number, toMs: number) =>
      parseWindowStats(
        (await env.DB.prepare(driftStatsSql({ fromMs, toMs, lowConfidence: 0.6 })).all()).results,
      ).filter((s) => s.rule === rule);
    const [r] = await query(base + 29 * day, base + 31 * day);
    const [b] = await query(base, base + 29 * day);
    expect(r).toMatchObject({ requests: 101, served: 100, feedback: 40, corrected: 20, unclassified: 40 });
    expect(r.avgCost).toBeCloseTo(0.002, 12);
    expect(r.avgQuality).toBeCloseTo(0.6, 12);
    expect(b).toMatchObject({ requests: 100, served: 100, feedback: 40, corrected: 4, unclassified: 0 });

    const [review] = checkDrift([r], [b], { [rule]: { maxCorrectionRate: 0.2 } });
    expect(review.findings.map((f) => `${f.metric}/${f.against}`).sort()).toEqual([
      "correction_rate/baseline",
      "correction_rate/threshold",
      "cost_per_request/baseline",
      "quality_score/baseline",
      "unclassified_share/baseline",
    ]);
  });

  it("refuses non-integer window bounds", () => {
    expect(() => driftStatsSql({ fromMs: 1.5, toMs: 2, lowConfidence: 0.5 })).toThrow(/integer/);
    expect(() => driftStatsSql({ fromMs: 1, toMs: 2, lowConfidence: Number.NaN })).toThrow(/lowConfidence/);
  });
});
