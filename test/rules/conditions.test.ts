import { describe, expect, it } from "vitest";
import type { Condition } from "../../src/config/schema";
import { compileCondition, CONDITION_KINDS, FALSE, TRUE, UNKNOWN } from "../../src/rules/conditions";
import { ctx } from "./helpers";

const test = (cond: Condition, c = ctx()) => compileCondition(cond).test(c);
const explain = (cond: Condition, c = ctx()) => {
  const compiled = compileCondition(cond);
  return compiled.explain(c, compiled.test(c) === TRUE);
};

describe("leaf conditions", () => {
  it("task: matches the explicit tag, one value or a list; no tag never matches", () => {
    expect(test({ task: "extraction" }, ctx({ task: "extraction" }))).toBe(TRUE);
    expect(test({ task: ["a", "extraction"] }, ctx({ task: "extraction" }))).toBe(TRUE);
    expect(test({ task: "extraction" }, ctx({ task: "summarization" }))).toBe(FALSE);
    expect(test({ task: "extraction" }, ctx())).toBe(FALSE);
    expect(explain({ task: "extraction" }, ctx())).toBe("task unset ≠ extraction");
  });

  it("model: tests the requested model name", () => {
    expect(test({ model: ["auto", "router/auto"] }, ctx({ requestedModel: "router/auto" }))).toBe(TRUE);
    expect(test({ model: "auto" }, ctx({ requestedModel: "gpt-4o" }))).toBe(FALSE);
  });

  it("client: tests the client id", () => {
    expect(test({ client: "support-bot" }, ctx({ clientId: "support-bot" }))).toBe(TRUE);
    expect(test({ client: "support-bot" }, ctx({ clientId: "other" }))).toBe(FALSE);
    expect(test({ client: "support-bot" }, ctx())).toBe(FALSE);
  });

  it("metadata: every key must hold one of its values", () => {
    const cond: Condition = { metadata: { team: ["support", "sales"], priority: "high" } };
    expect(test(cond, ctx({ metadata: { team: "sales", priority: "high", extra: "x" } }))).toBe(TRUE);
    expect(test(cond, ctx({ metadata: { team: "sales" } }))).toBe(FALSE);
    expect(test(cond, ctx({ metadata: { team: "ops", priority: "high" } }))).toBe(FALSE);
    expect(explain(cond, ctx({ metadata: { team: "ops", priority: "high" } }))).toBe(
      "metadata.team=ops ∉ {support, sales}",
    );
    expect(explain(cond, ctx({ metadata: { team: "sales", priority: "high" } }))).toBe(
      "metadata.team=sales ∧ metadata.priority=high",
    );
  });

  it("category: unknown before classification, then a plain membership test", () => {
    expect(test({ category: "extraction" }, ctx())).toBe(UNKNOWN);
    expect(test({ category: ["extraction", "classification"] }, ctx({ category: "classification" }))).toBe(TRUE);
    expect(test({ category: "extraction" }, ctx({ category: "unknown" }))).toBe(FALSE);
    expect(explain({ category: "extraction" }, ctx({ category: "extraction", categorySource: "model" }))).toBe(
      "category=extraction (classifier)",
    );
  });

  it.each([
    ["inputTokens", { inputTokens: 812 }],
    ["messageCount", { messageCount: 812 }],
    ["complexity", { complexity: 812 }],
  ] as const)("%s: gt, gte, lt, lte bounds, alone and together", (key, feat) => {
    const c = ctx({}, feat);
    const range = (r: object) => test({ [key]: r } as Condition, c);
    expect([range({ gt: 811 }), range({ gt: 812 }), range({ gte: 812 }), range({ gte: 813 })]).toEqual([
      TRUE,
      FALSE,
      TRUE,
      FALSE,
    ]);
    expect([range({ lt: 813 }), range({ lt: 812 }), range({ lte: 812 }), range({ lte: 811 })]).toEqual([
      TRUE,
      FALSE,
      TRUE,
      FALSE,
    ]);
    expect([range({ gte: 100, lte: 1000 }), range({ gte: 900, lte: 1000 })]).toEqual([TRUE, FALSE]);
  });

  it("ranges explain the value and the bound that decided", () => {
    expect(explain({ inputTokens: { lte: 2000 } }, ctx({}, { inputTokens: 812 }))).toBe("inputTokens=812 ≤ 2000");
    expect(explain({ inputTokens: { lte: 2000 } }, ctx({}, { inputTokens: 5000 }))).toBe("inputTokens=5000 > 2000");
    expect(explain({ complexity: { gte: 0.6 } }, ctx({}, { complexity: 0.6666 }))).toBe("complexity=0.67 ≥ 0.6");
    expect(explain({ messageCount: { gt: 1, lt: 10 } }, ctx({}, { messageCount: 4 }))).toBe("messageCount=4 > 1, < 10");
  });

  it("language and script: case-insensitive membership", () => {
    expect(test({ language: ["en", "de"] }, ctx({}, { language: "de" }))).toBe(TRUE);
    expect(test({ language: "EN" }, ctx({}, { language: "en" }))).toBe(TRUE);
    expect(test({ language: "en" }, ctx({}, { language: "fr" }))).toBe(FALSE);
    expect(test({ script: "cyrillic" }, ctx({}, { script: "Cyrillic" }))).toBe(TRUE);
    expect(test({ script: ["Han", "Arabic"] }, ctx({}, { script: "Latin" }))).toBe(FALSE);
  });

  it.each(["hasCode", "hasJson", "hasTable", "hasUrl", "hasTools", "hasImages"] as const)(
    "%s: equals the feature",
    (key) => {
      expect(test({ [key]: true } as Condition, ctx({}, { [key]: true }))).toBe(TRUE);
      expect(test({ [key]: true } as Condition, ctx({}, { [key]: false }))).toBe(FALSE);
      expect(test({ [key]: false } as Condition, ctx({}, { [key]: false }))).toBe(TRUE);
      expect(explain({ [key]: false } as Condition, ctx({}, { [key]: false }))).toBe(`¬${key}`);
    },
  );

  it("responseFormat: one of text, json_object, json_schema", () => {
    expect(test({ responseFormat: ["json_object", "json_schema"] }, ctx({}, { responseFormat: "json_schema" }))).toBe(
      TRUE,
    );
    expect(test({ responseFormat: "json_object" }, ctx({}, { responseFormat: "text" }))).toBe(FALSE);
  });

  it("pattern: case-insensitive by default, explicit flags replace the default", () => {
    const c = ctx({ lastUserText: "Please EXTRACT the invoice number" });
    expect(test({ pattern: "\\bextract\\b" }, c)).toBe(TRUE);
    expect(test({ pattern: "\\bextract\\b", flags: "" }, c)).toBe(FALSE);
    expect(test({ pattern: "^please", flags: "m" }, c)).toBe(FALSE);
    expect(explain({ pattern: "\\bextract\\b" }, c)).toBe("text ~ /\\bextract\\b/i");
  });

  it("CONDITION_KINDS lists every kind the schema knows", () => {
    expect(CONDITION_KINDS).toHaveLength(21);
    expect(CONDITION_KINDS).toContain("responseFormat");
  });
});

describe("composition", () => {
  const yes: Condition = { hasCode: true };
  const no: Condition = { hasJson: true };
  const unk: Condition = { category: "code" };
  const c = ctx({}, { hasCode: true, hasJson: false });

  it("all: false if any is false (even beside unknown), unknown if none false but some unknown", () => {
    expect(test({ all: [yes, yes] }, c)).toBe(TRUE);
    expect(test({ all: [yes, no] }, c)).toBe(FALSE);
    expect(test({ all: [unk, no] }, c)).toBe(FALSE);
    expect(test({ all: [yes, unk] }, c)).toBe(UNKNOWN);
  });

  it("any: true if any is true (even beside unknown), unknown if none true but some unknown", () => {
    expect(test({ any: [no, yes] }, c)).toBe(TRUE);
    expect(test({ any: [unk, yes] }, c)).toBe(TRUE);
    expect(test({ any: [no, no] }, c)).toBe(FALSE);
    expect(test({ any: [no, unk] }, c)).toBe(UNKNOWN);
  });

  it("not: flips true and false, keeps unknown", () => {
    expect(test({ not: yes }, c)).toBe(FALSE);
    expect(test({ not: no }, c)).toBe(TRUE);
    expect(test({ not: unk }, c)).toBe(UNKNOWN);
    expect(test({ not: { not: yes } }, c)).toBe(TRUE);
  });

  it("nested compositions resolve once the category is known", () => {
    const cond: Condition = { any: [{ all: [unk, { inputTokens: { lte: 100 } }] }, { not: { any: [yes, unk] } }] };
    expect(test(cond, ctx({}, { hasCode: true, inputTokens: 50 }))).toBe(UNKNOWN);
    expect(test(cond, ctx({ category: "code" }, { hasCode: true, inputTokens: 50 }))).toBe(TRUE);
    expect(test(cond, ctx({ category: "code" }, { hasCode: true, inputTokens: 500 }))).toBe(FALSE);
    expect(test(cond, ctx({}, { hasCode: true, inputTokens: 500 }))).toBe(FALSE);
  });

  it("explains the conditions that held: all joins, any keeps the true ones, not negates", () => {
    const k = ctx(
      { category: "extraction", categorySource: "pattern" },
      { inputTokens: 812, hasCode: true, hasJson: false },
    );
    expect(explain({ all: [{ category: "extraction" }, { inputTokens: { lte: 2000 } }] }, k)).toBe(
      "category=extraction (pattern) ∧ inputTokens=812 ≤ 2000",
    );
    expect(explain({ any: [no, yes, { inputTokens: { gt: 10 } }] }, k)).toBe("hasCode ∨ inputTokens=812 > 10");
    expect(explain({ not: { language: ["fr", "de"] } }, k)).toBe("language=en ∉ {fr, de}");
    expect(explain({ all: [{ any: [yes, no] }, { not: no }] }, k)).toBe("hasCode ∧ ¬hasJson");
    expect(explain({ all: [{ any: [yes, { hasUrl: false }] }, { not: no }] }, k)).toBe(
      "(hasCode ∨ ¬hasUrl) ∧ ¬hasJson",
    );
  });
});
