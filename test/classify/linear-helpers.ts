import type { FeatureConfig } from "../../src/classify/category/feature-config";
import { DEFAULT_FEATURE_CONFIG } from "../../src/classify/category/feature-config";
import { featureBuffer, type LinearModel } from "../../src/classify/category/linear-model";
import { hashFeatures, type FeatureSource } from "../../src/classify/category/text-features";
import { extractFeatures, lastUserText } from "../../src/classify/features/features";
import type { ChatCompletionRequest, ChatMessage } from "../../src/core/chat";

/** A FeatureSource for messages, features extracted as decide() does. */
export function sourceOf(messages: ChatMessage[] | string): FeatureSource & { req: ChatCompletionRequest } {
  const req: ChatCompletionRequest = {
    model: "auto",
    messages: typeof messages === "string" ? [{ role: "user", content: messages }] : messages,
  };
  return { req, features: extractFeatures(req), lastUserText: lastUserText(req) };
}

/**
 * A FeatureSource for one user message with the features of a short prompt, not extracted: for
 * inputs whose extraction would dominate a test (1 MiB strings).
 */
export function userSource(text: string): FeatureSource {
  const features = extractFeatures({ model: "auto", messages: [{ role: "user", content: "hi" }] });
  return { req: { messages: [{ role: "user", content: text }] }, features, lastUserText: text };
}

/** The feature hashes of a request, copied out of the shared buffer. */
export function hashesOf(src: FeatureSource, config: FeatureConfig = DEFAULT_FEATURE_CONFIG): Int32Array {
  const buffer = featureBuffer(config);
  return buffer.slice(0, hashFeatures(src, config, buffer));
}

export const CATEGORIES = ["chat", "translation", "code"];

/**
 * A hand-made model over 1,024 buckets: each category's weight is +100 on the buckets of its cue
 * words (as hashed by the featurizer) and 0 elsewhere.
 */
export function toyModel(cues: Record<string, string[]>, opts: Partial<LinearModel> = {}): LinearModel {
  const features: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, charN: 0, leadChars: 0, inputFeatures: false };
  const buckets = 1024;
  const k = CATEGORIES.length;
  const weights = new Int8Array(buckets * k);
  CATEGORIES.forEach((category, c) => {
    for (const word of cues[category] ?? []) {
      for (const h of hashesOf(sourceOf(word), features)) weights[(h & (buckets - 1)) * k + c] = h < 0 ? -100 : 100;
    }
  });
  return {
    categories: CATEGORIES,
    buckets,
    features,
    weights,
    scales: new Float64Array(k).fill(0.1),
    biases: new Float64Array(k),
    temperature: 1,
    threshold: 0.6,
    ...opts,
  };
}
