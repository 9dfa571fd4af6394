import { describe, expect, it } from "vitest";
import type { EvalExample } from "../../eval/dataset";
import { indexResults, type AnswerRecord, type GradeRecord } from "../../eval/eval-records";
import { evalOutcomeRows, evalSummary } from "../../eval/eval-summary";

const AT = "2026-11-24T00:00:00Z";
const PREMIUM = "big";
const MINI = "mini";

function answer(exampleId: string, category: string, model: string, text: string): AnswerRecord {
  const costUsd = model === PREMIUM ? 0.001 : 0.0001;
  return {
    kind: "answer",
    exampleId,
    category,
    model,
    ok: true,
    text,
    inputTokens: 100,
    cachedInputTokens: 0,
    outputTokens: 20,
    costUsd,
    latencyMs: 5,
    attempts: 1,
    at: AT,
  };
}

function labelExamples(
  category: string,
  n: number,
  text = (i: number) => `Ticket ${i}: my card was charged twice.`,
): EvalExample[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${category}-${i}`,
    category,
    messages: [{ role: "user", content: text(i) }],
    reference: "billing",
    labels: ["billing", "technical"],
  }));
}

/** Records where premium answers every example right and `mini` misses the listed ids. */
function records(examples: EvalExample[], miniWrong: Set<string>, premiumWrong = new Set<string>()) {
  return examples.flatMap((e) => [
    answer(e.id, e.category, PREMIUM, premiumWrong.has(e.id) ? "technical" : "billing"),
    answer(e.id, e.category, MINI, miniWrong.has(e.id) ? "technical" : "Billing."),
  ]);
}

describe("eval summary", () => {
  it("the routing guide's example: 99.5 % vs 97 % on 10,000 requests a day is 250 extra errors", () => {
    const examples = labelExamples("triage", 200);
    const premiumWrong = new Set(["triage-0"]);
    const miniWrong = new Set(["triage-0", "triage-1", "triage-2", "triage-3", "triage-4", "triage-5"]);
    const s = evalSummary(examples, indexResults(records(examples, miniWrong, premiumWrong)), {
      premium: PREMIUM,
      candidates: [MINI],
      maxQualityLoss: 0.02,
      volumePerDay: 10_000,
      costPerError: 5,
    });
    const c = s.categories[0];
    expect(c.scorer).toBe("label");
    expect(c.premium.quality.mean).toBe(0.995);
    const k = c.candidates[0];
    expect(k.quality.mean).toBe(0.97);
    expect(k.gap.mean).toBeCloseTo(0.025, 12);
    expect(k.recommendation).toBe("keep-premium");
    // Routing anyway: API saves 10,000 × (0.001 − 0.0001) = $9 a day, 250 errors × $5 = $1,250 lost.
    expect(k.daily!.ifRouted.extraErrors).toBeCloseTo(250, 9);
    expect(k.daily!.ifRouted.apiSavingUsd).toBeCloseTo(9, 9);
    expect(k.daily!.ifRouted.netUsd).toBeCloseTo(9 - 1250, 9);
    expect(k.daily!.recommended.requests).toBe(0);
    expect(s.daily!.netUsd).toBe(0);
    expect(k.failures.ids).toEqual(["triage-1", "triage-2", "triage-3", "triage-4", "triage-5"]);
  });

  it("recommends a split when only long inputs fail, and groups the failures by input length", () => {
    const long =
      "Please read the whole thread below and classify it. " +
      "The customer wrote again about the same charge on the invoice. ".repeat(60);
    // 120 short tickets both models get right; 30 long threads (a split needs the minimum on both
    // sides), the cheap model misses 15: gap 15/150.
    const examples = labelExamples("cls", 150, (i) =>
      i >= 120 ? `${long} (${i})` : `Ticket ${i}: charged twice for March.`,
    );
    const wrong = new Set(Array.from({ length: 15 }, (_, i) => `cls-${120 + 2 * i}`));
    const s = evalSummary(examples, indexResults(records(examples, wrong)), {
      premium: PREMIUM,
      candidates: [MINI],
      maxQualityLoss: 0.02,
      volumePerDay: 7_000,
      costPerError: 1,
    });
    const k = s.categories[0].candidates[0];
    expect(k.gap.mean).toBeCloseTo(15 / 150, 12);
    expect(k.recommendation).toBe("split-by-input");
    expect(k.plan.split!.slice.label).toMatch(/^inputTokens > \d+$/);
    expect(k.plan.split!.easy.n).toBe(120);
    const length = k.failures.groups.find((g) => g.characteristic === "length")!;
    expect(length).toMatchObject({ failures: 15, n: 30, rate: 0.5 });
    // Only the easy share goes cheap: its requests × $0.0009, no extra errors.
    const share = 120 / 150;
    expect(k.daily!.recommended.requests).toBeCloseTo(7_000 * share, 9);
    expect(k.daily!.recommended.netUsd).toBeCloseTo(7_000 * share * 0.0009, 9);
    expect(s.mix.premiumShare).toBeCloseTo(1 - share, 12);
  });

  it("pairwise judge grades give both models their quality; missing grades leave examples out", () => {
    const examples: EvalExample[] = Array.from({ length: 30 }, (_, i) => ({
      id: `g-${i}`,
      category: "gen",
      messages: [{ role: "user", content: `Write note ${i}` }],
    }));
    const grades: GradeRecord[] = examples.slice(0, 29).map((e, i) => ({
      kind: "grade",
      exampleId: e.id,
      category: "gen",
      judge: "judge",
      mode: "pairwise",
      scores: { [MINI]: i < 3 ? 0.5 : 0.8, [PREMIUM]: 0.8 },
      reasoning: "r",
      ok: true,
      at: AT,
    }));
    const answers = examples.flatMap((e) => [answer(e.id, "gen", PREMIUM, "p"), answer(e.id, "gen", MINI, "m")]);
    const s = evalSummary(examples, indexResults([...answers, ...grades]), {
      premium: PREMIUM,
      candidates: [MINI],
      maxQualityLoss: 0.02,
      minSamples: 20,
    });
    const c = s.categories[0];
    expect(c.scorer).toBe("judge");
    expect(c.missing).toEqual({ [PREMIUM]: 1, [MINI]: 1 });
    expect(c.premium.quality).toMatchObject({ n: 29, method: "t" });
    expect(c.premium.quality.mean).toBeCloseTo(0.8, 12);
    expect(c.candidates[0].gap.mean).toBeCloseTo((3 * 0.3) / 29, 12);
    expect(c.candidates[0].recommendation).toBe("keep-premium");
  });

  it("writes the scored outcomes in the replay format", () => {
    const examples = labelExamples("x", 3);
    const rows = evalOutcomeRows(examples, indexResults(records(examples, new Set(["x-1"]))), {
      premium: PREMIUM,
      candidates: [MINI],
      maxQualityLoss: 0.02,
    });
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatchObject({
      id: "x-1",
      category: "x",
      outcomes: { big: { score: 1, in_tokens: 100, out_tokens: 20 }, mini: { score: 0 } },
    });
  });
});
