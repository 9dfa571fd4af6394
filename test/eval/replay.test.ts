import { describe, expect, it } from "vitest";
import { replay, routerScores, summarize } from "../../eval/replay";
import { sweep } from "../../eval/curve";
import { activeOf, row, testConfig } from "./helpers";

const LONG = `Please handle this easy request. ${"The quarterly figures are attached for reference. ".repeat(40)}`;

/**
 * Eight rows, worked by hand. Prices: cheap-m $1/$2, prem-m $10/$20 per 1M tokens; every outcome
 * has 100 input + 100 output tokens, so a cheap answer costs $0.0003 and a premium one $0.003.
 *
 * | row | tag  | cheap | premium | rule        | routed to         | score | premium call |
 * | e1  | easy | 1     | 1       | easy-cheap  | cheap-m           | 1     | no           |
 * | e2  | easy | 0     | 1       | easy-cheap  | cheap-m           | 0     | no           |
 * | e3  | easy | 0     | 1       | long (>200) | prem-m            | 1     | yes          |
 * | h1  | hard | 0     | 1       | default     | prem-m            | 1     | yes          |
 * | h2  | hard | 1     | 0       | default     | prem-m            | 0     | yes          |
 * | h3  | hard | 0.5   | 1       | default     | prem-m            | 1     | yes          |
 * | m1  | mid  | 1     | 1       | mid-route   | mid-m → cheap (tier) | 1  | no           |
 * | m2  | mid  | 0     | 0       | mid-route   | mid-m → cheap (tier) | 0  | no           |
 *
 * Q_cheap = (1+0+0+0+1+0.5+1+0)/8 = 3.5/8 = 0.4375; Q_premium = 6/8 = 0.75; Q_router = 5/8 = 0.625
 * premium calls 4/8 = 0.5; PGR = (0.625 − 0.4375)/(0.75 − 0.4375) = 0.1875/0.3125 = 0.6
 * quality kept = 0.625/0.75 = 0.8333…; cost = 4 × 0.003 + 4 × 0.0003 = 0.0132 of 8 × 0.003 = 0.024,
 * so cost saved = 1 − 0.55 = 0.45.
 */
const ROWS = [
  row("e1", "easy", 1, 1),
  row("e2", "easy", 0, 1),
  row("e3", "easy", 0, 1, LONG),
  row("h1", "hard", 0, 1),
  row("h2", "hard", 1, 0),
  row("h3", "hard", 0.5, 1),
  row("m1", "mid", 1, 1),
  row("m2", "mid", 0, 0),
];

describe("replay through decide()", () => {
  it("matches the hand-computed decisions and metrics", async () => {
    const { decisions, summary, index } = await replay(activeOf(testConfig()), ROWS);
    expect(index).toMatchObject({ cheap: "cheap-m", premium: "prem-m" });
    expect(decisions.map((d) => [d.id, d.rule, d.model, d.outcome, d.byTier])).toEqual([
      ["e1", "easy-cheap", "cheap-m", "cheap-m", false],
      ["e2", "easy-cheap", "cheap-m", "cheap-m", false],
      ["e3", "long", "prem-m", "prem-m", false],
      ["h1", "default", "prem-m", "prem-m", false],
      ["h2", "default", "prem-m", "prem-m", false],
      ["h3", "default", "prem-m", "prem-m", false],
      ["m1", "mid-route", "mid-m", "cheap-m", true],
      ["m2", "mid-route", "mid-m", "cheap-m", true],
    ]);
    expect(summary.n).toBe(8);
    expect(summary.qualityCheap).toBeCloseTo(0.4375, 12);
    expect(summary.qualityPremium).toBeCloseTo(0.75, 12);
    expect(summary.quality).toBeCloseTo(0.625, 12);
    expect(summary.premiumShare).toBe(0.5);
    expect(summary.pgr).toBeCloseTo(0.6, 12);
    expect(summary.qualityKept).toBeCloseTo(0.625 / 0.75, 12);
    expect(summary.cost).toBeCloseTo(0.0132, 12);
    expect(summary.costPremium).toBeCloseTo(0.024, 12);
    expect(summary.costSaved).toBeCloseTo(0.45, 12);
  });

  it("the tag is the explicit task; without tags the rule-based pass classifies from the text", async () => {
    const active = activeOf(testConfig());
    const rows = [
      row("a", "hard", 1, 1, "This one is easy, an easy job."),
      row("b", "easy", 1, 1, "Nothing to see here."),
    ];
    const tagged = await replay(active, rows);
    expect(tagged.decisions.map((d) => [d.category, d.categorySource, d.rule])).toEqual([
      ["hard", "tag", "default"],
      ["easy", "tag", "easy-cheap"],
    ]);
    const classified = await replay(active, rows, { useTags: false });
    expect(classified.decisions.map((d) => [d.category, d.categorySource, d.rule])).toEqual([
      ["easy", "pattern", "easy-cheap"],
      ["unknown", "none", "default"],
    ]);
  });

  it("per-group summaries add up to the whole", async () => {
    const { decisions } = await replay(activeOf(testConfig()), ROWS);
    const easy = summarize(decisions.filter((d) => d.tag === "easy"));
    expect(easy.quality).toBeCloseTo(2 / 3, 12);
    expect(easy.premiumShare).toBeCloseTo(1 / 3, 12);
  });

  it("sweeps a validated-gap score: undocumented rules go to premium first", async () => {
    const cfg = testConfig();
    cfg.rules[1].validation = {
      dataset: "d",
      date: "2026-11-01",
      sampleSize: 30,
      quality: { "cheap-m": 0.9, "prem-m": 0.95 },
      gap: 0.05,
    };
    cfg.rules[2].validation = {
      dataset: "d",
      date: "2026-11-01",
      sampleSize: 30,
      quality: { "cheap-m": 0.9, "prem-m": 0.9 },
      gap: 0,
    };
    const { decisions } = await replay(activeOf(cfg), ROWS);
    const scores = routerScores(decisions, "gap");
    expect(scores).toEqual([0.05, 0.05, Infinity, Infinity, Infinity, Infinity, 0, 0]);
    // Premium first: e3,h1,h2,h3 (gain 1+1−1+0.5 = 1.5), then e1,e2 (gain 0+1), then m1,m2 (0).
    const curve = sweep(
      decisions.map((d) => d.paired),
      scores,
    );
    expect(curve.points.map((p) => [p.premiumShare, p.quality])).toEqual([
      [0, 0.4375],
      [0.5, (3.5 + 1.5) / 8],
      [0.75, 6 / 8],
      [1, 6 / 8],
    ]);
  });

  it("refuses outcome models the catalog cannot price when prices are required", async () => {
    const r = row("x", "easy", 1, 1);
    r.outcomes["other-m"] = { score: 1, in_tokens: 1, out_tokens: 1 };
    await expect(replay(activeOf(testConfig()), [r], { requirePrices: true })).rejects.toThrow(
      /'other-m' not in the config's catalog/,
    );
  });
});
