/**
 * Multinomial logistic regression over hashed features: mini-batch Adam with decoupled weight
 * decay (L2), deterministic for a seed; then int8 quantisation per category.
 */
import type { FeatureConfig } from "../../src/classify/category/feature-config";
import { featureBuffer, type LinearModel } from "../../src/classify/category/linear-model";
import { hashFeatures, type FeatureSource } from "../../src/classify/category/text-features";

/** One example's feature hashes and its label index. */
export interface Encoded {
  hashes: Int32Array;
  /** Features the Worker sees for it (the 1/√n scaling): more than hashes.length after `dropRare`. */
  count: number;
  label: number;
}

export interface TrainOptions {
  buckets: number;
  /** Drop features seen in fewer training examples than this. */
  minCount: number;
  epochs: number;
  seed: number;
  learningRate: number;
  /** Decoupled weight decay per step, relative to the learning rate. */
  l2: number;
  batchSize: number;
}

export const DEFAULT_TRAIN: Omit<TrainOptions, "buckets"> = {
  minCount: 2,
  epochs: 12,
  seed: 1,
  learningRate: 0.05,
  l2: 1e-4,
  batchSize: 16,
};

/** Hashes each example once with the inference code itself, so training sees what the Worker sees. */
export function encodeAll(
  rows: readonly (FeatureSource & { category: string })[],
  categories: readonly string[],
  config: FeatureConfig,
): Encoded[] {
  const buffer = featureBuffer(config);
  return rows.map((r) => {
    const n = hashFeatures(r, config, buffer);
    return { hashes: buffer.slice(0, n), count: n, label: categories.indexOf(r.category) };
  });
}

/**
 * Drops the features that occur in fewer than `minCount` training examples: they are memorised, not
 * learnt, and their buckets would otherwise all carry weights (bigger model, more collisions).
 * Each example keeps its full feature count for the 1/√n scaling, as at inference.
 */
export function dropRare(examples: readonly Encoded[], minCount: number): Encoded[] {
  if (minCount <= 1) return [...examples];
  const df = new Map<number, number>();
  for (const ex of examples) for (const h of new Set(ex.hashes)) df.set(h, (df.get(h) ?? 0) + 1);
  return examples.map((ex) => ({ ...ex, hashes: ex.hashes.filter((h) => (df.get(h) ?? 0) >= minCount) }));
}

/** mulberry32: a small seeded PRNG, enough for shuffling. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface FloatModel {
  weights: Float64Array;
  biases: Float64Array;
}

interface Adam {
  m: Float64Array;
  v: Float64Array;
  step: number;
}

/** Adds one example's gradient of the cross-entropy into `grad` / `gradBias`. */
function accumulate(
  ex: Encoded,
  model: FloatModel,
  k: number,
  mask: number,
  grad: Float64Array,
  gradBias: Float64Array,
  p: Float64Array,
): void {
  const norm = ex.count ? 1 / Math.sqrt(ex.count) : 0;
  p.set(model.biases);
  for (const h of ex.hashes) {
    const row = (h & mask) * k;
    const v = h < 0 ? -norm : norm;
    for (let c = 0; c < k; c++) p[c] += v * model.weights[row + c];
  }
  let top = -Infinity;
  for (let c = 0; c < k; c++) top = Math.max(top, p[c]);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += p[c] = Math.exp(p[c] - top);
  for (let c = 0; c < k; c++) p[c] = p[c] / sum - (c === ex.label ? 1 : 0);
  for (const h of ex.hashes) {
    const row = (h & mask) * k;
    const v = h < 0 ? -norm : norm;
    for (let c = 0; c < k; c++) grad[row + c] += v * p[c];
  }
  for (let c = 0; c < k; c++) gradBias[c] += p[c];
}

function adamStep(params: Float64Array, grad: Float64Array, state: Adam, opts: TrainOptions, decay: boolean): void {
  const b1 = 0.9;
  const b2 = 0.999;
  const c1 = 1 - b1 ** state.step;
  const c2 = 1 - b2 ** state.step;
  const lr = opts.learningRate;
  for (let i = 0; i < params.length; i++) {
    const g = grad[i];
    const m = (state.m[i] = b1 * state.m[i] + (1 - b1) * g);
    const v = (state.v[i] = b2 * state.v[i] + (1 - b2) * g * g);
    params[i] -= lr * (m / c1 / (Math.sqrt(v / c2) + 1e-8) + (decay ? opts.l2 * params[i] : 0));
  }
}

/**
 * Trains the float model. Deterministic: the same examples, options and seed give the same weights.
 * @example const model = train(encoded, categories.length, { ...DEFAULT_TRAIN, buckets: 1 << 14 })
 */
export function train(all: readonly Encoded[], k: number, opts: TrainOptions): FloatModel {
  const examples = dropRare(all, opts.minCount);
  const size = opts.buckets * k;
  const mask = opts.buckets - 1;
  const model: FloatModel = { weights: new Float64Array(size), biases: new Float64Array(k) };
  const grad = new Float64Array(size);
  const gradBias = new Float64Array(k);
  const p = new Float64Array(k);
  const w: Adam = { m: new Float64Array(size), v: new Float64Array(size), step: 0 };
  const b: Adam = { m: new Float64Array(k), v: new Float64Array(k), step: 0 };
  const random = prng(opts.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let start = 0; start < order.length; start += opts.batchSize) {
      const batch = order.slice(start, start + opts.batchSize);
      grad.fill(0);
      gradBias.fill(0);
      for (const i of batch) accumulate(examples[i], model, k, mask, grad, gradBias, p);
      for (let i = 0; i < size; i++) grad[i] /= batch.length;
      for (let c = 0; c < k; c++) gradBias[c] /= batch.length;
      w.step++;
      b.step++;
      adamStep(model.weights, grad, w, opts, true);
      adamStep(model.biases, gradBias, b, opts, false);
    }
  }
  return model;
}

/**
 * int8 weights with one scale per category: the category's 99.9th-percentile |weight| maps to
 * `levels` (larger ones are clipped), so that few distinct values remain and the file gzips small;
 * biases stay floats.
 * @example const model = quantise(float, categories, buckets, features, 7)
 */
export function quantise(
  float: FloatModel,
  categories: readonly string[],
  buckets: number,
  features: FeatureConfig,
  levels = 127,
): LinearModel {
  const k = categories.length;
  const scales = new Float64Array(k);
  const weights = new Int8Array(float.weights.length);
  for (let c = 0; c < k; c++) {
    const magnitudes: number[] = [];
    for (let i = c; i < float.weights.length; i += k)
      if (float.weights[i] !== 0) magnitudes.push(Math.abs(float.weights[i]));
    magnitudes.sort((a, b) => a - b);
    const top = magnitudes[Math.floor(magnitudes.length * 0.999)] ?? 0;
    scales[c] = Number((top > 0 ? top / levels : 1).toPrecision(6));
    for (let i = c; i < float.weights.length; i += k)
      weights[i] = Math.max(-levels, Math.min(levels, Math.round(float.weights[i] / scales[c])));
  }
  return {
    categories,
    buckets,
    features,
    weights,
    scales,
    biases: float.biases.map((x) => Number(x.toPrecision(6))),
    temperature: 1,
    threshold: 1,
  };
}
