/**
 * What more validation data would buy: for a category left premium, how many examples in all would
 * settle it (assuming the gap stays at its estimate) and how much money rides on it. The routing
 * guide's "build a test set of 100–200" made concrete: collect where the stake is high and few
 * examples would settle it. Pure.
 */
import type { GuardPolicy, SliceStats } from "./guard";
import { oneSidedZ } from "./stats";

export interface MoreData {
  /** The gap at or below which the category would go cheap. */
  bar: number;
  /** Examples needed in all (undefined: the estimate itself is above the bar). */
  examplesNeeded?: number;
  /** Of which not yet collected. */
  moreExamples?: number;
  /** USD that routing its traffic cheap would save over the traffic counted (saving per request × requests). */
  stakeUsd: number;
  /** One line for the report. */
  summary: string;
}

/** What this module reads of a category's plan (calibrate.ts's CategoryPlan has it). */
interface PlannedCategory {
  decision: "cheap" | "premium" | "split";
  stats: SliceStats;
  split?: { easy: SliceStats };
  traffic: number;
}

/** What this module reads of the whole plan. */
interface PlanView {
  categories: readonly PlannedCategory[];
  policy: GuardPolicy;
  target: { maxQualityLoss: number } | { minQualityKept: number };
}

/** Loss per USD of the dearest choice the plan made: what the budget still pays for quality. */
function marginalPrice(plan: Pick<PlanView, "categories">): number | undefined {
  let worst: number | undefined;
  for (const c of plan.categories) {
    const s = c.decision === "cheap" ? c.stats : c.decision === "split" ? c.split!.easy : undefined;
    if (!s || s.saving <= 0 || s.loss <= 0) continue;
    const r = s.loss / s.saving;
    if (worst === undefined || r > worst) worst = r;
  }
  return worst;
}

/**
 * For a category the plan left premium while it has traffic: the bar its gap must clear, the
 * examples that would show it does if the current estimate holds, and the stake.
 * @example moreDataFor(plan.categories[0], plan)?.summary
 */
export function moreDataFor(c: PlannedCategory, plan: PlanView): MoreData | undefined {
  if (c.decision !== "premium" || c.traffic <= 0 || c.stats.n === 0) return undefined;
  const s = c.stats;
  const perRequest = s.premiumCost - s.cheapCost;
  if (!(perRequest > 0)) return undefined;
  let bar: number;
  if (Number.isFinite(plan.policy.maxLoss)) bar = plan.policy.maxLoss;
  else {
    const price = marginalPrice(plan);
    const kept = "minQualityKept" in plan.target ? plan.target.minQualityKept : 1;
    bar = price !== undefined ? price * perRequest : (1 - kept) * s.premium.mean;
  }
  const stakeUsd = perRequest * c.traffic;
  const estimate = s.posterior.mean;
  const stake = `$${stakeUsd.toFixed(stakeUsd < 10 ? 2 : 0)} over the traffic counted`;
  if (!(estimate < bar)) {
    return {
      bar,
      stakeUsd,
      summary: `gap estimate ${estimate.toFixed(3)} is above the ${bar.toFixed(3)} bar: more examples would most likely confirm premium (${stake})`,
    };
  }
  const z = oneSidedZ(plan.policy.confidence);
  const needed = Math.max(
    plan.policy.minSamples,
    Math.ceil(((z * Math.sqrt(s.spread.rowVariance)) / (bar - estimate)) ** 2 - 2),
  );
  const more = Math.max(0, needed - s.n);
  return {
    bar,
    examplesNeeded: needed,
    moreExamples: more,
    stakeUsd,
    summary:
      more > 0
        ? `~${more} more examples (${needed} in all) would settle it if the gap stays at ${estimate.toFixed(3)} (bar ${bar.toFixed(3)}); at stake: ${stake}`
        : `the estimate is under the ${bar.toFixed(3)} bar, but the quality budget is spent on categories that save more per quality point (${stake})`,
  };
}
