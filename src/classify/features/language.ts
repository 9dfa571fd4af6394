import { wordModel } from "./lang-model";
import { bestIndex, scoreWords } from "./lang-score";
import { LATIN_COMMON_WORDS, LATIN_HINTS, LATIN_OTHER_WORDS, LATIN_SUFFIXES, LATIN_WEAK_HINTS } from "./lang-words";
import { languageFromScript } from "./lang-script";
import { countScripts, scriptFromCounts, scriptNames } from "./script";

/** A detector for Latin-script prose: ISO 639-1 code, or "" when unsure. */
export type RawDetector = (text: string) => string;

/** Language and dominant script of a text's prose. */
export interface LanguageInfo {
  /** ISO 639-1 code, or "und". */
  language: string;
  /** See `dominantScript`. */
  script: string;
}

/** Characters of prose read: enough words for the function-word count, bounded for long inputs. */
const SAMPLE_CHARS = 800;
/** Evidence a Latin-script language needs: a listed word, a letter of a few languages, two endings. */
const MIN_LATIN_SCORE = 0.5;
const LATIN = scriptNames().indexOf("Latin");
/**
 * Latin letters without a Latin language's words are identifiers ("Typedef JSDoc можно
 * преобразовать в тип TypeScript"): a second script with a quarter of the letters names the language.
 */
const MINOR_SCRIPT_SHARE = 4;
const LATIN_MODEL = wordModel(
  {
    words: { ...LATIN_COMMON_WORDS, ...LATIN_OTHER_WORDS },
    hints: LATIN_HINTS,
    weakHints: LATIN_WEAK_HINTS,
    suffixes: LATIN_SUFFIXES,
  },
  LATIN,
);
/** Languages from this index on are the less common ones. */
const LATIN_OTHER_FROM = Object.keys(LATIN_COMMON_WORDS).length;
/**
 * A less common language needs more than this much evidence above English's: Afrikaans, Scots
 * Gaelic or Tagalog share short words with English, and a false "not English" costs a premium call.
 */
const ENGLISH_MARGIN = 1;
const CODE_OR_LINKS = /```[\s\S]*?(?:```|$)|`[^`\n]*`|\bhttps?:\/\/\S+|\bwww\.\S+|\S+@\S+\.\w+/g;
const COMBINING_MARK = /[\u0300-\u036f]/;

/** The prose of a text: code blocks, inline code, URLs and e-mail addresses removed. */
export function proseOf(text: string): string {
  return text.includes("`") || text.includes("://") || text.includes("www.") || text.includes("@")
    ? text.replace(CODE_OR_LINKS, " ")
    : text;
}

/**
 * Latin-script language by function words, letters and endings (src/classify/features/lang-words.ts): 18
 * common languages (English first) and 19 less common ones, which need a margin over English; ""
 * without enough evidence.
 *
 * @example latinLanguage("Où est ma commande ?") // "fr"
 */
export const latinLanguage: RawDetector = (text) => {
  const scores = scoreWords(text, LATIN_MODEL);
  let best = bestIndex(scores);
  const english = scores[0];
  if (best >= LATIN_OTHER_FROM && english > 0 && scores[best] <= english + ENGLISH_MARGIN) {
    best = bestIndex(scores, LATIN_OTHER_FROM);
  }
  return best >= 0 && scores[best] >= MIN_LATIN_SCORE ? LATIN_MODEL.langs[best] : "";
};

/**
 * Language (ISO 639-1, or "und") and script of a text's prose (code and links removed, the first
 * 800 characters): the script settles CJK, Cyrillic, Arabic, Greek, Indic, … languages; Latin
 * script goes to `raw`, and when `raw` finds nothing, a second script with a quarter of the letters
 * decides.
 */
export function languageDetector(raw: RawDetector): (text: string) => LanguageInfo {
  return (text) => {
    let prose = proseOf(text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text);
    if (COMBINING_MARK.test(prose)) prose = prose.normalize("NFC");
    const counts = countScripts(prose, SAMPLE_CHARS);
    const script = scriptFromCounts(counts);
    let letters = 0;
    let best = -1;
    let second = -1;
    for (let i = 0; i < counts.length; i++) {
      letters += counts[i];
      if (best < 0 || counts[i] > counts[best]) [best, second] = [i, best];
      else if (second < 0 || counts[i] > counts[second]) second = i;
    }
    if (letters < 2) return { language: "und", script };
    const fromScript = languageFromScript(counts, letters, best, prose);
    if (fromScript || best !== LATIN) return { language: fromScript ?? "und", script };
    const latin = raw(prose);
    if (latin || counts[second] * MINOR_SCRIPT_SHARE < letters) return { language: latin || "und", script };
    return { language: languageFromScript(counts, letters, second, prose) ?? "und", script };
  };
}

/**
 * Language (ISO 639-1, or "und") and dominant script of a text.
 *
 * @example analyzeLanguage("¿Dónde está mi pedido?") // { language: "es", script: "Latin" }
 */
export const analyzeLanguage = languageDetector(latinLanguage);

/** ISO 639-1 code of a text's language, or "und" when it cannot tell. */
export function detectLanguage(text: string): string {
  return analyzeLanguage(text).language;
}
