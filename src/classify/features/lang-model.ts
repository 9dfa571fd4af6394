/**
 * Compiled word lists of one script's languages, and what one word adds to each language's score:
 * a point when a list holds it, half a point per letter only some languages use (a quarter for the
 * weak ones, at most one point a word), a third of a point for a typical ending.
 */

/**
 * Per-language lists, whitespace-separated (words, endings) or concatenated (letters). A word
 * ending in "~" counts half: frequent in the language, but far more so in a neighbour (Spanish
 * "o", Portuguese "o").
 */
export interface LanguageLists {
  words: Readonly<Record<string, string>>;
  hints?: Readonly<Record<string, string>>;
  weakHints?: Readonly<Record<string, string>>;
  suffixes?: Readonly<Record<string, string>>;
}

/** A script's languages, ready for `scoreWord`. */
export interface WordModel {
  /** Language codes; index order is tie-break order. */
  langs: readonly string[];
  /** `scriptIndexOf` value of the letters that make words. */
  script: number;
  /** Word → [language index, weight]. */
  words: ReadonlyMap<string, ReadonlyArray<readonly [number, number]>>;
  /** Char code → [language index, weight]. */
  hints: ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>;
  /** Endings by their last two letters, longest first: [ending, language indexes]. */
  suffixes: ReadonlyMap<string, ReadonlyArray<readonly [string, readonly number[]]>>;
}

const HINT_WEIGHT = 0.5;
const WEAK_HINT_WEIGHT = 0.25;
const SUFFIX_WEIGHT = 1 / 3;
const MINOR_WORD_WEIGHT = 0.5;
/** Letters a word keeps before an ending counts. */
const MIN_STEM = 2;

const VARIANTS = /[’ʼșț]/;

/** Folds spelling variants that keyboards mix: typographic apostrophes, Romanian ș/ş and ț/ţ. */
export function fold(word: string): string {
  return VARIANTS.test(word) ? word.replace(/[’ʼ]/g, "'").replace(/ș/g, "ş").replace(/ț/g, "ţ") : word;
}

/**
 * Compiles the lists of a script's languages; the order of `lists.words` is the tie-break order.
 *
 * @example wordModel({ words: { en: "the and", de: "der und" } }, scriptNames().indexOf("Latin"))
 */
export function wordModel(lists: LanguageLists, script: number): WordModel {
  const langs = Object.keys(lists.words);
  const words = new Map<string, Array<[number, number]>>();
  const suffixes = new Map<string, number[]>();
  const hints = new Map<number, Array<[number, number]>>();
  const addTo = (map: Map<string, number[]>, key: string, lang: number) => {
    const list = map.get(key) ?? [];
    if (!list.includes(lang)) map.set(key, [...list, lang]);
  };
  const addHints = (letters: string, lang: number, weight: number) => {
    for (const ch of letters) {
      const list = hints.get(ch.charCodeAt(0)) ?? [];
      if (!list.some(([l]) => l === lang)) hints.set(ch.charCodeAt(0), [...list, [lang, weight]]);
    }
  };
  langs.forEach((lang, i) => {
    for (const w of lists.words[lang].split(/\s+/)) {
      const minor = w.endsWith("~");
      const word = fold(minor ? w.slice(0, -1) : w);
      const list = words.get(word) ?? [];
      if (word && !list.some(([l]) => l === i)) words.set(word, [...list, [i, minor ? MINOR_WORD_WEIGHT : 1]]);
    }
    for (const s of (lists.suffixes?.[lang] ?? "").split(/\s+/)) if (s) addTo(suffixes, fold(s), i);
    addHints(lists.hints?.[lang] ?? "", i, HINT_WEIGHT);
    addHints(lists.weakHints?.[lang] ?? "", i, WEAK_HINT_WEIGHT);
  });
  return { langs, script, words, hints, suffixes: byLastTwo(suffixes) };
}

function byLastTwo(suffixes: Map<string, number[]>): Map<string, Array<[string, number[]]>> {
  const out = new Map<string, Array<[string, number[]]>>();
  const longestFirst = [...suffixes].filter(([s]) => s.length >= 2).sort((a, b) => b[0].length - a[0].length);
  for (const entry of longestFirst) {
    const tail = entry[0].slice(-2);
    out.set(tail, [...(out.get(tail) ?? []), entry]);
  }
  return out;
}

/** Adds what `raw` (one word as written) says about each language to `into`. */
export function scoreWord(raw: string, into: number[], model: WordModel): void {
  addHints(raw, into, model);
  const word = raw === "I" ? raw : fold(raw.toLowerCase());
  if (addListed(word, into, model)) return;
  const apostrophe = word.indexOf("'");
  if (apostrophe > 0) {
    addListed(word.slice(0, apostrophe + 1), into, model);
    addListed(word.slice(apostrophe + 1), into, model);
    return;
  }
  if (word.length < MIN_STEM + 2) return;
  for (const [ending, langs] of model.suffixes.get(word.slice(-2)) ?? []) {
    if (ending.length > word.length - MIN_STEM || !word.endsWith(ending)) continue;
    for (const l of langs) into[l] += SUFFIX_WEIGHT;
    return;
  }
}

function addListed(word: string, into: number[], model: WordModel): boolean {
  const langs = model.words.get(word);
  if (!langs) return false;
  for (const [l, weight] of langs) into[l] += weight;
  return true;
}

function addHints(word: string, into: number[], model: WordModel): void {
  let hinted: number[] | undefined;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 0xc0) continue;
    const langs = model.hints.get(c) ?? model.hints.get(word[i].toLowerCase().charCodeAt(0));
    if (!langs) continue;
    hinted ??= new Array<number>(into.length).fill(0);
    for (const [l, weight] of langs) hinted[l] = Math.min(1, hinted[l] + weight);
  }
  if (hinted) for (let l = 0; l < into.length; l++) into[l] += hinted[l];
}
