/**
 * The primitives of the linear classifier's feature hashing: a code-unit class table (word
 * characters, characters of scripts written without spaces, separators) and 32-bit FNV-1a with a
 * murmur3 finaliser. All of it works on UTF-16 code units and allocates nothing per token.
 */

/** Code-unit classes. */
export const SEPARATOR = 0;
/** Letters, digits and combining marks of scripts that separate words with spaces. */
export const WORD = 1;
/** Han, kana, Thai, Lao, Khmer, Myanmar: no spaces between words, so character n-grams. */
export const UNSPACED = 2;
/** ASCII digits: word characters, hashed as "0" so that numbers differ only by their length. */
export const DIGIT = 3;

/** Code unit → class, built once per isolate from the Unicode properties \p{L}, \p{N}, \p{M}. */
export const CHAR_CLASS: Uint8Array = buildClassTable();

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  let all = "";
  for (let start = 0; start < 0x10000; start += 0x1000) {
    const codes: number[] = [];
    for (let c = start; c < start + 0x1000; c++) codes.push(c >= 0xd800 && c <= 0xdfff ? 0x20 : c);
    all += String.fromCharCode(...codes);
  }
  for (const m of all.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) table.fill(WORD, m.index, m.index + m[0].length);
  const unspaced: [number, number][] = [
    [0x0e00, 0x0eff], // Thai, Lao
    [0x1000, 0x109f], // Myanmar
    [0x1780, 0x17ff], // Khmer
    [0x3040, 0x30ff], // Hiragana, Katakana
    [0x3400, 0x4dbf], // Han extension A
    [0x4e00, 0x9fff], // Han
    [0xf900, 0xfaff], // Han compatibility
  ];
  for (const [from, to] of unspaced) {
    for (let c = from; c <= to; c++) if (table[c] === WORD || c === 0x30fc) table[c] = UNSPACED;
  }
  table.fill(DIGIT, 0x30, 0x3a);
  return table;
}

export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** One FNV-1a step: the hash so far with one more code unit. */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** murmur3's 32-bit finaliser: spreads every input bit over the bucket bits and the sign bit. */
export function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Finished feature hash of a string in a namespace (for the few input-feature tokens). */
export function hashString(namespace: number, text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return mix(h ^ namespace);
}

/** Feature hash of two hashes in order (word bigrams, character n-grams). */
export function pairHash(namespace: number, first: number, second: number): number {
  return mix(Math.imul(first, 0x9e3779b1) ^ second ^ namespace);
}
