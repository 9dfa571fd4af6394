/**
 * Writing-system detection from Unicode ranges. One pass over char codes, no regexes: the result
 * feeds rules (`script: [Han, Arabic]`) and lets the language detector skip scripts that name their
 * language outright (Hangul → ko, kana → ja).
 */

const SCRIPTS = [
  "Latin",
  "Cyrillic",
  "Greek",
  "Armenian",
  "Hebrew",
  "Arabic",
  "Devanagari",
  "Bengali",
  "Tamil",
  "Thai",
  "Georgian",
  "Hangul",
  "Han",
  "Kana",
  "Ethiopic",
  "Other",
] as const;
const OTHER = SCRIPTS.length - 1;
const LATIN = 0;
const HAN = SCRIPTS.indexOf("Han");
const KANA = SCRIPTS.indexOf("Kana");

/** [start, end, script index] for letters outside ASCII, sorted by start. */
const RANGES: ReadonlyArray<readonly [number, number, number]> = [
  [0x00c0, 0x024f, 0],
  [0x0370, 0x03ff, 2],
  [0x0400, 0x052f, 1],
  [0x0531, 0x058f, 3],
  [0x0590, 0x05ff, 4],
  [0x0600, 0x06ff, 5],
  [0x0750, 0x077f, 5],
  [0x0900, 0x097f, 6],
  [0x0980, 0x09ff, 7],
  [0x0b80, 0x0bff, 8],
  [0x0e00, 0x0e7f, 9],
  [0x10a0, 0x10ff, 10],
  [0x1100, 0x11ff, 11],
  [0x1200, 0x139f, 14],
  [0x1e00, 0x1eff, 0],
  [0x3040, 0x30ff, 13],
  [0x3130, 0x318f, 11],
  [0x31f0, 0x31ff, 13],
  [0x3400, 0x4dbf, 12],
  [0x4e00, 0x9fff, 12],
  [0xac00, 0xd7af, 11],
  [0xf900, 0xfaff, 12],
  [0xfb50, 0xfdff, 5],
  [0xfe70, 0xfeff, 5],
  [0xff66, 0xff9f, 13],
];

/** Script index of one UTF-16 code unit, or -1 for digits, punctuation, spaces and symbols. */
export function scriptIndexOf(code: number): number {
  if (code < 0x80) return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a ? LATIN : -1;
  if (code < 0xc0 || code === 0xd7 || code === 0xf7) return -1;
  let lo = 0;
  let hi = RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end, script] = RANGES[mid];
    if (code < start) hi = mid - 1;
    else if (code > end) lo = mid + 1;
    else return script;
  }
  if (code >= 0xd800 && code <= 0xdfff) return -1;
  if (code >= 0x2000 && code <= 0x2bff) return -1;
  if (code >= 0x3000 && code <= 0x303f) return -1;
  if (code >= 0xff00 && code <= 0xff65) return -1;
  return OTHER;
}

/** Letters counted per script: indexes follow `scriptNames()`. */
export function countScripts(text: string, maxChars = 4000): Uint32Array {
  const counts = new Uint32Array(SCRIPTS.length);
  const n = Math.min(text.length, maxChars);
  for (let i = 0; i < n; i++) {
    const s = scriptIndexOf(text.charCodeAt(i));
    if (s >= 0) counts[s]++;
  }
  return counts;
}

/** The script names `countScripts` counts, in order. */
export function scriptNames(): readonly string[] {
  return SCRIPTS;
}

/**
 * The dominant writing system of a text: "Latin", "Cyrillic", "Han", "Arabic", …, "None" when it
 * has no letters. Japanese (Han mixed with kana) reports "Kana" whenever kana make up at least a
 * tenth of its CJK letters, so that "Han" means Chinese.
 *
 * @example dominantScript("Где мой заказ?") // "Cyrillic"
 */
export function dominantScript(text: string, maxChars = 4000): string {
  return scriptFromCounts(countScripts(text, maxChars));
}

/** `dominantScript` from counts already taken. */
export function scriptFromCounts(counts: Uint32Array): string {
  let best = -1;
  let bestCount = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] > bestCount) {
      best = i;
      bestCount = counts[i];
    }
  }
  if (best < 0) return "None";
  const cjk = counts[HAN] + counts[KANA];
  if ((best === HAN || best === KANA) && counts[KANA] * 10 >= cjk) return "Kana";
  return SCRIPTS[best];
}
