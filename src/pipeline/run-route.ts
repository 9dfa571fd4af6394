import { catalogModel, costOf } from "../core/catalog";
import type { ChatCompletionRequest } from "../core/chat";
import { getActiveConfig } from "../rules/store";
import type { RunContext } from "./context";
import { decide } from "./decide";
import { classifierDeps } from "./deps";

export interface RouteInput extends Pick<RunContext, "env" | "requestId" | "client"> {
  body: ChatCompletionRequest;
  taskHeader?: string;
  /** Run the cheap-model classifier when a rule needs the category (`?classify=true`). */
  classify?: boolean;
}

/** Output tokens assumed for the cost estimate when the request sets no max_tokens. */
const ASSUMED_OUTPUT_TOKENS = 500;

/**
 * POST /v1/route: the full decision for a request without calling the chosen model: the rule that
 * matched and why, the category and how it was found, the targets in order, and the estimated cost
 * against the premium baseline. The cheap classifier runs only with `?classify=true`; otherwise a
 * rule that needs it reports the category as "unknown" (what a failed classification would give).
 * Returns the `router.decision` object the route sends as JSON.
 */
export async function runRoute(input: RouteInput) {
  const { env, body } = input;
  const active = await getActiveConfig(env.RULES);
  const decided = await decide({
    active,
    body,
    taskHeader: input.taskHeader,
    clientId: input.client.id,
    splitKey: input.requestId,
    classifier: input.classify ? classifierDeps(env, active) : undefined,
  });
  const outputTokens = body.max_completion_tokens ?? body.max_tokens ?? ASSUMED_OUTPUT_TOKENS;
  const usage = { inputTokens: decided.features.inputTokens, cachedInputTokens: 0, outputTokens };
  const targets = decided.decision.targets.map((t) => {
    const entry = catalogModel(active.config, t.model);
    return { ...t, tier: entry?.tier, estimatedCostUsd: entry ? costOf(entry.price, usage) : null };
  });
  const baseline = catalogModel(active.config, active.config.baselineModel);
  const baselineCostUsd = baseline ? costOf(baseline.price, usage) : null;
  const primaryCost = targets[0]?.estimatedCostUsd ?? null;
  return {
    object: "router.decision" as const,
    config_version: active.version,
    rule: decided.decision.rule,
    route: decided.decision.route,
    reason: decided.decision.reason,
    category: decided.classification.category || null,
    category_source: decided.classification.source,
    confidence: decided.classification.confidence ?? null,
    classifier: decided.classification.classifier ?? null,
    targets,
    features: decided.features,
    estimate: {
      input_tokens: usage.inputTokens,
      output_tokens: outputTokens,
      cost_usd: primaryCost,
      baseline_model: active.config.baselineModel,
      baseline_cost_usd: baselineCostUsd,
      saving_pct:
        primaryCost !== null && baselineCostUsd ? Math.round((1 - primaryCost / baselineCostUsd) * 1000) / 10 : null,
    },
  };
}
