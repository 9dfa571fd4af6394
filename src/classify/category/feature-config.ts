import * as z from "zod";

/**
 * What the linear classifier reads of a request, stored in the model file so that inference hashes
 * exactly what training hashed. Every figure bounds the work per request, whatever the input size.
 */
export const FeatureConfig = z.strictObject({
  /** Characters read from the head of the last user message. */
  userHead: z.number().int().min(0).max(8000),
  /** Characters read from its tail, when it is longer than head + tail. */
  userTail: z.number().int().min(0).max(4000),
  /** Characters of the system (and developer) prompt, hashed in their own namespace. */
  systemHead: z.number().int().min(0).max(4000),
  /** System words also hashed as user words ("the task is stated in either place"). */
  systemShared: z.boolean(),
  /** Word bigrams besides unigrams. */
  wordBigrams: z.boolean(),
  /** Character n-grams of length 1..n for scripts written without spaces (Han, kana, Thai, …); 0 = off. */
  unspacedMaxN: z.number().int().min(0).max(3),
  /** Character n-grams of this length (2..4) inside the words of every script, with word-edge marks; 0 = off. */
  charN: z.union([z.literal(0), z.number().int().min(2).max(4)]),
  /** How many characters of the user head the character n-grams read. */
  charNgramChars: z.number().int().min(0).max(8000),
  /** Words within this many characters of the user message's start are also hashed as "lead" words (the ask usually opens it); 0 = off. */
  leadChars: z.number().int().min(0).max(2000),
  /** Tokens from the input features: length band, code/JSON/table/URL, language, tools, turns, … */
  inputFeatures: z.boolean(),
});
export type FeatureConfig = z.infer<typeof FeatureConfig>;

/** The feature set the bundled model was trained with (the trainer's default). */
export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  userHead: 1500,
  userTail: 300,
  systemHead: 600,
  systemShared: true,
  wordBigrams: false,
  unspacedMaxN: 2,
  charN: 4,
  charNgramChars: 300,
  leadChars: 150,
  inputFeatures: true,
};

/**
 * Most features one character can emit: a one-letter word gives its character n-gram, the word in
 * two namespaces, as a lead word, a bigram and the word-end n-gram; an unspaced character at most 5.
 */
const PER_CHAR = 6;
const INPUT_FEATURES = 32;

/** A bound on the number of feature hashes `hashFeatures` writes for this config. */
export function maxFeatures(config: FeatureConfig): number {
  return (config.userHead + config.userTail + config.systemHead) * PER_CHAR + INPUT_FEATURES;
}
