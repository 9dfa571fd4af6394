import type { EvalExample, ScorerName } from "../dataset";
import { jsonScore } from "./json";
import { exactScore, labelScore, regexScore } from "./label";

export { extractJson, jsonScore, type JsonScore } from "./json";
export { exactScore, labelScore, normalizeLabel, regexScore } from "./label";
export {
  gradeToQuality,
  pairwiseJudgeRequest,
  parseJudgeReply,
  referenceJudgeRequest,
  type JudgeVerdict,
} from "./judge";

/** A reference this short and on one line is a label, not a model answer. */
const LABEL_MAX_CHARS = 60;

/**
 * The scorer for an example: the per-category override, the example's own `scorer`, else from what
 * it carries: a JSON Schema → json, a regex → regex, a short one-line reference or a label set →
 * label, a longer reference or none → the LLM judge.
 * @example scorerFor({ category: "x", messages, reference: "billing" }) // "label"
 */
export function scorerFor(example: EvalExample, override?: ScorerName): ScorerName {
  if (override) return override;
  if (example.scorer) return example.scorer;
  if (example.json_schema) return "json";
  if (example.regex) return "regex";
  const ref = example.reference;
  if (example.labels?.length || (typeof ref === "string" && ref.length <= LABEL_MAX_CHARS && !ref.includes("\n")))
    return "label";
  if (ref !== undefined && typeof ref !== "string") return "json";
  return "judge";
}

export interface DirectScore {
  score: number;
  /** Why it scored what it did, when not obvious (schema error, fields matched). */
  detail?: string;
}

/**
 * What an example lacks for a scorer ("the label scorer needs a reference"), or undefined.
 * @example scorerProblem({ ...example, reference: undefined }, "label") // "the label scorer needs a reference"
 */
export function scorerProblem(example: EvalExample, scorer: ScorerName): string | undefined {
  if ((scorer === "label" || scorer === "exact") && example.reference === undefined)
    return `the ${scorer} scorer needs a reference`;
  if (scorer === "regex" && !example.regex) return "the regex scorer needs a regex";
  return undefined;
}

const refText = (e: EvalExample) => (typeof e.reference === "string" ? e.reference : JSON.stringify(e.reference ?? ""));

/**
 * Scores an answer with a scorer that needs no model call (all but the judge).
 * @example scoreAnswer(example, "Billing", "label").score // 1
 */
export function scoreAnswer(example: EvalExample, answer: string, scorer: Exclude<ScorerName, "judge">): DirectScore {
  const problem = scorerProblem(example, scorer);
  if (problem) throw new Error(`example ${example.id}: ${problem}`);
  switch (scorer) {
    case "exact":
      return { score: exactScore(answer, refText(example)) };
    case "label":
      return { score: labelScore(answer, refText(example), example.labels) };
    case "regex":
      return { score: regexScore(answer, example.regex!, example.regex_flags) };
    case "json": {
      const r = jsonScore(answer, example.json_schema, example.reference);
      const detail = r.error ?? (r.fields ? `${+r.fields.matched.toFixed(2)}/${r.fields.total} fields` : undefined);
      return detail ? { score: r.score, detail } : { score: r.score };
    }
  }
}
