/**
 * Reads a prose sample word by word for `scoreWord`. Code-like sentences count nothing, ALL-CAPS
 * words and camelCase identifiers nothing (unless the whole sentence is in capitals), and quoted
 * material a quarter when there is unquoted prose: "Translate into English: \"Der Vertrag …\"" is
 * an English request about German text.
 */
import { scoreWord, type WordModel } from "./lang-model";
import { scriptIndexOf } from "./script";

/** Weight of quoted words when the text also has unquoted prose. */
const QUOTED_WEIGHT = 0.25;
const MAX_WORD = 24;
/** Reading stops after a sentence once the leader has this much evidence and twice the runner-up's. */
const DECISIVE_SCORE = 8;
/** Words of code-free prose scored as a sentence of their own, so long sentences can stop early too. */
const MAX_SENTENCE = 12;

interface Word {
  text: string;
  quoted: boolean;
}

/**
 * Score of each of the model's languages for `text` (already stripped of fenced code and links).
 *
 * @example scoreWords("Where is my order?", latin) // en highest
 */
export function scoreWords(text: string, model: WordModel): number[] {
  const reader = new SentenceReader(model);
  let start = -1;
  for (let i = 0; i <= text.length && !reader.decided; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (isWordChar(text, i, c, model.script)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start <= MAX_WORD) reader.word(text.slice(start, i));
    start = -1;
    if (isQuote(text, i, c, reader.quoted)) reader.quoted = !reader.quoted;
    else if (isCodeChar(text, i, c)) reader.chunkIsCode = true;
    if (c === 0x20 || c === 9 || c === 13) reader.endChunk();
    else if (endsSentence(text, i, c)) {
      reader.endSentence();
      if (c === 10 && text.charCodeAt(i + 1) === 10) reader.quoted = false;
    }
  }
  reader.endSentence();
  return reader.scores();
}

/**
 * Collects words per whitespace-separated chunk and per sentence. Words of a chunk with code
 * characters (`customer_id`, `f(x)`, `4z`) are dropped; in a sentence with such chunks, so are
 * one-letter words (variables); a sentence with more code chunks than words is dropped whole.
 */
class SentenceReader {
  quoted = false;
  chunkIsCode = false;
  /** The unquoted prose read so far settles the language. */
  decided = false;
  private chunk: Word[] = [];
  private sentence: Word[] = [];
  private codeChunks = 0;
  private readonly plain: number[];
  private readonly inQuotes: number[];

  constructor(private readonly model: WordModel) {
    this.plain = new Array<number>(model.langs.length).fill(0);
    this.inQuotes = new Array<number>(model.langs.length).fill(0);
  }

  word(text: string): void {
    this.chunk.push({ text, quoted: this.quoted });
  }

  endChunk(): void {
    this.closeChunk();
    if (!this.codeChunks && this.sentence.length >= MAX_SENTENCE) this.endSentence();
  }

  endSentence(): void {
    this.closeChunk();
    const words = this.codeChunks ? this.sentence.filter((w) => w.text.length > 1) : this.sentence;
    if (this.codeChunks <= words.length) scoreSentence(words, this.plain, this.inQuotes, this.model);
    this.sentence = [];
    this.codeChunks = 0;
    this.decided = isDecisive(this.plain);
  }

  private closeChunk(): void {
    if (this.chunkIsCode) this.codeChunks++;
    else this.sentence.push(...this.chunk);
    this.chunk = [];
    this.chunkIsCode = false;
  }

  scores(): number[] {
    const weight = this.plain.some((v) => v > 0) ? QUOTED_WEIGHT : 1;
    for (let i = 0; i < this.plain.length; i++) this.plain[i] += weight * this.inQuotes[i];
    return this.plain;
  }
}

/** Index of the highest score among the first `end`, earlier languages winning ties; -1 when every score is 0. */
export function bestIndex(scores: readonly number[], end = scores.length): number {
  let best = -1;
  for (let i = 0; i < end; i++) if (scores[i] > 0 && (best < 0 || scores[i] > scores[best])) best = i;
  return best;
}

function isDecisive(scores: readonly number[]): boolean {
  let first = 0;
  let second = 0;
  for (const v of scores) {
    if (v > first) [first, second] = [v, first];
    else if (v > second) second = v;
  }
  return first >= DECISIVE_SCORE && first >= 2 * second;
}

function scoreSentence(sentence: Word[], plain: number[], quoted: number[], model: WordModel): void {
  const shouting = sentence.length >= 2 && sentence.every((w) => isAllCaps(w.text) || w.text.length < 2);
  for (const w of sentence) {
    if (!shouting && (isAllCaps(w.text) || isCamelCase(w.text))) continue;
    scoreWord(w.text, w.quoted ? quoted : plain, model);
  }
}

/** ALL-CAPS words are SQL keywords and acronyms in a sentence that has lower-case words. */
function isAllCaps(word: string): boolean {
  const first = word.charCodeAt(0);
  if (first >= 0x61 && first <= 0x7a) return false;
  return word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase();
}

function isCamelCase(word: string): boolean {
  for (let i = 1; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a && word.charCodeAt(i - 1) >= 0x61) return true;
  }
  return false;
}

/** Letters of the script, combining marks, and apostrophes or hyphens between letters ("don't", "e-mail"). */
function isWordChar(text: string, i: number, c: number, script: number): boolean {
  if (c >= 0x300 && c <= 0x36f) return true;
  if (c === 0x27 || c === 0x2019 || c === 0x2bc || c === 0x2d)
    return isLetterAt(text, i - 1, script) && isLetterAt(text, i + 1, script);
  return scriptIndexOf(c) === script;
}

function isLetterAt(text: string, i: number, script: number): boolean {
  return i >= 0 && i < text.length && scriptIndexOf(text.charCodeAt(i)) === script;
}

const QUOTES = new Set([0x22, 0x201c, 0x201d, 0x201e, 0xab, 0xbb, 0x300c, 0x300d, 0x300e, 0x300f]);
const LETTER = /\p{L}/u;

/** Double quotes of any convention toggle; a single quote opens before a word and closes after one. */
function isQuote(text: string, i: number, c: number, open: boolean): boolean {
  if (QUOTES.has(c)) return true;
  if (c !== 0x27 && c !== 0x2018 && c !== 0x2019) return false;
  const before = i > 0 && LETTER.test(text[i - 1]);
  const after = i + 1 < text.length && LETTER.test(text[i + 1]);
  return open ? !after : !before && after;
}

const CODE_CHARS = new Set([..."{}[];=<>_\\+^"].map((ch) => ch.charCodeAt(0)));
const WORD_OR_DIGIT = /[\p{L}\d]/u;

/** What prose rarely has: braces, semicolons, `=`, `+`, `foo(` calls, `4z` or `x2`. */
function isCodeChar(text: string, i: number, c: number): boolean {
  if (CODE_CHARS.has(c)) return true;
  if (c === 0x28) return i > 0 && WORD_OR_DIGIT.test(text[i - 1]);
  if (c < 0x30 || c > 0x39) return false;
  return (i > 0 && LETTER.test(text[i - 1])) || (i + 1 < text.length && LETTER.test(text[i + 1]));
}

/** Sentences end at a newline, or at . ? ! : followed by a space or the end. */
function endsSentence(text: string, i: number, c: number): boolean {
  if (c === 10) return true;
  if (c !== 0x2e && c !== 0x3f && c !== 0x21 && c !== 0x3a) return false;
  const next = text.charCodeAt(i + 1);
  return Number.isNaN(next) || next === 0x20 || next === 10 || next === 9 || next === 13;
}
