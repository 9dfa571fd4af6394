/**
 * Keyword regexes with Unicode-aware word edges. JavaScript's `\b` only knows ASCII, so "por qué",
 * "évalue" or "почему" never match between `\b`s; these edges use `\p{L}` instead. Scripts written
 * without spaces (Han, kana, Hangul with attached particles) get no edges at all.
 */

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Escapes regex metacharacters. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function needsEdge(ch: string): boolean {
  return LETTER_OR_DIGIT.test(ch) && !UNSPACED.test(ch);
}

/**
 * Regex source matching `phrase` as whole words (case and spacing are the caller's flags).
 * Runs of spaces in the phrase match any whitespace.
 */
export function phraseSource(phrase: string): string {
  const p = phrase.trim();
  const body = escapeRegExp(p).replace(/\s+/g, "\\s+");
  const chars = Array.from(p);
  const start = needsEdge(chars[0] ?? "") ? "(?<![\\p{L}\\p{N}])" : "";
  const end = needsEdge(chars[chars.length - 1] ?? "") ? "(?![\\p{L}\\p{N}])" : "";
  return `${start}${body}${end}`;
}

/**
 * One case-insensitive regex matching any of `phrases` as whole words.
 *
 * @example phrasesRegex(["por qué", "warum"], "g").test("¿Por qué no?") // true
 */
export function phrasesRegex(phrases: readonly string[], extraFlags = ""): RegExp {
  const sorted = [...phrases].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(phraseSource).join("|"), `iu${extraFlags}`);
}
