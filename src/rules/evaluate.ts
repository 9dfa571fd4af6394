import type { ModelEntry } from "../config/schema";
import type { CompiledConfig, CompiledRoute } from "./compile";
import { TRUE, UNKNOWN } from "./conditions";
import { splitBucket } from "./split";
import type { DecisionTarget } from "../core/catalog";
import type { Decision, EvaluationResult, RequestContext } from "./types";

export interface EvaluateOptions {
  /** Stable per-request key (request id, user id…) that picks a canary split's primary. */
  splitKey?: string;
}

/**
 * Decides where a request goes. Pure: no I/O, no clock, no randomness.
 * Order: the explicit-model policy, then the enabled rules (first match wins), then the default.
 * A rule whose condition needs the category while `ctx.category` is undefined stops evaluation with
 * `needsCategory`: classify, set ctx.category, evaluate again.
 * @example
 * const r = evaluate(compiled, ctx, { splitKey: requestId });
 * if (r.kind === "needsCategory") { ctx.category = (await classify(...)).category; }
 */
export function evaluate(compiled: CompiledConfig, ctx: RequestContext, opts: EvaluateOptions = {}): EvaluationResult {
  const explicit = explicitModel(compiled, ctx.requestedModel);
  if (explicit) {
    return { kind: "decided", decision: explicitDecision(compiled, explicit, ctx.requestedModel) };
  }
  for (const rule of compiled.rules) {
    const t = rule.when.test(ctx);
    if (t === TRUE) return decide(rule.id, rule.route, rule.when.explain(ctx, true), opts.splitKey);
    if (t === UNKNOWN) return { kind: "needsCategory", ruleId: rule.id };
  }
  return decide("default", compiled.defaultRule.route, "no rule matched", opts.splitKey);
}

function explicitModel(compiled: CompiledConfig, requested: string): ModelEntry | undefined {
  if (compiled.explicitModels === "route") return undefined;
  const model = compiled.models.get(requested);
  if (!model) return undefined;
  if (compiled.explicitModels === "allowlist" && !compiled.allowModels.has(model.id)) return undefined;
  return model;
}

function explicitDecision(compiled: CompiledConfig, model: ModelEntry, requested: string): Decision {
  const via = requested === model.id ? "" : ` (alias ${requested})`;
  const targets: DecisionTarget[] = [{ model: model.id, provider: model.provider, role: "primary" }];
  const { deadlines, retry } = compiled.config.resilience;
  return {
    rule: "explicit-model",
    route: "explicit",
    reason: `model=${model.id}${via} requested; policy ${compiled.explicitModels}`,
    targets,
    routeConfig: { model: model.id, fallbacks: [], deadlines, retry },
  };
}

function decide(rule: string, route: CompiledRoute, reason: string, splitKey?: string): EvaluationResult {
  let pick = 0;
  let why = reason;
  if (route.picks.length > 1) {
    const bucket = splitKey === undefined ? 0 : splitBucket(splitKey, route.id);
    pick = route.picks.findIndex((p) => bucket < p.upTo);
    if (pick < 0) pick = route.picks.length - 1;
    why += ` · split → ${route.picks[pick].model} (bucket ${bucket.toFixed(2)})`;
  }
  const decision: Decision = {
    rule,
    route: route.id,
    reason: why,
    targets: route.targetsByPick[pick] as DecisionTarget[],
    routeConfig: route.routeConfig,
  };
  return { kind: "decided", decision };
}
