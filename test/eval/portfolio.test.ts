import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Features } from "../../src/classify/types";
import { calibrate, type CalibRow } from "../../eval/calibrate";
import { crossValidate } from "../../eval/crossval";
import { sliceStats, verdict } from "../../eval/guard";
import { choosePortfolio, totalOf } from "../../eval/portfolio";
import { fitPrior, shrink } from "../../eval/shrink";
import { oneSidedZ } from "../../eval/stats";

const FEATURES: Features = {
  inputTokens: 50,
  messageCount: 1,
  turnCount: 1,
  lastUserChars: 200,
  language: "en",
  script: "Latin",
  hasCode: false,
  hasJson: false,
  hasTable: false,
  hasUrl: false,
  hasTools: false,
  hasImages: false,
  responseFormat: "text",
  complexity: 0.1,
};

/** `n` pass/fail rows of a category: `up` where only premium passes, `down` where only cheap does. */
function category(name: string, n: number, up: number, down: number, premiumCost = 0.002): CalibRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${name}-${i}`,
    category: name,
    features: FEATURES,
    cheapScore: i < up ? 0 : 1,
    premiumScore: i >= up && i < up + down ? 0 : 1,
    cheapCost: 0.0001,
    premiumCost,
  }));
}

const categoryArb = fc.record({
  n: fc.integer({ min: 5, max: 80 }),
  upShare: fc.double({ min: 0, max: 0.4, noNaN: true }),
  downShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
  cost: fc.double({ min: 0.0005, max: 0.01, noNaN: true }),
  traffic: fc.integer({ min: 1, max: 5000 }),
});
const datasetArb = fc.array(categoryArb, { minLength: 1, maxLength: 8 });

type Spec = { n: number; upShare: number; downShare: number; cost: number; traffic: number }[];

function build(spec: Spec) {
  const rows: CalibRow[] = [];
  const traffic: Record<string, number> = {};
  spec.forEach((c, i) => {
    const up = Math.floor(c.upShare * c.n);
    const down = Math.min(c.n - up, Math.floor(c.downShare * c.n));
    rows.push(...category(`c${i}`, c.n, up, down, c.cost));
    traffic[`c${i}`] = c.traffic;
  });
  return { rows, traffic };
}

describe("the guard (property)", () => {
  it("never routes a slice whose upper bound exceeds its budget, unless its own bound is below zero", () => {
    fc.assert(
      fc.property(datasetArb, fc.constantFrom(0.01, 0.03, 0.08), (spec, maxLoss) => {
        const { rows } = build(spec);
        const plan = calibrate(rows, { target: { maxQualityLoss: maxLoss }, minSamples: 10, slices: false });
        for (const c of plan.categories) {
          if (c.decision === "premium") continue;
          expect(c.stats.n).toBeGreaterThanOrEqual(10);
          expect(c.stats.upper <= maxLoss + 1e-12 || c.stats.rawUpper < 0).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("always lets a slice whose own upper bound is below zero qualify, in both modes", () => {
    fc.assert(
      fc.property(datasetArb, fc.integer({ min: 40, max: 120 }), (spec, n) => {
        const { rows, traffic } = build(spec);
        // A category where the cheap model is right far more often: its own upper bound is below 0.
        rows.push(...category("better", n, 0, Math.ceil(n * 0.3)));
        traffic.better = 100;
        const stats = sliceStats(rows.filter((r) => r.category === "better"));
        expect(stats.rawUpper).toBeLessThan(0);
        for (const target of [{ maxQualityLoss: 0 }, { minQualityKept: 0.999 }]) {
          const plan = calibrate(rows, { target, minSamples: 30, traffic, slices: false });
          expect(plan.categories.find((c) => c.category === "better")!.decision).toBe("cheap");
        }
      }),
      { numRuns: 100 },
    );
  });

  it("a wide interval entirely below zero is evidence for the cheap model (issue 12: gap -0.24 ± 0.13 at n=50)", () => {
    const s = sliceStats(category("hs-math", 50, 2, 14));
    expect(s.gap.mean).toBeCloseTo(-0.24, 10);
    expect(verdict(s, { maxLoss: 0.02, minSamples: 30, confidence: 0.95 }).status).toBe("route");
  });
});

describe("the traffic portfolio (property)", () => {
  it("the chosen set's loss bound, recomputed from the stats and weights, fits (1 − Q) of premium quality", () => {
    fc.assert(
      fc.property(datasetArb, fc.constantFrom(0.9, 0.95, 0.99), (spec, q) => {
        const { rows, traffic } = build(spec);
        const plan = calibrate(rows, { target: { minQualityKept: q }, minSamples: 5, traffic, slices: false });
        const z = oneSidedZ(0.95);
        let loss = 0;
        let variance = 0;
        let premium = 0;
        for (const c of plan.categories) {
          const w = traffic[c.category];
          premium += w * c.stats.premium.mean;
          if (c.decision !== "cheap") continue;
          loss += w * c.stats.posterior.mean;
          variance += w * w * c.stats.posterior.variance + w * c.stats.spread.rowVariance;
        }
        const forcedCredit = plan.categories.some((c) => c.decision === "cheap" && c.stats.rawUpper < 0);
        if (!forcedCredit) expect(loss + z * Math.sqrt(variance)).toBeLessThanOrEqual((1 - q) * premium + 1e-9);
        expect(plan.predicted.qualityKept).toBeCloseTo(premium > 0 ? 1 - loss / premium : 1, 9);
      }),
      { numRuns: 200 },
    );
  });

  it("weights change the choice the way the arithmetic says: the same category goes cheap at a small share of traffic, not at a large one", () => {
    // "risky": gap 0.1 on 60 examples; "safe": gap 0 on 60. Budget 3 % of quality.
    const rows = [...category("risky", 60, 6, 0), ...category("safe", 60, 0, 0), ...category("other", 60, 3, 0)];
    const small = calibrate(rows, {
      target: { minQualityKept: 0.97 },
      traffic: { risky: 50, safe: 5000, other: 5000 },
      slices: false,
      shrink: false,
    });
    const large = calibrate(rows, {
      target: { minQualityKept: 0.97 },
      traffic: { risky: 5000, safe: 500, other: 500 },
      slices: false,
      shrink: false,
    });
    const decision = (p: typeof small, c: string) => p.categories.find((x) => x.category === c)!.decision;
    expect(decision(small, "risky")).toBe("cheap");
    expect(decision(large, "risky")).toBe("premium");
    expect(decision(large, "safe")).toBe("cheap");
  });

  it("is deterministic for a given input, cross-validation included", () => {
    fc.assert(
      fc.property(datasetArb, (spec) => {
        const { rows, traffic } = build(spec);
        const opts = { target: { minQualityKept: 0.95 }, traffic, minSamples: 5 } as const;
        const a = calibrate(rows, opts);
        const b = calibrate([...rows], opts);
        const view = (p: typeof a) => p.categories.map((c) => [c.category, c.decision, c.stats.upper, c.reason]);
        expect(view(b)).toEqual(view(a));
        expect(b.predicted).toEqual(a.predicted);
        expect(crossValidate(rows, opts, a, { repeats: 2 })).toEqual(crossValidate(rows, opts, b, { repeats: 2 }));
      }),
      { numRuns: 30 },
    );
  });

  it("choosePortfolio: the bound holds and no left-out choice would still fit", () => {
    const choiceArb = fc.record({
      saving: fc.double({ min: 0, max: 100, noNaN: true }),
      loss: fc.double({ min: -5, max: 20, noNaN: true }),
      lossVariance: fc.double({ min: 0, max: 50, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(choiceArb, { minLength: 1, maxLength: 10 }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (choices, budget) => {
          const groups = choices.map((c) => [{ saving: 0, loss: 0, lossVariance: 0 }, c]);
          const picks = choosePortfolio(groups, budget, 1.645);
          expect(totalOf(groups, picks, 1.645).upper).toBeLessThanOrEqual(budget + 1e-9);
          picks.forEach((p, i) => {
            if (p !== 0 || groups[i][1].saving <= 0) return;
            const more = [...picks];
            more[i] = 1;
            expect(totalOf(groups, more, 1.645).upper).toBeGreaterThan(budget - 1e-9);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("shrinkage", () => {
  it("pulls a noisy estimate further toward the others than a precise one", () => {
    const prior = fitPrior([
      { mean: 0.1, se2: 0.002 },
      { mean: 0.05, se2: 0.002 },
      { mean: 0.2, se2: 0.002 },
      { mean: 0.12, se2: 0.002 },
    ])!;
    const noisy = shrink({ mean: -0.1, se2: 0.02 }, prior);
    const precise = shrink({ mean: -0.1, se2: 0.0005 }, prior);
    expect(noisy.mean).toBeGreaterThan(precise.mean);
    expect(precise.mean).toBeGreaterThan(-0.1);
    expect(fitPrior([{ mean: 0, se2: 1 }])).toBeUndefined();
  });
});
