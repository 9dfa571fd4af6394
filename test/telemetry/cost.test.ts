import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { costOf } from "../../src/core/catalog";
import { baselineCostOf, recordCosts } from "../../src/telemetry/cost";
import type { ModelEntry, Price } from "../../src/config/schema";

const gpt4o: Price = { input: 2.5, cachedInput: 1.25, output: 10, asOf: "2026-11-01" };
const mini: Price = { input: 0.15, cachedInput: 0.075, output: 0.6, asOf: "2026-11-01" };
const noCacheDiscount: Price = { input: 3, output: 15, asOf: "2026-11-01" };

const model = (id: string, price: Price, aliases: string[] = []): ModelEntry => ({
  id,
  provider: "openai",
  upstream: id,
  tier: "economy",
  price,
  contextWindow: 128_000,
  capabilities: { tools: true, images: false, jsonSchema: false },
  aliases,
});
const config = { baselineModel: "gpt-4o", models: [model("gpt-4o", gpt4o), model("gpt-4o-mini", mini, ["mini"])] };
const usage = (inputTokens: number, cachedInputTokens: number, outputTokens: number) => ({
  inputTokens,
  cachedInputTokens,
  outputTokens,
});

describe("costOf", () => {
  it("bills uncached input, cached input and output per 1M tokens", () => {
    expect(costOf(mini, usage(1200, 200, 80))).toBeCloseTo(0.000213, 12);
    expect(costOf(gpt4o, usage(1200, 200, 80))).toBeCloseTo(0.00355, 12);
    expect(costOf(gpt4o, usage(1_000_000, 0, 1_000_000))).toBeCloseTo(12.5, 9);
    expect(costOf(gpt4o, usage(1_000_000, 1_000_000, 0))).toBeCloseTo(1.25, 9);
  });

  it("bills cached tokens at the input price when the model has no cached price", () => {
    expect(costOf(noCacheDiscount, usage(1000, 600, 100))).toBeCloseTo((1000 * 3 + 100 * 15) / 1e6, 12);
  });

  it("never counts more cached tokens than input tokens, nor negative counts", () => {
    expect(costOf(gpt4o, usage(100, 500, 0))).toBeCloseTo((100 * 1.25) / 1e6, 12);
    expect(costOf(gpt4o, usage(-5, -1, -3))).toBe(0);
  });

  it("adds up to the cent over a day of traffic", () => {
    let total = 0;
    for (let i = 0; i < 10_000; i++) total += costOf(mini, usage(1200, 200, 80));
    expect(total).toBeCloseTo(2.13, 9);
    expect(Math.round(total * 100)).toBe(213);
  });

  it("is additive in the token counts and never rewards cache misses", () => {
    const counts = fc.nat({ max: 2_000_000 });
    fc.assert(
      fc.property(counts, counts, counts, counts, (a, b, out1, out2) => {
        const u1 = usage(a, Math.floor(a / 3), out1);
        const u2 = usage(b, Math.floor(b / 2), out2);
        const sum = usage(a + b, u1.cachedInputTokens + u2.cachedInputTokens, out1 + out2);
        expect(costOf(gpt4o, sum)).toBeCloseTo(costOf(gpt4o, u1) + costOf(gpt4o, u2), 9);
        expect(costOf(gpt4o, usage(a, a, out1))).toBeLessThanOrEqual(costOf(gpt4o, usage(a, 0, out1)));
      }),
    );
  });
});

describe("baseline and record costs", () => {
  it("prices the same tokens at the baseline model", () => {
    expect(baselineCostOf(config, usage(1200, 200, 80))).toBeCloseTo(0.00355, 12);
    expect(baselineCostOf({ ...config, baselineModel: "missing" }, usage(1200, 200, 80))).toBe(0);
  });

  it("adds the classifier's cost to the total and resolves aliases", () => {
    const costs = recordCosts(config, "mini", usage(1200, 200, 80), 0.00002);
    expect(costs.costUsd).toBeCloseTo(0.000213, 12);
    expect(costs.baselineCostUsd).toBeCloseTo(0.00355, 12);
    expect(costs.classifierCostUsd).toBe(0.00002);
    expect(costs.totalCostUsd).toBeCloseTo(0.000233, 12);
  });

  it("costs nothing upstream when nothing was served, but keeps the classifier's cost", () => {
    expect(recordCosts(config, "", usage(0, 0, 0), 0.00001)).toEqual({
      costUsd: 0,
      baselineCostUsd: 0,
      classifierCostUsd: 0.00001,
      totalCostUsd: 0.00001,
    });
  });
});
