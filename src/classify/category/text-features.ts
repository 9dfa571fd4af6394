import { contentText, type ChatCompletionRequest } from "../../core/chat";
import type { Features } from "../types";
import type { FeatureConfig } from "./feature-config";
import { CHAR_CLASS, DIGIT, FNV_OFFSET, UNSPACED, WORD, fnvStep, hashString, mix, pairHash } from "./text-hash";

/** What the linear classifier reads: the request, its features, and the last user message's text. */
export interface FeatureSource {
  req: Pick<ChatCompletionRequest, "messages">;
  features: Features;
  lastUserText: string;
}

/** Namespaces: the same word in the user message and in the system prompt are different features. */
const USER = 0x1b873593;
const SYSTEM = 0x5bd1e995;
const INPUT = 0x27d4eb2f;
const LEAD = 0x165667b1;
/** Offsets within a namespace, one per kind of feature. */
const UNIGRAM = 0x0;
const BIGRAM = 0x100;
const UNSPACED_1 = 0x200;
const UNSPACED_2 = 0x300;
const UNSPACED_3 = 0x400;
const CHAR_GRAM = 0x500;
/** Code unit standing for a word edge in character n-grams. */
const EDGE = 0x2;

interface Sink {
  out: Int32Array;
  n: number;
}

/**
 * Writes the feature hashes of one request into `out` (sized by `maxFeatures(config)`) and
 * returns how many it wrote. Reads at most `userHead + userTail` characters of the last user
 * message and `systemHead` of the system prompt, so the cost is bounded whatever the input size.
 *
 * @example const n = hashFeatures({ req, features, lastUserText }, model.features, buffer)
 */
export function hashFeatures(src: FeatureSource, config: FeatureConfig, out: Int32Array): number {
  const sink: Sink = { out, n: 0 };
  const user = src.lastUserText;
  const headEnd = user.length <= config.userHead + config.userTail ? user.length : config.userHead;
  const head = user.slice(0, headEnd).toLowerCase();
  addText(head, { ns: USER, also: 0, leadEnd: config.leadChars, charEnd: config.charNgramChars }, config, sink);
  if (headEnd < user.length && config.userTail > 0)
    addText(user.slice(-config.userTail).toLowerCase(), { ns: USER, also: 0, leadEnd: 0, charEnd: 0 }, config, sink);
  const system = systemSample(src.req, config.systemHead);
  if (system)
    addText(system, { ns: SYSTEM, also: config.systemShared ? USER : 0, leadEnd: 0, charEnd: 0 }, config, sink);
  if (config.inputFeatures) addInputFeatures(src.features, system !== "", sink);
  return sink.n;
}

/** The head of the system and developer messages, lower-cased ("" when there is none). */
function systemSample(req: Pick<ChatCompletionRequest, "messages">, chars: number): string {
  if (chars === 0) return "";
  let text = "";
  for (const m of req.messages) {
    if (m.role !== "system" && m.role !== "developer") continue;
    const part = contentText(m.content);
    text += text ? `\n${part.slice(0, chars - text.length)}` : part.slice(0, chars);
    if (text.length >= chars) break;
  }
  return text.toLowerCase();
}

interface Pass {
  /** Namespace of every feature of this text. */
  ns: number;
  /** A second namespace every word and n-gram is also hashed in (0 = none). */
  also: number;
  /** Words starting before this index are also hashed as lead words. */
  leadEnd: number;
  /** Character n-grams are hashed for characters before this index. */
  charEnd: number;
}

/**
 * One pass over `text` (already lower-cased): words (runs of letters, digits and marks; digits
 * hashed as "0"), optional word bigrams, character n-grams of unspaced scripts, and character
 * n-grams inside the words of the first `pass.charEnd` characters (with word-edge marks).
 */
function addText(text: string, pass: Pass, config: FeatureConfig, sink: Sink): void {
  const { out } = sink;
  const { ns, also } = pass;
  const maxN = config.unspacedMaxN;
  const charN = config.charN;
  let n = sink.n;
  let word = FNV_OFFSET;
  let start = -1;
  let previous = 0;
  let u1 = -1;
  let u2 = -1;
  let c1 = EDGE;
  let c2 = EDGE;
  let c3 = EDGE;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x20;
    const cls = CHAR_CLASS[code];
    if (cls === WORD || cls === DIGIT) {
      const c = cls === DIGIT ? 0x30 : code;
      if (start < 0) {
        start = i;
        c1 = c2 = c3 = EDGE;
      }
      word = fnvStep(word, c);
      if (charN > 0 && i < pass.charEnd) {
        if (i - start + 2 >= charN) out[n++] = charGram(charN, c3, c2, c1, c, ns);
        c3 = c2;
        c2 = c1;
        c1 = c;
      }
      continue;
    }
    if (start >= 0) {
      const h = mix(word ^ ns ^ UNIGRAM);
      out[n++] = h;
      if (also !== 0) out[n++] = mix(word ^ also ^ UNIGRAM);
      if (start < pass.leadEnd) out[n++] = mix(word ^ LEAD ^ UNIGRAM);
      if (config.wordBigrams && previous !== 0) out[n++] = pairHash(ns ^ BIGRAM, previous, h);
      if (charN > 0 && i <= pass.charEnd && i - start + 1 >= charN) out[n++] = charGram(charN, c3, c2, c1, EDGE, ns);
      previous = h;
      word = FNV_OFFSET;
      start = -1;
    }
    if (cls === UNSPACED && maxN > 0) {
      out[n++] = mix(code ^ ns ^ UNSPACED_1);
      if (also !== 0) out[n++] = mix(code ^ also ^ UNSPACED_1);
      if (maxN > 1 && u1 >= 0) {
        out[n++] = pairHash(ns ^ UNSPACED_2, u1, code);
        if (also !== 0) out[n++] = pairHash(also ^ UNSPACED_2, u1, code);
      }
      if (maxN > 2 && u2 >= 0) out[n++] = pairHash(ns ^ UNSPACED_3, (u2 << 16) | u1, code);
      u2 = u1;
      u1 = code;
    } else {
      u1 = u2 = -1;
    }
  }
  sink.n = n;
}

/** Hash of the last `len` (2..5) code units, oldest first: c3 c2 c1 c (earlier ones are word edges). */
function charGram(len: number, c3: number, c2: number, c1: number, c: number, ns: number): number {
  let h = FNV_OFFSET;
  if (len >= 5) h = fnvStep(h, EDGE);
  if (len >= 4) h = fnvStep(h, c3);
  if (len >= 3) h = fnvStep(h, c2);
  h = fnvStep(fnvStep(h, c1), c);
  return mix(h ^ ns ^ CHAR_GRAM);
}

/** Upper bounds of the user-message length bands (characters). */
const LENGTH_BANDS = [40, 120, 300, 800, 2000, 6000];

const FLAG = {
  code: hashString(INPUT, "code"),
  json: hashString(INPUT, "json"),
  table: hashString(INPUT, "table"),
  url: hashString(INPUT, "url"),
  tools: hashString(INPUT, "tools"),
  images: hashString(INPUT, "images"),
  system: hashString(INPUT, "system"),
};
const LENGTH = hashString(INPUT, "length");
const TURNS = hashString(INPUT, "turns");
const COMPLEXITY = hashString(INPUT, "complexity");
const LANGUAGE = hashString(INPUT, "language");
const SCRIPT = hashString(INPUT, "script");
const FORMAT = hashString(INPUT, "format");

function addInputFeatures(f: Features, hasSystem: boolean, sink: Sink): void {
  const { out } = sink;
  let n = sink.n;
  let band = 0;
  while (band < LENGTH_BANDS.length && f.lastUserChars >= LENGTH_BANDS[band]) band++;
  out[n++] = pairHash(INPUT, LENGTH, band);
  out[n++] = pairHash(INPUT, TURNS, Math.min(f.turnCount, 3));
  out[n++] = pairHash(INPUT, COMPLEXITY, Math.round(f.complexity * 4));
  out[n++] = hashString(LANGUAGE, f.language);
  out[n++] = hashString(SCRIPT, f.script);
  if (f.responseFormat !== "text") out[n++] = hashString(FORMAT, f.responseFormat);
  if (f.hasCode) out[n++] = FLAG.code;
  if (f.hasJson) out[n++] = FLAG.json;
  if (f.hasTable) out[n++] = FLAG.table;
  if (f.hasUrl) out[n++] = FLAG.url;
  if (f.hasTools) out[n++] = FLAG.tools;
  if (f.hasImages) out[n++] = FLAG.images;
  if (hasSystem) out[n++] = FLAG.system;
  sink.n = n;
}
