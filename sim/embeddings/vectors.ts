import { hash32 } from "../text";

/** Non-zero coordinates each word adds to a vector (a sparse random projection of the words). */
const TOUCHES_PER_WORD = 16;
/** Weight of the whole-text component, so that texts with the same words still differ a little. */
const TEXT_WEIGHT = 0.05;

/**
 * A deterministic unit vector for a text: every word (lower-cased) adds ±1 at 16 coordinates
 * chosen by hashing it, and a small component hashed from the whole text spreads over all
 * coordinates. Same text and size, same vector; texts sharing words have a higher cosine
 * similarity than unrelated ones, so retrieval tests behave sensibly.
 * @example embed("refund policy", 8).length // 8
 */
export function embed(text: string, dims: number): Float32Array {
  const v = new Float64Array(dims);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = hash32(word);
    for (let k = 0; k < TOUCHES_PER_WORD; k++) {
      h = hash32(String(k), h);
      v[h % dims] += h & 0x80000000 ? -1 : 1;
    }
  }
  let h = hash32(text, 0x9e3779b9);
  for (let i = 0; i < dims; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    v[i] += TEXT_WEIGHT * ((h / 0xffffffff) * 2 - 1);
  }
  let norm = 0;
  for (let i = 0; i < dims; i++) norm += v[i] * v[i];
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const out = new Float32Array(dims);
  for (let i = 0; i < dims; i++) out[i] = v[i] * scale;
  return out;
}

/** A vector the way `encoding_format: "base64"` sends it: little-endian float32 bytes, base64. */
export function toBase64(v: Float32Array): string {
  const bytes = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) bytes.writeFloatLE(v[i], i * 4);
  return bytes.toString("base64");
}
