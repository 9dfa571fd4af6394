import { classifyLocal, type ClassifyInput } from "./pipeline";
import type { Classification } from "../types";
import { predictCategory, type LinearModel } from "./linear-model";

/** A local answer: the rules' (tag, alias, pattern) or the linear model's ("linear"). */
export interface LocalClassification extends Omit<Classification, "source"> {
  source: Classification["source"] | "linear";
}

/**
 * The local decision the Worker makes before any model call: an explicit task or the rules'
 * keywords and patterns first (they win), then the linear model when its calibrated confidence
 * reaches `threshold` (the model's suggestion by default) and it names a category of the config.
 * Undefined: the cheap-model classifier decides.
 *
 * @example classifyLocalWithModel(input, model) // { category: "summarization", source: "linear", confidence: 0.91 }
 */
export function classifyLocalWithModel(
  input: ClassifyInput,
  model: LinearModel,
  threshold = model.threshold,
): LocalClassification | undefined {
  const rules = classifyLocal(input);
  if (rules) return rules;
  const p = predictCategory(model, input);
  if (p.confidence < threshold) return undefined;
  const known = input.categoryIds ? input.categoryIds.has(p.category) : Object.hasOwn(input.categories, p.category);
  if (!known) return undefined;
  const confidence = Math.round(p.confidence * 1000) / 1000;
  return { category: p.category, source: "linear", confidence, reason: `linear model, confidence ${confidence}` };
}
