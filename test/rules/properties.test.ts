import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Condition, RouterConfigInput } from "../../src/config/schema";
import { compileConfig } from "../../src/rules/compile";
import { compileCondition, FALSE, TRUE, UNKNOWN } from "../../src/rules/conditions";
import { evaluate } from "../../src/rules/evaluate";
import type { RequestContext } from "../../src/rules/types";
import { validateConfig } from "../../src/rules/validate";
import { baseConfig, ctx } from "./helpers";

const CATEGORIES = ["extraction", "analysis", "unknown"] as const;
const TEXTS = ["extract the total", "please analyse this", "hello there", ""];

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.subarray([...CATEGORIES], { minLength: 1 }).map((category) => ({ category })),
  fc.record({ gt: fc.integer({ min: 0, max: 3000 }) }).map((inputTokens) => ({ inputTokens })),
  fc.record({ lte: fc.integer({ min: 0, max: 3000 }) }).map((inputTokens) => ({ inputTokens })),
  fc.boolean().map((hasCode) => ({ hasCode })),
  fc.subarray(["en", "fr", "de"], { minLength: 1 }).map((language) => ({ language })),
  fc.constantFrom("extraction", "summary").map((task) => ({ task })),
  fc.constantFrom("\\bextract\\b", "analy[sz]e", "^hello").map((pattern) => ({ pattern })),
);

const condition: fc.Arbitrary<Condition> = fc.letrec<{ cond: Condition }>((tie) => ({
  cond: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("cond"), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie("cond"), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie("cond").map((not) => ({ not })),
  ),
})).cond;

const context: fc.Arbitrary<RequestContext> = fc
  .record({
    category: fc.option(fc.constantFrom(...CATEGORIES), { nil: undefined }),
    task: fc.option(fc.constantFrom("extraction", "summary"), { nil: undefined }),
    lastUserText: fc.constantFrom(...TEXTS),
    inputTokens: fc.integer({ min: 0, max: 4000 }),
    hasCode: fc.boolean(),
    language: fc.constantFrom("en", "fr", "de", "ja"),
  })
  .map(({ inputTokens, hasCode, language, ...rest }) => ctx(rest, { inputTokens, hasCode, language }));

const knownContext = context.filter((c) => c.category !== undefined);

const ruleList = fc.array(
  fc.record({ when: condition, route: fc.constantFrom("economy", "premium"), enabled: fc.boolean() }),
  { maxLength: 8 },
);

/** The obvious three-valued reading of a condition, straight from the document (undefined = unknown). */
function reference(cond: Condition, c: RequestContext): boolean | undefined {
  const has = (v: string | string[], x: string | undefined) =>
    x !== undefined && (Array.isArray(v) ? v : [v]).includes(x);
  if ("all" in cond) {
    const vs = cond.all.map((x) => reference(x, c));
    return vs.includes(false) ? false : vs.includes(undefined) ? undefined : true;
  }
  if ("any" in cond) {
    const vs = cond.any.map((x) => reference(x, c));
    return vs.includes(true) ? true : vs.includes(undefined) ? undefined : false;
  }
  if ("not" in cond) {
    const v = reference(cond.not, c);
    return v === undefined ? undefined : !v;
  }
  if ("category" in cond) return c.category === undefined ? undefined : has(cond.category, c.category);
  if ("inputTokens" in cond) {
    const { gt = -Infinity, lte = Infinity } = cond.inputTokens;
    return c.features.inputTokens > gt && c.features.inputTokens <= lte;
  }
  if ("hasCode" in cond) return c.features.hasCode === cond.hasCode;
  if ("language" in cond) return has(cond.language, c.features.language);
  if ("task" in cond) return has(cond.task, c.task);
  if ("pattern" in cond) return new RegExp(cond.pattern, "i").test(c.lastUserText);
  throw new Error(`reference does not know ${JSON.stringify(cond)}`);
}

function build(rules: { when: Condition; route: string; enabled?: boolean }[]) {
  const input: RouterConfigInput = baseConfig({ rules: rules.map((r, i) => ({ id: `r${i}`, ...r })) });
  const report = validateConfig(input);
  if (!report.config) throw new Error(JSON.stringify(report.errors));
  return compileConfig(report.config);
}

function referenceEvaluate(rules: { when: Condition; route: string; enabled?: boolean }[], c: RequestContext) {
  for (const [i, r] of rules.entries()) {
    if (r.enabled === false) continue;
    const v = reference(r.when, c);
    if (v === true) return { kind: "decided", rule: `r${i}`, route: r.route };
    if (v === undefined) return { kind: "needsCategory", rule: `r${i}` };
  }
  return { kind: "decided", rule: "default", route: "premium" };
}

const summary = (r: ReturnType<typeof evaluate>) =>
  r.kind === "decided"
    ? { kind: r.kind, rule: r.decision.rule, route: r.decision.route }
    : { kind: r.kind, rule: r.ruleId };

describe("evaluator properties", () => {
  it("agrees with a naive reference evaluator (first match wins, three-valued category)", () => {
    fc.assert(
      fc.property(ruleList, context, (rules, c) => {
        expect(summary(evaluate(build(rules), c))).toEqual(referenceEvaluate(rules, c));
      }),
      { numRuns: 400 },
    );
  });

  it("X and {not: X} partition requests once the category is known, and agree on unknown", () => {
    fc.assert(
      fc.property(condition, context, (x, c) => {
        const [a, b] = [compileCondition(x).test(c), compileCondition({ not: x }).test(c)];
        if (a === UNKNOWN) expect(b).toBe(UNKNOWN);
        else expect([a, b].sort()).toEqual([FALSE, TRUE]);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(condition, knownContext, (x, c) => {
        const rule = summary(
          evaluate(
            build([
              { when: x, route: "economy" },
              { when: { not: x }, route: "premium" },
            ]),
            c,
          ),
        ).rule;
        expect(rule).toBe(reference(x, c) ? "r0" : "r1");
      }),
      { numRuns: 300 },
    );
  });

  it("adding a rule after the deciding one never changes the result", () => {
    fc.assert(
      fc.property(ruleList, condition, fc.constantFrom("economy", "premium"), context, (rules, extra, route, c) => {
        const before = evaluate(build(rules), c);
        fc.pre(before.kind === "needsCategory" || before.decision.rule !== "default");
        expect(evaluate(build([...rules, { when: extra, route }]), c)).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it("the default is reached whenever no rule matches", () => {
    fc.assert(
      fc.property(ruleList, knownContext, (rules, c) => {
        const never = rules.map((r) => ({ ...r, when: { all: [r.when, { hasCode: !c.features.hasCode }] } }));
        const r = evaluate(build(never), c);
        expect(r.kind === "decided" && r.decision.rule).toBe("default");
      }),
      { numRuns: 300 },
    );
  });
});
