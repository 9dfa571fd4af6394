import { z } from "zod";
import { ChatMessage, ResponseFormat } from "../src/core/chat";

/** One model's recorded outcome on a row (../shared/datasets/README.md). */
export const Outcome = z.looseObject({
  /** Quality 0..1 (1/0 for pass/fail, a judge's rating / 10 for graded answers). */
  score: z.number().min(0).max(1),
  in_tokens: z.number().int().nonnegative(),
  out_tokens: z.number().int().nonnegative(),
  cached_tokens: z.number().int().nonnegative().optional(),
});
export type Outcome = z.infer<typeof Outcome>;

/**
 * A replay row: a request and each model's recorded outcome on it. `category` is the row's task
 * tag; `outcomes` keys are model names, resolved through the config's catalog.
 */
export const ReplayRow = z.looseObject({
  id: z.string().min(1),
  source: z.string().optional(),
  category: z.string().min(1),
  messages: z.array(ChatMessage).min(1),
  followup: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  outcomes: z.record(z.string(), Outcome).refine((o) => Object.keys(o).length > 0, "at least one outcome"),
});
export type ReplayRow = z.infer<typeof ReplayRow>;

export const SCORERS = ["exact", "label", "json", "regex", "judge"] as const;
export type ScorerName = (typeof SCORERS)[number];

/**
 * A live-eval example: a request, its category, and what a good answer is (a reference label or
 * text, a JSON Schema with optional expected fields, a regex), plus the scorer when the default
 * choice (json_schema → json, regex → regex, short reference → label, else judge) is not wanted.
 */
export const EvalExample = z.looseObject({
  id: z.string().min(1).optional(),
  category: z.string().min(1),
  messages: z.array(ChatMessage).min(1),
  reference: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  /** Allowed labels: the one an answer mentions is compared with the reference. */
  labels: z.array(z.string().min(1)).optional(),
  json_schema: z.record(z.string(), z.unknown()).optional(),
  regex: z.string().min(1).optional(),
  regex_flags: z
    .string()
    .regex(/^[imsu]*$/)
    .optional(),
  scorer: z.enum(SCORERS).optional(),
  response_format: ResponseFormat.optional(),
  max_tokens: z.number().int().positive().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});
export type EvalExample = z.infer<typeof EvalExample> & { id: string };

export interface LineError {
  line: number;
  message: string;
}

export interface Parsed<T> {
  rows: T[];
  errors: LineError[];
}

/**
 * Parses JSON Lines against a zod schema; blank lines are skipped, each bad line is reported with
 * its number and the first schema issue's path.
 * @example parseJsonl(text, ReplayRow).rows.length
 */
export function parseJsonl<T>(text: string, schema: z.ZodType<T>): Parsed<T> {
  const rows: T[] = [];
  const errors: LineError[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      errors.push({ line: i + 1, message: `not JSON: ${(e as Error).message}` });
      continue;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) rows.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      errors.push({ line: i + 1, message: `${issue.path.join(".") || "(row)"}: ${issue.message}` });
    }
  }
  return { rows, errors };
}

/** Eval examples with ids filled in (`<category>-<n>` by order) and duplicates rejected. */
export function withIds(examples: readonly z.infer<typeof EvalExample>[]): EvalExample[] {
  const seen = new Set<string>();
  const perCategory = new Map<string, number>();
  return examples.map((e) => {
    const n = (perCategory.get(e.category) ?? 0) + 1;
    perCategory.set(e.category, n);
    const id = e.id ?? `${e.category}-${n}`;
    if (seen.has(id)) throw new Error(`duplicate example id '${id}'`);
    seen.add(id);
    return { ...e, id };
  });
}
