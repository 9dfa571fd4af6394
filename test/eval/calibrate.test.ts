import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Features } from "../../src/classify/types";
import { calibrate, calibRows, type CalibRow } from "../../eval/calibrate";
import { calibratedConfig } from "../../eval/calibrate-config";
import type { ReplayRow } from "../../eval/dataset";
import { outcomeIndex } from "../../eval/outcomes";
import { groupBy, replay } from "../../eval/replay";
import { mean } from "../../eval/stats";
import { validateConfig } from "../../src/rules/validate";
import { activeOf, row, testConfig } from "./helpers";

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

function rows(category: string, pairs: [number, number][], features: Partial<Features> = {}): CalibRow[] {
  return pairs.map(([c, p], i) => ({
    id: `${category}-${i}`,
    category,
    features: { ...FEATURES, ...features },
    cheapScore: c,
    premiumScore: p,
    cheapCost: 0.0001,
    premiumCost: 0.002,
  }));
}
const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

describe("calibration guard: a cheap model outside the threshold never gets a category", () => {
  const data = [
    // 60 pass/fail examples, the cheap model fails 6 more: gap 0.1, far above 0.02.
    ...rows(
      "worse",
      times(60, (i) => [i < 6 ? 0 : 1, 1]),
    ),
    // identical outcomes, but only 12 examples.
    ...rows(
      "few",
      times(12, () => [1, 1]),
    ),
    // mean gap 0, but graded noise of ±0.3: the upper bound is far above 0.02.
    ...rows(
      "noisy",
      times(40, (i) => [i % 2 ? 0.2 : 0.8, 0.5]),
    ),
    // 100 examples, equal outcomes: the only safe route.
    ...rows(
      "fine",
      times(100, () => [1, 1]),
    ),
  ];
  const plan = calibrate(data, { target: { maxQualityLoss: 0.02 }, minSamples: 30, slices: false });
  const by = Object.fromEntries(plan.categories.map((c) => [c.category, c]));

  it("routes only the category whose gap's upper bound is within the threshold", () => {
    expect(by.fine.decision).toBe("cheap");
    expect(by.fine.stats.upper).toBeLessThanOrEqual(0.02);
    expect(by.worse.decision).toBe("premium");
    expect(by.few.decision).toBe("premium");
    expect(by.noisy.decision).toBe("premium");
  });

  it("says why each one stayed premium", () => {
    expect(by.worse.verdict.status).toBe("keep-premium");
    expect(by.worse.reason).toMatch(/gap 0\.100 \(shrunk 0\.\d+, upper bound 0\.\d+\) above the 0\.020 budget/);
    expect(by.few.verdict.status).toBe("too-few");
    expect(by.few.reason).toMatch(/only 12 examples \(minimum 30\)/);
    expect(by.noisy.verdict.status).toBe("keep-premium");
    expect(by.noisy.reason).toMatch(/gap 0\.000 .*upper bound 0\.\d+\) above the 0\.020 budget/);
  });

  it("the old width guard is still there when asked for", () => {
    const wide = calibrate(data, {
      target: { maxQualityLoss: 0.5 },
      minSamples: 30,
      maxCiHalfWidth: 0.05,
      slices: false,
    });
    const noisy = wide.categories.find((c) => c.category === "noisy")!;
    expect(noisy.verdict.status).toBe("ci-too-wide");
    expect(noisy.reason).toMatch(/interval wider than ± 0\.050/);
  });

  it("the written config routes exactly the guarded choice and documents every category", () => {
    const { doc } = calibratedConfig({
      base: testConfig(),
      plan,
      cheap: "cheap-m",
      premium: "prem-m",
      dataset: "t.jsonl",
      date: "2026-11-24",
    });
    expect(validateConfig(doc).ok).toBe(true);
    const cheapRules = doc.rules.filter((r) => r.route === "cheap");
    expect(cheapRules.map((r) => r.when)).toEqual([{ category: "fine" }]);
    for (const r of doc.rules) {
      expect(r.validation).toBeDefined();
      expect(r.description).toBeTruthy();
    }
    const worse = doc.rules.find((r) => r.id === "worse-premium")!;
    expect(worse.validation).toMatchObject({ sampleSize: 60, gap: 0.1, quality: { "cheap-m": 0.9, "prem-m": 1 } });
  });

  it("min-quality-kept spends the budget where it saves most, and keeps ≥ Q overall at the upper bound", () => {
    const kept = calibrate(data, { target: { minQualityKept: 0.9 }, minSamples: 30, slices: false });
    const decisions = Object.fromEntries(kept.categories.map((c) => [c.category, c.decision]));
    expect(decisions.few).toBe("premium");
    expect(decisions.fine).toBe("cheap");
    // Premium points: 60 + 12 + 40 × 0.5 + 100 = 192; the budget is 10 % of them. Whatever was
    // chosen, its total loss's upper bound fits the budget.
    expect(kept.predicted.qualityKeptLow).toBeGreaterThanOrEqual(0.9 - 1e-12);
    const strict = calibrate(data, { target: { minQualityKept: 0.99 }, minSamples: 30, slices: false });
    expect(strict.categories.find((c) => c.category === "worse")!.decision).toBe("premium");
    expect(strict.predicted.qualityKeptLow).toBeGreaterThanOrEqual(0.99 - 1e-12);
  });

  it("splits a category when only a slice fails (the 80/20 case)", () => {
    const split = [
      // 120 identical outcomes: enough for the easy part's interval (± 0.016) to fit the 0.02 budget.
      ...rows(
        "mixed",
        times(120, () => [1, 1]),
        { inputTokens: 100 },
      ),
      ...rows(
        "mixed",
        times(40, (i) => [i < 20 ? 0 : 1, 1]),
        { inputTokens: 3000 },
      ).map((r, i) => ({ ...r, id: `mixed-long-${i}` })),
    ];
    const p = calibrate(split, { target: { maxQualityLoss: 0.02 }, minSamples: 30 }).categories[0];
    expect(p.decision).toBe("split");
    expect(p.split!.slice.condition).toEqual({ inputTokens: { gt: 100 } });
    expect(p.split!.easy).toMatchObject({ n: 120 });
    expect(p.split!.hard.gap.mean).toBe(0.5);
  });
});

const WORDS = [
  "report",
  "figures",
  "please",
  "summarise",
  "quickly",
  "analysis",
  "customer",
  "invoice",
  "must",
  "each",
  "step",
];

/**
 * Random validation rows for the test config's models, texts of varied length: on "alpha" the cheap
 * model fails 1 time in 20, on "beta" mostly on long inputs, on "gamma" 2 times in 5.
 */
const datasetArb = fc.array(
  fc.record({
    category: fc.constantFrom("alpha", "beta", "gamma"),
    words: fc.integer({ min: 3, max: 400 }),
    seed: fc.nat(),
    premium: fc.constantFrom(0.5, 1),
    noise: fc.integer({ min: 0, max: 19 }),
  }),
  { minLength: 20, maxLength: 160 },
);

type Spec = { category: string; words: number; seed: number; premium: number; noise: number };

function cheapScore(s: Spec): number {
  const fails =
    s.category === "alpha" ? s.noise === 0 : s.category === "beta" ? s.words > 200 && s.noise < 15 : s.noise < 8;
  return fails ? 0 : s.premium;
}

function toRows(spec: Spec[]): ReplayRow[] {
  return spec.map((s, i) =>
    row(
      `r${i}`,
      s.category,
      cheapScore(s),
      s.premium,
      times(s.words, (k) => WORDS[(s.seed + k * 7) % WORDS.length]).join(" "),
    ),
  );
}

describe("calibration property: what the written config sends cheap is what was validated", () => {
  const base = testConfig({ categories: {}, rules: [] });

  it("every cheap rule's rows (replayed through decide) meet the guard, and the plan's numbers are the replay's", async () => {
    let cheapRules = 0;
    let splits = 0;
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.constantFrom(0.02, 0.05, 0.1),
        fc.integer({ min: 5, max: 30 }),
        async (spec, maxLoss, minSamples) => {
          const data = toRows(spec);
          const index = outcomeIndex(activeOf(base).config, data);
          const plan = calibrate(calibRows(index, data), {
            target: { maxQualityLoss: maxLoss },
            minSamples,
          });
          const { doc } = calibratedConfig({
            base,
            plan,
            cheap: "cheap-m",
            premium: "prem-m",
            dataset: "gen",
            date: "2026-11-24",
          });
          const result = await replay(activeOf(doc), data);
          for (const [rule, decisions] of groupBy(result.decisions, (d) => d.rule)) {
            if (decisions[0].model !== "cheap-m") continue;
            cheapRules++;
            const gaps = decisions.map((d) => d.paired.premiumScore - d.paired.cheapScore);
            const documented = doc.rules.find((r) => r.id === rule)!.validation!;
            expect(decisions.length).toBeGreaterThanOrEqual(minSamples);
            expect(documented.sampleSize).toBe(decisions.length);
            const routed = plan.categories.find((c) => c.category === decisions[0].tag)!;
            const stats = routed.decision === "split" ? routed.split!.easy : routed.stats;
            // The guard: the upper bound within the budget, or the cheap model measurably better.
            expect(stats.upper <= maxLoss + 1e-12 || stats.rawUpper < 0).toBe(true);
            // Documented to 4 decimals: off by at most half a unit of the last one (0.03125 → 0.0313).
            expect(Math.abs(documented.gap - mean(gaps))).toBeLessThanOrEqual(0.00005 + 1e-12);
          }
          expect(result.summary.premiumShare).toBeCloseTo(plan.expected.premiumShare, 12);
          expect(result.summary.qualityKept).toBeCloseTo(plan.expected.qualityKept, 12);
          splits += plan.categories.filter((c) => c.decision === "split").length;
        },
      ),
      { numRuns: 40 },
    );
    // The property is only worth something if the runs actually routed (and split) categories.
    expect(cheapRules).toBeGreaterThan(3);
    expect(splits).toBeGreaterThan(0);
  });
});
