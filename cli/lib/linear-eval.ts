/** Scoring encoded examples with a quantised model (the Worker's own arithmetic) and writing the model file. */
import { logitsOf, softmax, type LinearModel } from "../../src/classify/category/linear-model";
import {
  encodeWeights,
  MODEL_FORMAT,
  type ModelFile,
  type ModelMetrics,
} from "../../src/classify/category/model-format";
import type { Scored } from "./classify-metrics";
import type { Encoded } from "./linear-train";

/** Raw logits (temperature 1) of each example. */
export function logitsAll(model: LinearModel, examples: readonly Encoded[]): Float64Array[] {
  return examples.map((ex) => logitsOf(model, ex.hashes, ex.count, new Float64Array(model.categories.length)));
}

/** Predictions and calibrated confidences at temperature `t`. */
export function scoredAt(
  model: LinearModel,
  logits: readonly Float64Array[],
  labels: readonly number[],
  t: number,
): Scored[] {
  return logits.map((z, i) => {
    const p = Float64Array.from(z);
    const best = softmax(p, t);
    return { truth: model.categories[labels[i]], predicted: model.categories[best], confidence: p[best] };
  });
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The figures the model file keeps. */
export function fileMetrics(m: { accuracy: number; macroF1: number; ece: number; n: number }): ModelMetrics {
  return { accuracy: round4(m.accuracy), macroF1: round4(m.macroF1), ece: round4(m.ece), n: m.n };
}

/** The model file for a quantised, calibrated model. */
export function modelFileOf(
  model: LinearModel,
  meta: { dataHash: string; trainedAt: string; metrics: ModelFile["metrics"]; split: ModelFile["split"] },
): ModelFile {
  return {
    format: MODEL_FORMAT,
    categories: [...model.categories],
    buckets: model.buckets,
    features: model.features,
    weights: encodeWeights(model.weights),
    scales: [...model.scales],
    biases: [...model.biases],
    temperature: model.temperature,
    threshold: model.threshold,
    trainedAt: meta.trainedAt,
    dataHash: meta.dataHash,
    metrics: meta.metrics,
    split: meta.split,
  };
}
