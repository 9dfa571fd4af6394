import { describe, expect, it } from "vitest";
import { resolveModelName } from "../../src/rules/compile";
import { evaluate } from "../../src/rules/evaluate";
import { splitBucket } from "../../src/rules/split";
import type { Decision, EvaluationResult } from "../../src/rules/types";
import { compiled, ctx } from "./helpers";

function decided(r: EvaluationResult): Decision {
  if (r.kind !== "decided") throw new Error(`expected a decision, got ${JSON.stringify(r)}`);
  return r.decision;
}
const models = (d: Decision) => d.targets.map((t) => t.model);

describe("rules in order", () => {
  const c = compiled({
    rules: [
      { id: "off", when: { hasCode: true }, route: "economy", enabled: false },
      { id: "long", when: { inputTokens: { gt: 4000 } }, route: "premium" },
      { id: "extract", when: { all: [{ category: "extraction" }, { inputTokens: { lte: 2000 } }] }, route: "economy" },
      { id: "code", when: { hasCode: true }, route: "economy" },
    ],
  });

  it("first match wins; rules that need no category decide without it", () => {
    const d = decided(evaluate(c, ctx({}, { inputTokens: 9000, hasCode: true })));
    expect(d).toMatchObject({ rule: "long", route: "premium", reason: "inputTokens=9000 > 4000" });
    expect(models(d)).toEqual(["big-a", "big-b"]);
  });

  it("stops with needsCategory at the first rule that cannot be decided without it", () => {
    expect(evaluate(c, ctx({}, { inputTokens: 800, hasCode: true }))).toEqual({
      kind: "needsCategory",
      ruleId: "extract",
    });
  });

  it("a category rule decided false without the category does not stop evaluation", () => {
    expect(decided(evaluate(c, ctx({}, { inputTokens: 3000, hasCode: true }))).rule).toBe("code");
  });

  it("with the category set, decides and explains", () => {
    const d = decided(evaluate(c, ctx({ category: "extraction", categorySource: "model" }, { inputTokens: 812 })));
    expect(d).toMatchObject({
      rule: "extract",
      route: "economy",
      reason: "category=extraction (classifier) ∧ inputTokens=812 ≤ 2000",
    });
    expect(d.targets).toEqual([
      { model: "small-a", provider: "pa", role: "primary" },
      { model: "small-b", provider: "pb", role: "fallback" },
    ]);
  });

  it("disabled rules are skipped; the default comes last", () => {
    const d = decided(evaluate(c, ctx({ category: "analysis" }, { inputTokens: 3000 })));
    expect(d).toMatchObject({ rule: "default", route: "premium", reason: "no rule matched" });
  });

  it("routeConfig merges the config-wide deadlines and retry under the route's own", () => {
    const withDeadlines = compiled({
      resilience: { deadlines: { firstByteMs: 15000, totalMs: 60000 }, retry: { maxRetries: 2 } },
      routes: {
        economy: { model: "small-a", fallbacks: ["small-b"], deadlines: { firstByteMs: 5000 } },
        premium: { model: "big-a", fallbacks: ["big-b"] },
      },
      default: { route: "economy" },
    });
    const d = decided(evaluate(withDeadlines, ctx()));
    expect(d.routeConfig.deadlines).toEqual({ firstByteMs: 5000, totalMs: 60000 });
    expect(d.routeConfig.retry).toEqual({ maxRetries: 2 });
  });
});

describe("explicit-model policy", () => {
  const rules = [{ id: "all-economy", when: { not: { hasImages: true } }, route: "economy" }];

  it("honor: a catalog id or alias gets exactly that model", () => {
    const c = compiled({ rules });
    const d = decided(evaluate(c, ctx({ requestedModel: "small-a-2024" })));
    expect(d).toMatchObject({ rule: "explicit-model", route: "explicit" });
    expect(d.targets).toEqual([{ model: "small-a", provider: "pa", role: "primary" }]);
    expect(d.reason).toContain("alias small-a-2024");
  });

  it("allowlist: listed models are honoured, others routed by the rules", () => {
    const c = compiled({ rules, policy: { explicitModels: "allowlist", allowModels: ["big-b"] } });
    expect(models(decided(evaluate(c, ctx({ requestedModel: "big-b" }))))).toEqual(["big-b"]);
    expect(decided(evaluate(c, ctx({ requestedModel: "big-a" }))).rule).toBe("all-economy");
  });

  it("route: every request goes through the rules", () => {
    const c = compiled({ rules, policy: { explicitModels: "route" } });
    expect(decided(evaluate(c, ctx({ requestedModel: "big-a" }))).rule).toBe("all-economy");
  });

  it("aliases are routed, unknown names resolve to nothing (the API answers 404)", () => {
    const c = compiled({ rules });
    expect(decided(evaluate(c, ctx({ requestedModel: "auto" }))).rule).toBe("all-economy");
    expect(resolveModelName(c, "auto")).toEqual({ kind: "alias" });
    expect(resolveModelName(c, "router/extraction")).toEqual({ kind: "alias", task: "extraction" });
    expect(resolveModelName(c, "small-a-2024")).toMatchObject({ kind: "model", model: { id: "small-a" } });
    expect(resolveModelName(c, "gpt-5")).toBeUndefined();
  });
});

describe("routes: fallbackRoute expansion and canary split", () => {
  const c = compiled({
    routes: {
      economy: { model: "small-a", fallbacks: ["small-b"], fallbackRoute: "premium" },
      premium: { model: "big-a", fallbacks: ["big-b", "small-a"] },
      canary: {
        split: [
          { model: "small-a", weight: 90 },
          { model: "small-b", weight: 10 },
        ],
        fallbacks: ["big-a"],
      },
    },
    rules: [{ id: "canary", when: { hasCode: true }, route: "canary" }],
    default: { route: "economy" },
  });

  it("appends the fallbackRoute's chain, without repeating a model", () => {
    expect(models(decided(evaluate(c, ctx())))).toEqual(["small-a", "small-b", "big-a", "big-b"]);
  });

  it("picks the split primary from the key deterministically; the others follow", () => {
    const pick = (key: string) => models(decided(evaluate(c, ctx({}, { hasCode: true }), { splitKey: key })));
    for (const key of ["a", "req-1", "req-2", "user-42"]) expect(pick(key)).toEqual(pick(key));
    const bucketOf = (key: string) => splitBucket(key, "canary");
    const key = Array.from({ length: 200 }, (_, i) => `k${i}`).find((k) => bucketOf(k) >= 90)!;
    expect(pick(key)).toEqual(["small-b", "small-a", "big-a"]);
    expect(decided(evaluate(c, ctx({}, { hasCode: true }), { splitKey: key })).reason).toMatch(
      /split → small-b \(bucket 9\d\.\d\d\)/,
    );
  });

  it("splits traffic by weight (10,000 keys within 1.5 points of 90/10)", () => {
    let canary = 0;
    for (let i = 0; i < 10_000; i++) {
      const d = decided(evaluate(c, ctx({}, { hasCode: true }), { splitKey: `request-${i}` }));
      if (d.targets[0].model === "small-b") canary++;
    }
    expect(canary / 100).toBeGreaterThan(8.5);
    expect(canary / 100).toBeLessThan(11.5);
  });

  it("without a split key the first split member is the primary", () => {
    expect(models(decided(evaluate(c, ctx({}, { hasCode: true }))))).toEqual(["small-a", "small-b", "big-a"]);
  });
});
