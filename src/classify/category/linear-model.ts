import { maxFeatures, type FeatureConfig } from "./feature-config";
import { hashFeatures, type FeatureSource } from "./text-features";

/** A validated model, decoded for inference (`validateModel` builds it from the model file). */
export interface LinearModel {
  categories: readonly string[];
  /** Number of hash buckets (a power of two). */
  buckets: number;
  features: FeatureConfig;
  /** int8 weights, bucket-major: weights[bucket * categories.length + category]. */
  weights: Int8Array;
  /** Per category: weight = int8 × scale. */
  scales: Float64Array;
  biases: Float64Array;
  /** Softmax temperature fitted on the validation split. */
  temperature: number;
  /** Suggested confidence threshold: below it the cheap-model classifier decides. */
  threshold: number;
  /** The training split's shares, when the file records them (the accuracy report reuses them). */
  split?: { heldOut: number; validation: number };
}

/** What the linear model says about a request. */
export interface LinearPrediction {
  category: string;
  /** Calibrated probability of `category`, 0..1. */
  confidence: number;
}

let buffer = new Int32Array(0);

/** The isolate's feature buffer, grown once to the largest config it has seen. */
export function featureBuffer(config: FeatureConfig): Int32Array {
  const size = maxFeatures(config);
  if (buffer.length < size) buffer = new Int32Array(size);
  return buffer;
}

/**
 * Logits of each category (before the temperature) from feature hashes: signed sums of the
 * hashed buckets' weights, scaled by 1/√(number of features) so that long and short prompts
 * weigh alike, plus the biases.
 */
export function logitsOf(model: LinearModel, hashes: Int32Array, count: number, out: Float64Array): Float64Array {
  const k = model.categories.length;
  const mask = model.buckets - 1;
  const w = model.weights;
  out.fill(0);
  for (let i = 0; i < count; i++) {
    const h = hashes[i];
    const row = (h & mask) * k;
    if (h < 0) for (let c = 0; c < k; c++) out[c] -= w[row + c];
    else for (let c = 0; c < k; c++) out[c] += w[row + c];
  }
  const norm = count > 0 ? 1 / Math.sqrt(count) : 0;
  for (let c = 0; c < k; c++) out[c] = out[c] * model.scales[c] * norm + model.biases[c];
  return out;
}

/** Softmax of logits / temperature, in place; returns the index of the largest. */
export function softmax(logits: Float64Array, temperature: number): number {
  let best = 0;
  for (let c = 1; c < logits.length; c++) if (logits[c] > logits[best]) best = c;
  const top = logits[best];
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    logits[c] = Math.exp((logits[c] - top) / temperature);
    sum += logits[c];
  }
  for (let c = 0; c < logits.length; c++) logits[c] /= sum;
  return best;
}

const scratch = new Map<number, Float64Array>();

/**
 * The category the linear model gives a request and its calibrated confidence. Pure; a few
 * microseconds; no allocation but the lower-cased samples of the text.
 *
 * @example predictCategory(model, { req, features, lastUserText }) // { category: "extraction", confidence: 0.93 }
 */
export function predictCategory(model: LinearModel, src: FeatureSource): LinearPrediction {
  const hashes = featureBuffer(model.features);
  const count = hashFeatures(src, model.features, hashes);
  const k = model.categories.length;
  let logits = scratch.get(k);
  if (!logits) scratch.set(k, (logits = new Float64Array(k)));
  logitsOf(model, hashes, count, logits);
  const best = softmax(logits, model.temperature);
  return { category: model.categories[best], confidence: logits[best] };
}
