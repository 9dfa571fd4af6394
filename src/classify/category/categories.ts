import type { Category } from "../../config/schema";
import { PhraseMatcher } from "../features/text-match";
import type { Features } from "../types";

/** One category's keywords (a PhraseMatcher: one ASCII alternation, indexOf for the rest) and patterns, compiled. */
export interface CompiledCategory {
  id: string;
  keywords?: PhraseMatcher;
  patterns: { source: string; re: RegExp }[];
}

/** A category set compiled once per config version; `errors` lists patterns that did not compile. */
export interface CompiledCategoryPatterns {
  categories: CompiledCategory[];
  errors: string[];
}

/** Points for each distinct keyword and each pattern that matches. */
const KEYWORD_POINTS = 1;
const PATTERN_POINTS = 2;
/** A keyword that opens a line ("Translate …", "Please summarise …") states the task: one more point. */
const LEADING_KEYWORD_POINTS = 1;
const LEAD_CHARS = 25;
/** Code in the input counts like a keyword for the `code` category, when the config has one. */
const CODE_FEATURE_POINTS = 1;
/** The pass decides only with at least this many points and at least twice the runner-up's. */
const MIN_POINTS = 2;
const MIN_LEAD_RATIO = 2;
/** Long texts are read at the head and the tail, where instructions sit; the middle is material. */
const HEAD_CHARS = 700;
const TAIL_CHARS = 300;

const compiledCache = new WeakMap<object, CompiledCategoryPatterns>();

/**
 * Compiles a category set's keywords and patterns, once per categories object (memoised: a config
 * version's categories compile on their first use, not when the config is compiled). Patterns use the `i` flag
 * like rule `pattern` conditions; a pattern that does not compile is skipped and reported.
 *
 * @example const compiled = compileCategoryPatterns(config.categories)
 */
export function compileCategoryPatterns(categories: Readonly<Record<string, Category>>): CompiledCategoryPatterns {
  const cached = compiledCache.get(categories);
  if (cached) return cached;
  const errors: string[] = [];
  const compiled = Object.entries(categories).map(([id, c]) => {
    const patterns: CompiledCategory["patterns"] = [];
    for (const source of c.patterns) {
      try {
        patterns.push({ source, re: new RegExp(source, "i") });
      } catch (e) {
        errors.push(`categories.${id}.patterns: ${(e as Error).message}`);
      }
    }
    return { id, keywords: c.keywords.length ? new PhraseMatcher(c.keywords) : undefined, patterns };
  });
  const result = { categories: compiled, errors };
  compiledCache.set(categories, result);
  return result;
}

/** The part of a text the rule-based pass reads: all of it when short, head and tail when long. */
export function instructionZone(text: string): string {
  if (text.length <= HEAD_CHARS + TAIL_CHARS) return text;
  return `${text.slice(0, HEAD_CHARS)}\n${text.slice(-TAIL_CHARS)}`;
}

/** True when the match at `index` starts within the first few characters of its line. */
function leadsLine(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf("\n", index - 1) + 1;
  return index - lineStart <= LEAD_CHARS;
}

interface Evidence {
  id: string;
  points: number;
  matched: string[];
}

function evidenceFor(c: CompiledCategory, zone: string, features: Features | undefined): Evidence {
  const matched: string[] = [];
  let points = 0;
  const hits = c.keywords?.find(zone) ?? [];
  if (hits.length) {
    const seen = new Set<string>();
    for (const { phrase: kw, index } of hits) {
      if (seen.has(kw)) continue;
      seen.add(kw);
      const leading = leadsLine(zone, index);
      points += KEYWORD_POINTS + (leading ? LEADING_KEYWORD_POINTS : 0);
      matched.push(leading ? `"${kw}" (leading)` : `"${kw}"`);
    }
  }
  for (const p of c.patterns) {
    if (p.re.test(zone)) {
      points += PATTERN_POINTS;
      matched.push(`/${p.source.length > 40 ? `${p.source.slice(0, 37)}...` : p.source}/`);
    }
  }
  if (c.id === "code" && features?.hasCode) {
    points += CODE_FEATURE_POINTS;
    matched.push("hasCode");
  }
  return { id: c.id, points, matched };
}

/** What the rule-based pass settled: the category, its points, and what matched (for explanations). */
export interface CategoryMatch {
  category: string;
  /** Points of the winner (keywords 1, patterns 2, code in the input 1). */
  score: number;
  /** Share of the evidence that is the winner's lead over the runner-up, 0.5..1. */
  confidence: number;
  matched: string;
}

/**
 * The rule-based pass: scores each category by the distinct keywords and the patterns that match
 * the head and tail of `text`, and decides only when the evidence is clear — at least 2 points and
 * at least twice the runner-up's. Anything closer is left to the cheap model (undefined).
 *
 * @example matchCategory("Translate to French: 'Thank you'", features, DEFAULT_CATEGORIES)?.category // "translation"
 */
export function matchCategory(
  text: string,
  features: Features | undefined,
  categories: Readonly<Record<string, Category>>,
  compiledPatterns: CompiledCategoryPatterns = compileCategoryPatterns(categories),
): CategoryMatch | undefined {
  const zone = instructionZone(text);
  let best: Evidence | undefined;
  let second = 0;
  for (const c of compiledPatterns.categories) {
    const e = evidenceFor(c, zone, features);
    if (!best || e.points > best.points) {
      second = best?.points ?? 0;
      best = e;
    } else if (e.points > second) second = e.points;
  }
  if (!best || best.points < MIN_POINTS || best.points < MIN_LEAD_RATIO * second) return undefined;
  return {
    category: best.id,
    score: best.points,
    confidence: Math.round((1 - second / best.points / 2) * 100) / 100,
    matched: best.matched.join(", "),
  };
}
