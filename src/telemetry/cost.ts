import type { Usage } from "../core/chat";
import { catalogModel, costOf } from "../core/catalog";
import type { RouterConfig } from "../config/schema";

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
