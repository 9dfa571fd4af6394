/**
 * Keyword matching that is fast and knows word edges in any script. Unicode regexes (`\p{L}`
 * lookarounds) cost ~30 ns a character in V8, so: ASCII phrases go into one plain `\b…\b`
 * alternation (~2 ns a character), and the few non-ASCII phrases are found with indexOf on the
 * lower-cased text, with their word edges checked by hand. Scripts written without spaces (Han,
 * kana, Hangul with attached particles) get no edges.
 */

/** Escapes regex metacharacters. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const ASCII_WORD = /^[A-Za-z0-9_]$/;
const NON_ASCII = /[^\x00-\x7f]/;

/** Letters and digits outside ASCII that join a word (accented Latin, Cyrillic, Greek, Arabic, Indic…). */
function isSpacedLetter(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  if (code < 0xc0 || code === 0xd7 || code === 0xf7) return false;
  if (code >= 0x2000 && code <= 0x2bff) return false;
  return !isUnspaced(code) && !(code >= 0x3000 && code <= 0x303f) && !(code >= 0xff00 && code <= 0xff65);
}

function isUnspaced(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0x1100 && code <= 0x11ff)
  );
}

let lastText = "";
let lastLower: string | undefined;

/**
 * The lower-cased text when it has non-ASCII characters, else undefined. Remembers the last text:
 * the category and complexity matchers all read the same sample of a request.
 */
function lowerCaseIfNonAscii(text: string): string | undefined {
  if (text !== lastText) {
    lastText = text;
    lastLower = NON_ASCII.test(text) ? text.toLowerCase() : undefined;
  }
  return lastLower;
}

const body = (phrase: string) => escapeRegExp(phrase).replace(/\s+/g, "\\s+");

/**
 * One alternation for all ASCII phrases: those that start and end with a word character share one
 * `\b(?:…)\b` group (much faster in V8 than a `\b` per alternative), the rest get their own edges.
 */
function asciiRegex(phrases: string[]): RegExp {
  const edged = (p: string) => ASCII_WORD.test(p[0]) && ASCII_WORD.test(p[p.length - 1]);
  const alternatives: string[] = [];
  const words = phrases.filter(edged);
  if (words.length) alternatives.push(`\\b(?:${words.map(body).join("|")})\\b`);
  for (const p of phrases.filter((x) => !edged(x))) {
    alternatives.push(
      `${ASCII_WORD.test(p[0]) ? "\\b" : ""}${body(p)}${ASCII_WORD.test(p[p.length - 1]) ? "\\b" : ""}`,
    );
  }
  return new RegExp(alternatives.join("|"), "gi");
}

/** One found phrase: as configured (lower case) and where it starts. */
export interface PhraseHit {
  phrase: string;
  index: number;
}

/**
 * Finds configured phrases as whole words, case-insensitively.
 *
 * @example new PhraseMatcher(["por qué", "why"]).find("¿Por qué no?") // [{ phrase: "por qué", index: 1 }]
 */
export class PhraseMatcher {
  private readonly ascii?: RegExp;
  private readonly asciiPhrases = new Map<string, string>();
  private readonly other: string[];

  constructor(phrases: readonly string[]) {
    const clean = [...new Set(phrases.map((p) => p.trim().toLowerCase()).filter(Boolean))].sort(
      (a, b) => b.length - a.length,
    );
    const ascii = clean.filter((p) => !NON_ASCII.test(p));
    this.other = clean.filter((p) => NON_ASCII.test(p));
    for (const p of ascii) this.asciiPhrases.set(p.replace(/\s+/g, " "), p);
    if (ascii.length) this.ascii = asciiRegex(ascii);
  }

  /** Every hit, in text order for each kind (ASCII first, then the others). */
  find(text: string): PhraseHit[] {
    const hits: PhraseHit[] = [];
    if (this.ascii) {
      this.ascii.lastIndex = 0;
      for (let m = this.ascii.exec(text); m; m = this.ascii.exec(text)) {
        const key = m[0].toLowerCase().replace(/\s+/g, " ");
        hits.push({ phrase: this.asciiPhrases.get(key) ?? key, index: m.index });
      }
    }
    const lower = this.other.length ? lowerCaseIfNonAscii(text) : undefined;
    if (lower !== undefined) for (const phrase of this.other) this.findOther(lower, phrase, hits);
    return hits;
  }

  /** How many hits `find` would return. */
  count(text: string): number {
    return this.find(text).length;
  }

  private findOther(lower: string, phrase: string, hits: PhraseHit[]): void {
    const startEdge = isSpacedLetter(phrase.charCodeAt(0));
    const endEdge = isSpacedLetter(phrase.charCodeAt(phrase.length - 1));
    for (let at = lower.indexOf(phrase); at >= 0; at = lower.indexOf(phrase, at + 1)) {
      if (startEdge && at > 0 && isSpacedLetter(lower.charCodeAt(at - 1))) continue;
      const after = at + phrase.length;
      if (endEdge && after < lower.length && isSpacedLetter(lower.charCodeAt(after))) continue;
      hits.push({ phrase, index: at });
    }
  }
}
