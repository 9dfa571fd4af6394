import { z } from "zod";

/**
 * The live eval's append-only results file: one line per model answer and one per judge grade.
 * A rerun reads it back, skips what is done (answers that succeeded, grades given) and appends.
 */
export const AnswerRecord = z.object({
  kind: z.literal("answer"),
  exampleId: z.string(),
  category: z.string(),
  model: z.string(),
  ok: z.boolean(),
  text: z.string().optional(),
  error: z.string().optional(),
  inputTokens: z.number().int().nonnegative().default(0),
  cachedInputTokens: z.number().int().nonnegative().default(0),
  outputTokens: z.number().int().nonnegative().default(0),
  costUsd: z.number().nonnegative().default(0),
  latencyMs: z.number().nonnegative().default(0),
  attempts: z.number().int().nonnegative().default(1),
  at: z.string(),
});
export type AnswerRecord = z.infer<typeof AnswerRecord>;

export const GradeRecord = z.object({
  kind: z.literal("grade"),
  exampleId: z.string(),
  category: z.string(),
  judge: z.string(),
  /** "reference": each answer against the reference; "pairwise": candidate and premium side by side. */
  mode: z.enum(["reference", "pairwise"]),
  /** Quality 0..1 per graded model (rating / 10). */
  scores: z.record(z.string(), z.number().min(0).max(1)),
  reasoning: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
  at: z.string(),
});
export type GradeRecord = z.infer<typeof GradeRecord>;

export const ResultRecord = z.discriminatedUnion("kind", [AnswerRecord, GradeRecord]);
export type ResultRecord = z.infer<typeof ResultRecord>;

/** Resume key of an answer. */
export const answerKey = (exampleId: string, model: string) => `${exampleId}::${model}`;

/** Resume key of a grade: the graded models in a fixed order. */
export const gradeKey = (exampleId: string, models: readonly string[]) =>
  `${exampleId}::judge::${[...models].sort().join("+")}`;

/** What a results file already holds: the latest successful answer and grade per key. */
export interface ResultIndex {
  answers: Map<string, AnswerRecord>;
  grades: Map<string, GradeRecord>;
  /** Failed answers/grades seen (retried on the next run). */
  failures: number;
}

/** Indexes records read back from a results file (later lines win; failures are not kept). */
export function indexResults(records: readonly ResultRecord[]): ResultIndex {
  const answers = new Map<string, AnswerRecord>();
  const grades = new Map<string, GradeRecord>();
  let failures = 0;
  for (const r of records) {
    if (!r.ok) {
      failures++;
      continue;
    }
    if (r.kind === "answer") answers.set(answerKey(r.exampleId, r.model), r);
    else grades.set(gradeKey(r.exampleId, Object.keys(r.scores)), r);
  }
  return { answers, grades, failures };
}
