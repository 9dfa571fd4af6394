/**
 * Languages decided by their writing system: CJK from Han/kana/Hangul shares, scripts that one
 * language writes (Greek, Hebrew, Thai, …), Arabic-script languages by their extra letters, and
 * Cyrillic ones by function words and letters (і/ї/є → Ukrainian, ђ/ћ → Serbian, …).
 */
import { wordModel } from "./lang-model";
import { bestIndex, scoreWords } from "./lang-score";
import { CYRILLIC_HINTS, CYRILLIC_SUFFIXES, CYRILLIC_WORDS } from "./lang-words";
import { scriptNames } from "./script";

const NAMES = scriptNames();
const at = (name: string) => NAMES.indexOf(name);
const HAN = at("Han");
const KANA = at("Kana");
const HANGUL = at("Hangul");
const CYRILLIC = at("Cyrillic");
const ARABIC = at("Arabic");
const OTHER = at("Other");
/** One CJK character carries about as much text as a short word in an alphabetic script. */
const CJK_WEIGHT = 4;

/** Scripts written by essentially one language (as far as chat traffic goes). */
const SINGLE_LANGUAGE: ReadonlyMap<number, string> = new Map([
  [at("Greek"), "el"],
  [at("Hebrew"), "he"],
  [at("Thai"), "th"],
  [at("Armenian"), "hy"],
  [at("Georgian"), "ka"],
  [at("Bengali"), "bn"],
  [at("Tamil"), "ta"],
  [at("Devanagari"), "hi"],
  [at("Ethiopic"), "am"],
]);

/** Blocks that `countScripts` lumps into "Other": [start, end, language]. */
const OTHER_BLOCKS: ReadonlyArray<readonly [number, number, string]> = [
  [0x0780, 0x07bf, "dv"],
  [0x0a00, 0x0a7f, "pa"],
  [0x0a80, 0x0aff, "gu"],
  [0x0b00, 0x0b7f, "or"],
  [0x0c00, 0x0c7f, "te"],
  [0x0c80, 0x0cff, "kn"],
  [0x0d00, 0x0d7f, "ml"],
  [0x0d80, 0x0dff, "si"],
  [0x0e80, 0x0eff, "lo"],
  [0x0f00, 0x0fff, "bo"],
  [0x1000, 0x109f, "my"],
  [0x1780, 0x17ff, "km"],
  [0x1800, 0x18af, "mn"],
];

const CYRILLIC_MODEL = wordModel(
  { words: CYRILLIC_WORDS, hints: CYRILLIC_HINTS, suffixes: CYRILLIC_SUFFIXES },
  CYRILLIC,
);

/** Letters Urdu adds to the Arabic alphabet, and those Persian and Urdu share. */
const URDU = new Set([0x679, 0x688, 0x691, 0x6ba, 0x6be, 0x6c1, 0x6d2]);
const PERSIAN_OR_URDU = new Set([0x67e, 0x686, 0x698, 0x6a9, 0x6af, 0x6cc]);

/**
 * The language a text's script settles, or undefined when the script leaves it open (Latin).
 * `counts` are `countScripts` letters of `prose`; `best` the index of the largest count.
 *
 * @example languageFromScript(countScripts("Дякую!"), 6, CYRILLIC, "Дякую!") // "uk"
 */
export function languageFromScript(
  counts: Uint32Array,
  letters: number,
  best: number,
  prose: string,
): string | undefined {
  const cjk = counts[HAN] + counts[KANA] + counts[HANGUL];
  if (cjk * CJK_WEIGHT >= letters - cjk) {
    if (counts[HANGUL] >= counts[HAN] + counts[KANA]) return "ko";
    return counts[KANA] * 10 >= counts[HAN] + counts[KANA] ? "ja" : "zh";
  }
  if (best === CYRILLIC) return CYRILLIC_MODEL.langs[Math.max(0, bestIndex(scoreWords(prose, CYRILLIC_MODEL)))];
  if (best === ARABIC) return arabicScript(prose);
  if (best === OTHER) return otherScript(prose);
  return SINGLE_LANGUAGE.get(best);
}

function arabicScript(prose: string): string {
  let urdu = 0;
  let shared = 0;
  for (let i = 0; i < prose.length; i++) {
    const c = prose.charCodeAt(i);
    if (URDU.has(c)) urdu++;
    else if (PERSIAN_OR_URDU.has(c)) shared++;
  }
  if (urdu > 0 && urdu * 4 >= shared) return "ur";
  return shared > 0 ? "fa" : "ar";
}

function otherScript(prose: string): string | undefined {
  const counts = new Map<string, number>();
  for (let i = 0; i < prose.length; i++) {
    const c = prose.charCodeAt(i);
    if (c < 0x780 || c > 0x18af) continue;
    const block = OTHER_BLOCKS.find(([start, end]) => c >= start && c <= end);
    if (block) counts.set(block[2], (counts.get(block[2]) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [lang, n] of counts) if (!best || n > (counts.get(best) ?? 0)) best = lang;
  return best;
}
