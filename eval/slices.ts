import type { Features } from "../src/classify/types";
import type { Condition } from "../src/config/schema";
import { compileCondition, TRUE } from "../src/rules/conditions";
import type { RequestContext } from "../src/rules/types";
import { quantileSorted } from "./stats";

/**
 * A slice of a category's inputs that a rule can name: its condition (the rules' own syntax) and
 * the rules engine's own test of it, so the slice measured is the slice the Worker routes.
 */
export interface Slice {
  /** Short slug for rule ids, e.g. "long-input". */
  id: string;
  /** Human label, e.g. "inputTokens > 120". */
  label: string;
  condition: Condition;
  test(features: Features): boolean;
}

/** Builds a slice whose test is the compiled rule condition. */
export function slice(id: string, label: string, condition: Condition): Slice {
  const compiled = compileCondition(condition);
  const ctx: RequestContext = {
    requestedModel: "",
    metadata: {},
    features: undefined as unknown as Features,
    lastUserText: "",
  };
  return { id, label, condition, test: (features) => compiled.test({ ...ctx, features }) === TRUE };
}

const QUANTILES = [0.25, 0.5, 0.75];
const BOOLEAN_FLAGS: [keyof Features & ("hasCode" | "hasJson" | "hasTable" | "hasUrl"), string, string][] = [
  ["hasCode", "code", "has code"],
  ["hasJson", "json", "has JSON"],
  ["hasTable", "table", "has a table"],
  ["hasUrl", "url", "has a URL"],
];

function cutPoints(values: number[], round: (x: number) => number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const cuts = QUANTILES.map((q) => round(quantileSorted(sorted, q)));
  return [...new Set(cuts)].filter((c) => sorted[0] <= c && c < sorted[sorted.length - 1]);
}

/**
 * The input-characteristic slices worth trying within one category: long / short inputs and
 * complex / simple instructions at the quartiles, a language other than the most common one, and
 * code, JSON, tables and URLs present. Slices that hold for none or all of the inputs are dropped.
 * @example candidateSlices(rows.map((r) => r.features)).map((s) => s.label)
 */
export function candidateSlices(features: readonly Features[]): Slice[] {
  const out: Slice[] = [];
  for (const t of cutPoints(
    features.map((f) => f.inputTokens),
    Math.round,
  )) {
    out.push(slice(`long-input-${t}`, `inputTokens > ${t}`, { inputTokens: { gt: t } }));
    out.push(slice(`short-input-${t}`, `inputTokens ≤ ${t}`, { inputTokens: { lte: t } }));
  }
  for (const t of cutPoints(
    features.map((f) => f.complexity),
    (x) => Math.round(x * 100) / 100,
  )) {
    out.push(slice(`complex-${Math.round(t * 100)}`, `complexity > ${t}`, { complexity: { gt: t } }));
    out.push(slice(`simple-${Math.round(t * 100)}`, `complexity ≤ ${t}`, { complexity: { lte: t } }));
  }
  const languages = new Map<string, number>();
  for (const f of features) languages.set(f.language, (languages.get(f.language) ?? 0) + 1);
  const top = [...languages.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (top && languages.size > 1) out.push(slice(`not-${top}`, `language not ${top}`, { not: { language: top } }));
  for (const [key, id, label] of BOOLEAN_FLAGS) out.push(slice(id, label, { [key]: true } as Condition));
  return out.filter((s) => {
    const hits = features.filter((f) => s.test(f)).length;
    return hits > 0 && hits < features.length;
  });
}

const LENGTH_BUCKETS: [number, string][] = [
  [100, "≤100 tokens"],
  [500, "101–500 tokens"],
  [2000, "501–2,000 tokens"],
  [8000, "2,001–8,000 tokens"],
];

/** Length bucket label of an input. */
export function lengthBucket(tokens: number): string {
  return LENGTH_BUCKETS.find(([max]) => tokens <= max)?.[1] ?? ">8,000 tokens";
}

/** Structure of an input: the first of code, table, JSON, URL it contains, else plain text. */
export function structureOf(f: Features): string {
  if (f.hasImages) return "images";
  if (f.hasTools) return "tools";
  if (f.hasCode) return "code";
  if (f.hasTable) return "table";
  if (f.hasJson || f.responseFormat !== "text") return "json";
  if (f.hasUrl) return "url";
  return f.turnCount > 1 ? "multi-turn" : "plain text";
}

/** Complexity band: simple (< 0.3), moderate (< 0.6), complex. */
export function complexityBand(c: number): string {
  return c < 0.3 ? "simple" : c < 0.6 ? "moderate" : "complex";
}

/** The characteristics failures are grouped by in reports. */
export const CHARACTERISTICS = ["length", "language", "structure", "complexity"] as const;
export type Characteristic = (typeof CHARACTERISTICS)[number];

/** An input's value for each reported characteristic. */
export function characteristicsOf(f: Features): Record<Characteristic, string> {
  return {
    length: lengthBucket(f.inputTokens),
    language: f.language,
    structure: structureOf(f),
    complexity: complexityBand(f.complexity),
  };
}
