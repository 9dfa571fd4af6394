import { describe, expect, it } from "vitest";
import type { EvalExample } from "../../eval/dataset";
import {
  exactScore,
  extractJson,
  jsonScore,
  labelScore,
  normalizeLabel,
  parseJudgeReply,
  pairwiseJudgeRequest,
  referenceJudgeRequest,
  regexScore,
  scoreAnswer,
  scorerFor,
} from "../../eval/scorers";

const ex = (e: Partial<EvalExample>): EvalExample => ({
  id: "x",
  category: "c",
  messages: [{ role: "user", content: "q" }],
  ...e,
});

describe("label scorers", () => {
  it("normalises case, quotes, emphasis, prefixes and trailing punctuation", () => {
    expect(normalizeLabel('  "Billing." ')).toBe("billing");
    expect(normalizeLabel("**Category:** Technical!")).toBe("technical");
    expect(labelScore("Billing", "billing")).toBe(1);
    expect(labelScore("Technical", "billing")).toBe(0);
    expect(exactScore(" billing\n", "billing")).toBe(1);
    expect(exactScore("Billing", "billing")).toBe(0);
  });

  it("with a label set, the one label the answer names counts; two named is wrong", () => {
    const labels = ["billing", "technical", "account"];
    expect(labelScore("This is a billing question.", "billing", labels)).toBe(1);
    expect(labelScore("It could be billing or technical.", "billing", labels)).toBe(0);
    expect(labelScore("The account team should look at it.", "billing", labels)).toBe(0);
    expect(labelScore("rebilling of accounts", "billing", ["billing"])).toBe(0);
  });

  it("regex", () => {
    expect(regexScore("Total: 42 USD", "\\b42\\b")).toBe(1);
    expect(regexScore("total: 41", "^TOTAL", "i")).toBe(1);
    expect(regexScore("nothing", "\\d")).toBe(0);
  });
});

describe("JSON scorer", () => {
  const schema = {
    type: "object",
    properties: {
      name: { type: "string" },
      amount: { type: "number" },
      tags: { type: "array", items: { type: "string" } },
    },
    required: ["name", "amount"],
    additionalProperties: false,
  };

  it("finds the document in fenced, embedded or bare answers", () => {
    expect(extractJson('```json\n{"a": 1}\n```')).toEqual({ a: 1 });
    expect(extractJson('Sure! Here it is: {"a": {"b": "}"}} — done.')).toEqual({ a: { b: "}" } });
    expect(extractJson("[1, 2]")).toEqual([1, 2]);
    expect(extractJson("no json here")).toBeUndefined();
  });

  it("0 for invalid JSON or a schema violation, else the share of reference fields reproduced", () => {
    expect(jsonScore("not json", schema).score).toBe(0);
    expect(jsonScore('{"name": "Ada"}', schema)).toMatchObject({ score: 0, parsed: true, schemaValid: false });
    expect(jsonScore('{"name": "Ada", "amount": 3, "extra": 1}', schema).schemaValid).toBe(false);
    expect(jsonScore('{"name": "ada ", "amount": 3.0}', schema, { name: "Ada", amount: 3 }).score).toBe(1);
    const partial = jsonScore('{"name": "Ada", "amount": 4, "tags": ["b", "x"]}', schema, {
      name: "Ada",
      amount: 3,
      tags: ["a", "b"],
    });
    // name ✓, amount ✗, tags: one of two as a set → (1 + 0 + 0.5) / 3
    expect(partial.score).toBeCloseTo(0.5, 12);
    expect(partial.fields).toEqual({ matched: 1.5, total: 3 });
    expect(jsonScore('{"name": "Ada", "amount": "3"}', undefined, { amount: 3 }).score).toBe(1);
  });
});

describe("LLM judge", () => {
  it("builds rubric prompts and asks for a strict schema only where the model supports it", () => {
    const msgs = [{ role: "user" as const, content: "What is 2+2?" }];
    const single = referenceJudgeRequest("judge-m", msgs, "4", "Four.", true);
    expect(single.model).toBe("judge-m");
    expect(single.response_format?.type).toBe("json_schema");
    expect(JSON.stringify(single.messages)).toContain("[Reference answer]\\n4");
    const pair = pairwiseJudgeRequest("judge-m", msgs, "A-text", "B-text");
    expect(pair.response_format).toBeUndefined();
    expect(JSON.stringify(pair.messages)).toMatch(/\[Answer A\]\\nA-text.*\[Answer B\]\\nB-text/);
  });

  it("parses JSON, fenced JSON, numeric strings and the usual free-text forms", () => {
    expect(parseJudgeReply('{"score": 8, "reasoning": "good"}', ["score"])).toEqual({ scores: [8], reasoning: "good" });
    expect(parseJudgeReply('```json\n{"Score": "7", "explanation": "ok"}\n```', ["score"])).toEqual({
      scores: [7],
      reasoning: "ok",
    });
    expect(parseJudgeReply("The answer is mostly right.\nRating: [[6]]", ["score"])?.scores).toEqual([6]);
    expect(parseJudgeReply("Score: 9/10 — thorough.", ["score"])?.scores).toEqual([9]);
    expect(
      parseJudgeReply('{"score_a": 4, "score_b": 9, "reasoning": "B is right"}', ["score_a", "score_b"])?.scores,
    ).toEqual([4, 9]);
    expect(parseJudgeReply("Answer A: 5/10. Answer B: 8/10.", ["score_a", "score_b"])?.scores).toEqual([5, 8]);
    expect(parseJudgeReply("**Score A:** 3\n**Score B:** 10", ["score_a", "score_b"])?.scores).toEqual([3, 10]);
  });

  it("rejects replies without every score or with scores off the scale", () => {
    expect(parseJudgeReply("I think it is fine.", ["score"])).toBeUndefined();
    expect(parseJudgeReply('{"score": 42}', ["score"])).toBeUndefined();
    expect(parseJudgeReply('{"score_a": 4}', ["score_a", "score_b"])).toBeUndefined();
  });
});

describe("scorer choice", () => {
  it("follows the override, the example's own scorer, then what the example carries", () => {
    expect(scorerFor(ex({ reference: "billing" }), "judge")).toBe("judge");
    expect(scorerFor(ex({ scorer: "exact", reference: "x" }))).toBe("exact");
    expect(scorerFor(ex({ json_schema: { type: "object" } }))).toBe("json");
    expect(scorerFor(ex({ regex: "\\d" }))).toBe("regex");
    expect(scorerFor(ex({ reference: "billing" }))).toBe("label");
    expect(scorerFor(ex({ reference: "A long reference answer.\nWith two lines." }))).toBe("judge");
    expect(scorerFor(ex({ reference: { a: 1 } }))).toBe("json");
    expect(scorerFor(ex({}))).toBe("judge");
  });

  it("scores directly where no model is needed, with the detail kept", () => {
    expect(
      scoreAnswer(
        ex({ json_schema: { type: "object", properties: { a: { type: "string" } }, required: ["a"] } }),
        "{}",
        "json",
      ),
    ).toMatchObject({ score: 0, detail: expect.stringMatching(/^schema:/) });
    expect(
      scoreAnswer(ex({ reference: "billing", labels: ["billing", "account"] }), "Billing issue", "label").score,
    ).toBe(1);
    expect(() => scoreAnswer(ex({}), "x", "regex")).toThrow(/needs a regex/);
  });
});
