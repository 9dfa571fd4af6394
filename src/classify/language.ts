import { eld } from "eld/extrasmall";
import { countScripts, scriptFromCounts, scriptNames } from "./script";

/** A language-identification library reduced to one call: ISO 639-1 code, or "" when unsure. */
export type RawDetector = (text: string) => string;

/** Language and dominant script of a text's prose. */
export interface LanguageInfo {
  /** ISO 639-1 code, or "und". */
  language: string;
  /** See `dominantScript`. */
  script: string;
}

const NAMES = scriptNames();
const at = (name: string) => NAMES.indexOf(name);
const HAN = at("Han");
const KANA = at("Kana");
const HANGUL = at("Hangul");
/** Scripts written by essentially one language: no n-gram model needed. */
const SINGLE_LANGUAGE: ReadonlyMap<number, string> = new Map([
  [at("Greek"), "el"],
  [at("Hebrew"), "he"],
  [at("Thai"), "th"],
  [at("Armenian"), "hy"],
  [at("Georgian"), "ka"],
  [at("Bengali"), "bn"],
  [at("Tamil"), "ta"],
]);
/**
 * Words that are English and no other language's common words: when at least a fifth of a pure
 * ASCII sample's words are these, the text is English without asking the n-gram model (English
 * is most of the traffic, and this is several times cheaper).
 */
const ENGLISH_ONLY = new Set(
  "the and of you that it for with this are what how can please your my be have will would should from which there their they we our these those about into".split(" "),
);
const ENGLISH_MIN_WORDS = 8;
const ENGLISH_MIN_SHARE = 0.2;
const ASCII_WORDS = /[A-Za-z]+/g;
const NON_ASCII = /[^\x00-\x7f]/;

/** True when an ASCII-only sample is clearly English by its function words. */
export function clearlyEnglish(sample: string): boolean {
  if (NON_ASCII.test(sample)) return false;
  const words = sample.match(ASCII_WORDS);
  if (!words || words.length < ENGLISH_MIN_WORDS) return false;
  let hits = 0;
  for (const w of words) if (ENGLISH_ONLY.has(w.toLowerCase())) hits++;
  return hits >= words.length * ENGLISH_MIN_SHARE;
}

/** One CJK character carries about as much text as a short word in an alphabetic script. */
const CJK_WEIGHT = 4;
const SAMPLE_CHARS = 200;

const CODE_OR_LINKS = /```[\s\S]*?(?:```|$)|`[^`\n]*`|\bhttps?:\/\/\S+|\bwww\.\S+|\S+@\S+\.\w+/g;

/** The prose of a text: code blocks, inline code, URLs and e-mail addresses removed. */
export function proseOf(text: string): string {
  return text.includes("`") || text.includes("://") || text.includes("www.") || text.includes("@")
    ? text.replace(CODE_OR_LINKS, " ")
    : text;
}

/**
 * Wraps a raw detector with what it does badly: CJK and single-language scripts are decided from
 * Unicode ranges, plain English by its function words, code and links are removed, and long texts
 * are sampled (the first 800
 * characters of prose for the script, the first 200 for the n-gram model).
 */
export function languageDetector(raw: RawDetector): (text: string) => LanguageInfo {
  return (text) => {
    const prose = proseOf(text.length > SAMPLE_CHARS * 4 ? text.slice(0, SAMPLE_CHARS * 4) : text);
    const counts = countScripts(prose, SAMPLE_CHARS * 4);
    const script = scriptFromCounts(counts);
    let letters = 0;
    let best = -1;
    for (let i = 0; i < counts.length; i++) {
      letters += counts[i];
      if (best < 0 || counts[i] > counts[best]) best = i;
    }
    if (letters < 2) return { language: "und", script };
    const fromScript = byScript(counts, letters, best);
    if (fromScript) return { language: fromScript, script };
    const sample = prose.length > SAMPLE_CHARS ? prose.slice(0, SAMPLE_CHARS) : prose;
    if (script === "Latin" && clearlyEnglish(sample)) return { language: "en", script };
    return { language: raw(sample) || "und", script };
  };
}

function byScript(counts: Uint32Array, letters: number, best: number): string | undefined {
  const cjk = counts[HAN] + counts[KANA] + counts[HANGUL];
  if (cjk * CJK_WEIGHT >= letters - cjk) {
    if (counts[HANGUL] >= counts[HAN] + counts[KANA]) return "ko";
    return counts[KANA] * 10 >= counts[HAN] + counts[KANA] ? "ja" : "zh";
  }
  return SINGLE_LANGUAGE.get(best);
}

/** The Worker's detector: eld (extra-small n-gram set) behind the script shortcuts. */
export const eldDetector: RawDetector = (text) => eld.detect(text).language;

/**
 * Language (ISO 639-1, or "und") and dominant script of a text.
 *
 * @example analyzeLanguage("¿Dónde está mi pedido?") // { language: "es", script: "Latin" }
 */
export const analyzeLanguage = languageDetector(eldDetector);

/** ISO 639-1 code of a text's language, or "und" when it cannot tell. */
export function detectLanguage(text: string): string {
  return analyzeLanguage(text).language;
}
