import { z } from "zod";

/** How an answer fared as a JSON document: parsed, valid against the schema, fields matched. */
export interface JsonScore {
  score: number;
  parsed: boolean;
  schemaValid: boolean;
  /** Reference fields matched / compared (absent without a reference). */
  fields?: { matched: number; total: number };
  error?: string;
}

const FENCE = /```(?:json)?\s*([\s\S]*?)```/i;

/**
 * The JSON document in a model's answer: the whole text, a fenced block, or the first balanced
 * object or array in it. Undefined when there is none.
 * @example extractJson('Here you go: {"a": 1}') // { a: 1 }
 */
export function extractJson(text: string): unknown {
  const candidates = [text.trim(), FENCE.exec(text)?.[1]?.trim() ?? ""];
  const start = text.search(/[[{]/);
  if (start >= 0) candidates.push(balanced(text, start));
  for (const c of candidates) {
    if (!c) continue;
    try {
      return JSON.parse(c);
    } catch {
      /* next candidate */
    }
  }
  return undefined;
}

function balanced(text: string, start: number): string {
  const open = text[start];
  const close = open === "{" ? "}" : "]";
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return text.slice(start, i + 1);
  }
  return "";
}

const schemas = new WeakMap<object, z.ZodType>();

function schemaOf(jsonSchema: Record<string, unknown>): z.ZodType {
  let s = schemas.get(jsonSchema);
  if (!s) {
    s = z.fromJSONSchema(jsonSchema as Parameters<typeof z.fromJSONSchema>[0]);
    schemas.set(jsonSchema, s);
  }
  return s;
}

const norm = (v: unknown) =>
  typeof v === "string" ? v.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim() : v;

function same(a: unknown, b: unknown): boolean {
  const x = norm(a);
  const y = norm(b);
  if (typeof x === "number" || typeof y === "number") {
    const nx = Number(x);
    const ny = Number(y);
    return Number.isFinite(nx) && Number.isFinite(ny) && Math.abs(nx - ny) <= 1e-6 * Math.max(1, Math.abs(ny));
  }
  return x === y;
}

/** Compares the reference's leaves with the answer's: [matched, total]; primitive arrays as sets. */
function matchFields(ref: unknown, got: unknown): [number, number] {
  if (Array.isArray(ref) && ref.every((v) => v === null || typeof v !== "object")) {
    if (ref.length === 0) return [Array.isArray(got) && got.length === 0 ? 1 : 0, 1];
    const pool = Array.isArray(got) ? [...got] : [];
    let hit = 0;
    for (const v of ref) {
      const i = pool.findIndex((g) => same(g, v));
      if (i >= 0) {
        hit++;
        pool.splice(i, 1);
      }
    }
    return [hit / ref.length, 1];
  }
  if (ref !== null && typeof ref === "object") {
    let matched = 0;
    let total = 0;
    for (const [k, v] of Object.entries(ref)) {
      const child = got !== null && typeof got === "object" ? (got as Record<string, unknown>)[k] : undefined;
      const [m, t] = matchFields(v, child);
      matched += m;
      total += t;
    }
    return [matched, total];
  }
  return [same(ref, got) ? 1 : 0, 1];
}

/**
 * Scores an extraction answer: 0 unless it holds JSON that the schema (when given) accepts; then
 * the share of the reference's fields it reproduces (strings compared case- and space-insensitively,
 * numbers numerically, primitive lists as sets), or 1 without a reference.
 * @example jsonScore('{"name":"Ada","year":1843}', schema, { name: "ada", year: 1843 }).score // 1
 */
export function jsonScore(answer: string, schema?: Record<string, unknown>, reference?: unknown): JsonScore {
  const doc = extractJson(answer);
  if (doc === undefined) return { score: 0, parsed: false, schemaValid: false, error: "no JSON in the answer" };
  if (schema) {
    const parsed = schemaOf(schema).safeParse(doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        score: 0,
        parsed: true,
        schemaValid: false,
        error: `schema: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
      };
    }
  }
  if (reference === undefined) return { score: 1, parsed: true, schemaValid: true };
  const ref = typeof reference === "string" ? (extractJson(reference) ?? reference) : reference;
  const [matched, total] = matchFields(ref, doc);
  return { score: total === 0 ? 1 : matched / total, parsed: true, schemaValid: true, fields: { matched, total } };
}
