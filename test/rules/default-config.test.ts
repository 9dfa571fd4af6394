import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/default-config";
import { compileConfig } from "../../src/rules/compile";
import { evaluate } from "../../src/rules/evaluate";
import type { Decision, RequestContext } from "../../src/rules/types";
import { validateConfig } from "../../src/rules/validate";
import { ctx } from "./helpers";

const report = validateConfig(DEFAULT_CONFIG, { now: Date.parse("2026-11-24T00:00:00Z") });
const compiled = compileConfig(report.config!);

/** Evaluates like the Worker: without the category first, then with it when a rule needs it. */
function route(c: RequestContext, category?: string): { decision: Decision; classified: boolean } {
  const first = evaluate(compiled, c);
  if (first.kind === "decided") return { decision: first.decision, classified: false };
  const second = evaluate(compiled, { ...c, category, categorySource: "model" });
  if (second.kind !== "decided") throw new Error("still needs a category");
  return { decision: second.decision, classified: true };
}

describe("the built-in config (rules/router.yaml)", () => {
  it("is valid; its only warnings are the missing validation results", () => {
    expect(report.errors).toEqual([]);
    expect(report.warnings.length).toBeGreaterThan(0);
    for (const w of report.warnings) expect(w.message).toMatch(/undocumented: no validation result \(the quality test/);
  });

  it("short extraction and classification go to GPT-4o mini, Haiku on the other provider as fallback", () => {
    for (const category of ["extraction", "classification"]) {
      const { decision, classified } = route(ctx({}, { inputTokens: 800 }), category);
      expect(classified).toBe(true);
      expect(decision.rule).toBe("classification-extraction");
      expect(decision.targets.slice(0, 2).map((t) => [t.model, t.provider])).toEqual([
        ["gpt-4o-mini", "openai"],
        ["claude-haiku-4-5", "anthropic"],
      ]);
    }
  });

  it("sends the guide's premium task (analysis) to a premium model, its economy tasks to economy models", () => {
    const tierOf = (category: string) =>
      compiled.models.get(route(ctx({}, { inputTokens: 800, complexity: 0.1 }), category).decision.targets[0].model)!
        .tier;
    expect(tierOf("analysis")).toBe("premium");
    for (const category of ["classification", "extraction", "summarization", "generation"])
      expect(tierOf(category), category).toBe("economy");
  });

  it("short summaries go to Haiku, templated generation to GPT-4o mini", () => {
    expect(route(ctx({}, { inputTokens: 1500 }), "summarization").decision.targets[0].model).toBe("claude-haiku-4-5");
    expect(route(ctx({}, { inputTokens: 600, complexity: 0.1 }), "generation").decision.rule).toBe(
      "templated-generation",
    );
    expect(route(ctx({}, { inputTokens: 600, complexity: 0.5 }), "generation").decision.rule).toBe("default");
  });

  it("long, complex or uncommon-language inputs go to premium without calling the classifier", () => {
    for (const [feat, rule] of [
      [{ inputTokens: 9000 }, "long-or-complex"],
      [{ complexity: 0.7 }, "long-or-complex"],
      [{ language: "fi" }, "uncommon-language"],
      [{ inputTokens: 300_000 }, "long-input"],
    ] as const) {
      const { decision, classified } = route(ctx({}, feat), "extraction");
      expect({ rule: decision.rule, classified }).toEqual({ rule, classified: false });
    }
    expect(route(ctx({}, { language: "fi" })).decision.targets.map((t) => t.model)).toEqual([
      "gpt-4o",
      "claude-sonnet-4-5",
    ]);
  });

  it("unknown, analysis and code go to premium; so does anything unplaced", () => {
    expect(route(ctx(), "unknown").decision.rule).toBe("unknown-to-premium");
    expect(route(ctx(), "code").decision.rule).toBe("analysis-and-code");
    expect(route(ctx(), "chat").decision).toMatchObject({ rule: "default", route: "premium" });
  });

  it("a client asking for metadata.priority=high gets premium first", () => {
    expect(route(ctx({ metadata: { priority: "high" } })).decision.rule).toBe("client-requests-premium");
  });

  it("the catalog lists the guide's models with dated prices and a premium baseline", () => {
    const ids = report.config!.models.map((m) => m.id);
    for (const id of [
      "gpt-4o",
      "gpt-4o-mini",
      "gpt-4.1",
      "gpt-4.1-mini",
      "gpt-4.1-nano",
      "claude-sonnet-4",
      "claude-sonnet-4-5",
      "claude-3-5-haiku",
      "claude-haiku-4-5",
    ]) {
      expect(ids).toContain(id);
    }
    const baseline = compiled.models.get(report.config!.baselineModel)!;
    expect(baseline.tier).toBe("premium");
    for (const m of report.config!.models.filter((x) => x.tier === "economy")) {
      expect(m.price.input).toBeLessThan(baseline.price.input);
      expect(m.price.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
