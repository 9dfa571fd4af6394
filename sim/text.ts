/** Small deterministic helpers: hashing, token estimates and the words answers are made of. */

/** FNV-1a 32-bit hash of a string: cheap, stable across runs, good enough to pick variants. */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Rough token count the way the brief asks: about four characters a token. */
export function estimateTokens(chars: number): number {
  return chars <= 0 ? 0 : Math.ceil(chars / 4);
}

/** A deterministic id of `len` base-36 characters derived from `key`. */
export function stableId(key: string, len = 24): string {
  let out = "";
  let h = hash32(key);
  while (out.length < len) {
    h = hash32(String(h), h ^ out.length);
    out += h.toString(36).padStart(7, "0");
  }
  return out.slice(0, len);
}

const OPENERS = ["Sure.", "Certainly.", "Here is my answer.", "Happy to help.", "Of course.", "Good question."];

const SENTENCES = [
  "The short version is that it depends on the details you care about most.",
  "A practical first step is to write down what a good result looks like.",
  "Most of the work is in checking the edge cases before relying on it.",
  "It helps to compare two or three options side by side.",
  "Keep the first version simple and measure before adding anything else.",
  "The main risk is assuming the inputs always look the same.",
  "In practice the cheapest option that meets the bar is usually the right one.",
  "A small example often makes the idea much clearer.",
  "You can revisit the decision once you have real numbers.",
  "Clear naming and a short summary go a long way here.",
];

/** The first `n` words of `text`, stripped of quotes and line breaks. */
export function topicOf(text: string, n = 10): string {
  const words = text
    .replace(/["`\s]+/g, " ")
    .trim()
    .split(" ");
  const head = words.slice(0, n).join(" ");
  return words.length > n ? `${head}…` : head;
}

/**
 * A deterministic prose answer about `prompt`: the opener depends on the model, the sentences on
 * both, so two models answer the same prompt slightly differently and each always the same way.
 */
export function proseAnswer(model: string, prompt: string): string {
  const hm = hash32(model);
  const hp = hash32(prompt, hm);
  const count = 1 + (hp % 3);
  const parts = [OPENERS[hm % OPENERS.length], `You asked about "${topicOf(prompt)}".`];
  for (let i = 0; i < count; i++) parts.push(SENTENCES[(hp + i * 7) % SENTENCES.length]);
  return parts.join(" ");
}

const WORDS_PER_CHUNK = 4;
const PIECES = 4;

/** Splits text into pieces of a few words each, spaces kept, so the pieces join back exactly. */
export function wordChunks(text: string, words = WORDS_PER_CHUNK): string[] {
  const tokens = text.match(/\S+\s*|\s+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += words) out.push(tokens.slice(i, i + words).join(""));
  return out;
}

/** Splits a string into `n` nearly equal pieces (fewer when it is short). */
export function pieces(s: string, n = PIECES): string[] {
  const size = Math.max(1, Math.ceil(s.length / n));
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}
