import type { Usage } from "../core/chat";
import type { ModelEntry, Price, RouterConfig } from "../config/schema";

const PER_TOKEN = 1 / 1_000_000;

/**
 * USD cost of one call: uncached input at `input`, cached input at `cachedInput` (or `input` when the
 * provider gives no discount), output at `output`; prices are per 1M tokens.
 * @example costOf({ input: 2.5, output: 10, asOf: "2026-11-01" }, { inputTokens: 1000, cachedInputTokens: 0, outputTokens: 500 }) // 0.0075
 */
export function costOf(price: Price, usage: Usage): number {
  const input = Math.max(0, usage.inputTokens);
  const cached = Math.min(input, Math.max(0, usage.cachedInputTokens));
  const output = Math.max(0, usage.outputTokens);
  const cachedPrice = price.cachedInput ?? price.input;
  return ((input - cached) * price.input + cached * cachedPrice + output * price.output) * PER_TOKEN;
}

/** The catalog entry of a model id (or one of its aliases), if any. */
export function catalogModel(config: Pick<RouterConfig, "models">, modelId: string): ModelEntry | undefined {
  return config.models.find((m) => m.id === modelId) ?? config.models.find((m) => m.aliases.includes(modelId));
}

/**
 * What the config's baseline (premium) model would have cost for the same tokens, cached share
 * included; 0 when the baseline is not in the catalog (the config validator reports that).
 */
export function baselineCostOf(config: Pick<RouterConfig, "models" | "baselineModel">, usage: Usage): number {
  const baseline = catalogModel(config, config.baselineModel);
  return baseline ? costOf(baseline.price, usage) : 0;
}

/** The cost fields of a RequestRecord. */
export interface RecordCosts {
  costUsd: number;
  baselineCostUsd: number;
  classifierCostUsd: number;
  totalCostUsd: number;
}

/**
 * Costs for a record: the served model's cost (0 when nothing was served or the model is unknown),
 * the baseline's cost for the same tokens, and the classifier's cost added to the total.
 * @example recordCosts(config, "gpt-4o-mini", usage, classification.classifier?.costUsd ?? 0)
 */
export function recordCosts(
  config: Pick<RouterConfig, "models" | "baselineModel">,
  servedModel: string,
  usage: Usage,
  classifierCostUsd = 0,
): RecordCosts {
  const served = servedModel ? catalogModel(config, servedModel) : undefined;
  const costUsd = served ? costOf(served.price, usage) : 0;
  const baselineCostUsd = served ? baselineCostOf(config, usage) : 0;
  return { costUsd, baselineCostUsd, classifierCostUsd, totalCostUsd: costUsd + classifierCostUsd };
}
