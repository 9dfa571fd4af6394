/**
 * Token estimate without a tokenizer: character classes counted in one pass, weighted by
 * coefficients fitted against o200k_base on varied text (prose in 14 languages, code, JSON,
 * markdown; see `npm run bench:classify-tokens -- --fit`). A real tokenizer's rank tables weigh
 * megabytes; this weighs nothing and is within a few percent on typical prompts
 * (docs/classification.md has the figures).
 */

/** What `tokenClassCounts` counts, in order. */
export const TOKEN_CLASSES = [
  "asciiLetters",
  "digits",
  "punct",
  "newlines",
  "latinExt",
  "cyrillic",
  "arabicHebrew",
  "indic",
  "han",
  "kana",
  "hangul",
  "other",
  "wordRuns",
  "longWordExtra",
  "digitRuns",
  "punctRuns",
  "spaceRuns",
  "caseHumps",
] as const;
export const TOKEN_CLASS_COUNT = TOKEN_CLASSES.length;

const ASCII_LETTERS = 0;
const DIGITS = 1;
const PUNCT = 2;
const NEWLINES = 3;
const LATIN_EXT = 4;
const CYRILLIC = 5;
const ARABIC_HEBREW = 6;
const INDIC = 7;
const HAN = 8;
const KANA = 9;
const HANGUL = 10;
const OTHER = 11;
const WORD_RUNS = 12;
const LONG_WORD_EXTRA = 13;
const DIGIT_RUNS = 14;
const PUNCT_RUNS = 15;
const SPACE_RUNS = 16;
const CASE_HUMPS = 17;
/** Table-only codes: not counted themselves. */
const SPACE = 254;
const IGNORE = 255;
/** Letters of a word beyond this many are counted in longWordExtra (long words split). */
const SHORT_WORD = 10;

/** Code unit → class, built once per isolate (64 KiB). */
const CLASS_OF: Uint8Array = buildClassTable();

function buildClassTable(): Uint8Array {
  const t = new Uint8Array(0x10000).fill(OTHER);
  const set = (from: number, to: number, cls: number) => t.fill(cls, from, to + 1);
  set(0x00, 0x7f, PUNCT);
  set(0x30, 0x39, DIGITS);
  set(0x41, 0x5a, ASCII_LETTERS);
  set(0x61, 0x7a, ASCII_LETTERS);
  set(0x80, 0xbf, PUNCT);
  set(0xc0, 0x24f, LATIN_EXT);
  set(0x1e00, 0x1eff, LATIN_EXT);
  set(0x0400, 0x052f, CYRILLIC);
  set(0x0590, 0x077f, ARABIC_HEBREW);
  set(0xfb50, 0xfeff, ARABIC_HEBREW);
  set(0x0900, 0x0dff, INDIC);
  set(0x3400, 0x4dbf, HAN);
  set(0x4e00, 0x9fff, HAN);
  set(0xf900, 0xfaff, HAN);
  set(0x3040, 0x30ff, KANA);
  set(0x1100, 0x11ff, HANGUL);
  set(0x3130, 0x318f, HANGUL);
  set(0xac00, 0xd7af, HANGUL);
  t[0xd7] = PUNCT;
  t[0xf7] = PUNCT;
  t[0x0a] = NEWLINES;
  t[0x20] = SPACE;
  t[0x09] = SPACE;
  t[0xa0] = SPACE;
  t[0x0d] = IGNORE;
  return t;
}

/** Classes that form words (a run of them counts once in wordRuns). */
const ALPHABETIC: Uint8Array = Uint8Array.from({ length: 256 }, (_, c) =>
  c === ASCII_LETTERS || c === LATIN_EXT || c === CYRILLIC || c === ARABIC_HEBREW || c === INDIC ? 1 : 0,
);

/**
 * Adds `text`'s character-class counts into `out` (length TOKEN_CLASS_COUNT).
 * One pass over UTF-16 code units; no allocation.
 */
export function tokenClassCounts(text: string, out: Float64Array): Float64Array {
  let prev = SPACE;
  let spaceRun = 0;
  let wordLen = 0;
  let lower = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const cls = CLASS_OF[code];
    if (cls === SPACE) {
      spaceRun++;
      prev = SPACE;
      continue;
    }
    if (cls === IGNORE) continue;
    if (spaceRun > 1) out[SPACE_RUNS]++;
    spaceRun = 0;
    out[cls]++;
    if (ALPHABETIC[cls] === 1) {
      if (ALPHABETIC[prev] !== 1) {
        out[WORD_RUNS]++;
        wordLen = 0;
        lower = false;
      }
      if (++wordLen > SHORT_WORD) out[LONG_WORD_EXTRA]++;
      if (code >= 0x41 && code <= 0x5a) {
        if (lower) out[CASE_HUMPS]++;
        lower = false;
      } else lower = true;
    } else if (cls !== prev) {
      if (cls === DIGITS) out[DIGIT_RUNS]++;
      else if (cls === PUNCT) out[PUNCT_RUNS]++;
    }
    prev = cls;
  }
  if (spaceRun > 1) out[SPACE_RUNS]++;
  return out;
}

/**
 * Tokens per unit of each class, fitted (non-negative least squares on relative error) against
 * gpt-tokenizer's o200k_base. Regenerate with `npm run bench:classify-tokens -- --fit`.
 */
export const TOKEN_WEIGHTS: Readonly<Float64Array> = Float64Array.from([
  0.1561, 0.1549, 0.0716, 0.2706, 0.779, 0.2122, 0.2633, 0.3037, 0.8409, 0.4672, 0.6738, 0.5796, 0.3861, 0.036, 1.7234,
  0.7056, 0.6241, 0.0597,
]);

/** Tokens estimated from class counts. */
export function tokensFromCounts(counts: ArrayLike<number>, weights: ArrayLike<number> = TOKEN_WEIGHTS): number {
  let sum = 0;
  for (let i = 0; i < TOKEN_CLASS_COUNT; i++) sum += counts[i] * weights[i];
  return sum;
}

/**
 * Estimated o200k tokens of a text.
 *
 * @example estimateTokens("Where is my refund?") // ≈ 5
 */
export function estimateTokens(text: string): number {
  if (!text) return 0;
  return Math.max(1, Math.round(tokensFromCounts(tokenClassCounts(text, new Float64Array(TOKEN_CLASS_COUNT)))));
}
