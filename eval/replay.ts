import type { ClassifyDeps } from "../src/classify/category/pipeline";
import type { CategorySource, Features } from "../src/classify/types";
import type { ChatCompletionRequest } from "../src/core/chat";
import { decide } from "../src/pipeline/decide";
import type { ActiveConfig } from "../src/rules/store";
import { endpoints, pgr, type PairedOutcome } from "./curve";
import type { ReplayRow } from "./dataset";
import { outcomeCost, outcomeFor, outcomeIndex, type OutcomeIndex, type OutcomeIndexOptions } from "./outcomes";

export interface ReplayOptions extends OutcomeIndexOptions {
  /** The row's category is the explicit task tag (default); false leaves it to the classifier. */
  useTags?: boolean;
  /** Cache and cheap model for `--classify`; without them only the local passes run. */
  classifier?: ClassifyDeps;
  /** The `model` each replayed request names (default: the config's first route alias). */
  requestModel?: string;
  clientId?: string;
}

/** What the router decided for one row, and what that decision scored and cost. */
export interface ReplayDecision {
  id: string;
  /** The row's own category (its task tag). */
  tag: string;
  /** The category the router settled on ("" when no rule needed one). */
  category: string;
  categorySource: CategorySource;
  rule: string;
  route: string;
  /** Catalog id of the decided primary model. */
  model: string;
  /** Dataset outcome that answers for it, and whether it stood in by tier (model not in the dataset). */
  outcome: string;
  byTier: boolean;
  /** The outcome is the premium end of the curve. */
  premium: boolean;
  score: number;
  cost: number;
  paired: PairedOutcome;
  features: Features;
  /** `validation.gap` documented on the rule that decided (NaN when it has none). */
  validatedGap: number;
}

export interface RoutingSummary {
  n: number;
  premiumShare: number;
  quality: number;
  qualityCheap: number;
  qualityPremium: number;
  /** Total USD of the router, all-cheap and all-premium. */
  cost: number;
  costCheap: number;
  costPremium: number;
  pgr: number;
  qualityKept: number;
  costSaved: number;
}

export interface ReplayResult {
  index: OutcomeIndex;
  decisions: ReplayDecision[];
  summary: RoutingSummary;
}

/**
 * Replays recorded outcomes through the Worker's own decision code (`decide`: features → local
 * classification → rules → cheap classifier only when a rule needs it) and scores each decision
 * with the outcome recorded for the chosen model.
 * @example const { summary } = await replay(active, rows); summary.pgr
 */
export async function replay(
  active: ActiveConfig,
  rows: readonly ReplayRow[],
  opts: ReplayOptions = {},
): Promise<ReplayResult> {
  const { config } = active;
  const index = outcomeIndex(config, rows, opts);
  const requestModel = opts.requestModel ?? config.policy.routeAliases[0] ?? "auto";
  const gaps = validatedGaps(active);
  const decisions: ReplayDecision[] = [];
  for (const row of rows) {
    const body: ChatCompletionRequest = {
      model: requestModel,
      messages: row.messages,
      ...(row.metadata ? { metadata: row.metadata } : {}),
    };
    const decided = await decide({
      active,
      body,
      taskHeader: opts.useTags === false ? undefined : row.category,
      clientId: opts.clientId ?? "replay",
      splitKey: row.id,
      classifier: opts.classifier,
    });
    const model = decided.decision.targets[0].model;
    const { name, byTier } = outcomeFor(index, config, row, model);
    const paired = pairedOutcome(index, row);
    decisions.push({
      id: row.id,
      tag: row.category,
      category: decided.classification.category,
      categorySource: decided.classification.source,
      rule: decided.decision.rule,
      route: decided.decision.route,
      model,
      outcome: name,
      byTier,
      premium: name === index.premium,
      score: row.outcomes[name].score,
      cost: outcomeCost(index, name, row.outcomes[name]),
      paired,
      features: decided.features,
      validatedGap: gaps.get(decided.decision.rule) ?? Number.NaN,
    });
  }
  return { index, decisions, summary: summarize(decisions) };
}

/** The cheap and premium ends recorded on a row. */
export function pairedOutcome(index: OutcomeIndex, row: ReplayRow): PairedOutcome {
  const c = row.outcomes[index.cheap];
  const p = row.outcomes[index.premium];
  if (!c || !p) throw new Error(`row ${row.id} lacks an outcome for '${!c ? index.cheap : index.premium}'`);
  return {
    cheapScore: c.score,
    premiumScore: p.score,
    cheapCost: outcomeCost(index, index.cheap, c),
    premiumCost: outcomeCost(index, index.premium, p),
  };
}

/** Rule id (and "default") → the gap its documented validation estimated (shrunk when calibrated). */
export function validatedGaps(active: ActiveConfig): Map<string, number> {
  const gaps = new Map<string, number>();
  const gapOf = (v: { gap: number; estimate?: number }) => v.estimate ?? v.gap;
  for (const r of active.config.rules) if (r.validation) gaps.set(r.id, gapOf(r.validation));
  if (active.config.default.validation) gaps.set("default", gapOf(active.config.default.validation));
  return gaps;
}

/**
 * Premium share, quality, cost, PGR, quality kept and cost saved of a set of decisions.
 * @example summarize(result.decisions.filter((d) => d.tag === "math")).pgr
 */
export function summarize(decisions: readonly ReplayDecision[]): RoutingSummary {
  const e = endpoints(decisions.map((d) => d.paired));
  let q = 0;
  let c = 0;
  let k = 0;
  for (const d of decisions) {
    q += d.score;
    c += d.cost;
    if (d.premium) k++;
  }
  const n = decisions.length;
  const quality = q / n;
  return {
    n,
    premiumShare: k / n,
    quality,
    qualityCheap: e.qualityCheap,
    qualityPremium: e.qualityPremium,
    cost: c,
    costCheap: e.costCheap,
    costPremium: e.costPremium,
    pgr: pgr(quality, e),
    qualityKept: quality / e.qualityPremium,
    costSaved: 1 - c / e.costPremium,
  };
}

/** Decisions grouped by a key (tag, rule…), in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export type RouterScoreKind = "gap" | "complexity" | "tokens";

/**
 * The score the sweep ranks rows by (higher = premium first): the validated gap of the rule that
 * decided (rows no validation covers count as +∞), or an input feature.
 */
export function routerScores(decisions: readonly ReplayDecision[], kind: RouterScoreKind): number[] {
  switch (kind) {
    case "gap":
      return decisions.map((d) => (Number.isNaN(d.validatedGap) ? Number.POSITIVE_INFINITY : d.validatedGap));
    case "complexity":
      return decisions.map((d) => d.features.complexity);
    case "tokens":
      return decisions.map((d) => d.features.inputTokens);
  }
}
