import { extractFeatures } from "../src/classify/features/features";
import type { Features } from "../src/classify/types";
import type { PairedOutcome } from "./curve";
import type { ReplayRow } from "./dataset";
import {
  DEFAULT_CONFIDENCE,
  DEFAULT_MIN_SAMPLES,
  describeGap,
  sliceStats,
  verdict,
  type GuardPolicy,
  type SliceStats,
  type Verdict,
} from "./guard";
import { moreDataFor, type MoreData } from "./more-data";
import type { OutcomeIndex } from "./outcomes";
import { choosePortfolio, totalOf, type RiskyChoice } from "./portfolio";
import { groupBy, pairedOutcome } from "./replay";
import { fitPrior, type GapPrior } from "./shrink";
import { candidateSlices, type Slice } from "./slices";
import { gapSpread, oneSidedZ } from "./stats";

/** A validation row: a request's features and both models' recorded outcomes on it. */
export interface CalibRow extends PairedOutcome {
  id: string;
  category: string;
  features: Features;
}

/**
 * Validation rows from a replay-format dataset: the features the Worker would extract from each
 * request, and the cheap and premium outcomes recorded for it.
 */
export function calibRows(index: OutcomeIndex, rows: readonly ReplayRow[]): CalibRow[] {
  return rows.map((row) => ({
    id: row.id,
    category: row.category,
    features: extractFeatures({
      model: "auto",
      messages: row.messages,
      ...(row.metadata ? { metadata: row.metadata } : {}),
    }),
    ...pairedOutcome(index, row),
  }));
}

export type CalibrationTarget = { maxQualityLoss: number } | { minQualityKept: number };

export interface CalibrateOptions {
  target: CalibrationTarget;
  minSamples?: number;
  /** Optional extra guard: the gap's two-sided interval at most ± this wide (default: none). */
  maxCiHalfWidth?: number;
  confidence?: number;
  /** Try input-characteristic slices within categories (default true). */
  slices?: boolean;
  /** Requests per category in the traffic the plan is for (default: every row counts as one). */
  traffic?: Readonly<Record<string, number>>;
  /** Shrink each category's gap toward the others' (default true). */
  shrink?: boolean;
}

/** A category split in two: the hard slice stays premium, the rest goes cheap. */
export interface SplitPlan {
  slice: Slice;
  hard: SliceStats;
  easy: SliceStats;
  easyVerdict: Verdict;
}

export interface CategoryPlan {
  category: string;
  stats: SliceStats;
  verdict: Verdict;
  decision: "cheap" | "premium" | "split";
  split?: SplitPlan;
  /** Why this decision, for the report and the rule's documentation. */
  reason: string;
  /** Every slice that was tried, with the verdict on the part that would go cheap. */
  tried: { label: string; easyN: number; easyGap: number; status: Verdict["status"] }[];
  /** Requests of traffic the category stands for (0: none seen, stays premium). */
  traffic: number;
  /** For a category left premium: what more examples would settle, and what is at stake. */
  moreData?: MoreData;
}

/** Estimated effect of a plan on the traffic it was weighted for. */
export interface PredictedOutcome {
  /** Requests covered (categories with validation rows). */
  requests: number;
  premiumShare: number;
  /** Expected quality kept (shrunk gaps) and its one-sided lower bound at the policy's confidence. */
  qualityKept: number;
  qualityKeptLow: number;
  costSaved: number;
}

export interface CalibrationPlan {
  policy: GuardPolicy;
  target: CalibrationTarget;
  categories: CategoryPlan[];
  /** The distribution of gaps the categories were shrunk toward (undefined: too few categories, or off). */
  prior?: GapPrior;
  /** True when a traffic mix weighted the categories; false: every validation row counted as one request. */
  weighted: boolean;
  /** Categories with traffic but no validation rows: premium, and not in the figures. */
  uncovered: { category: string; traffic: number }[];
  /** Over the traffic, from the shrunk estimates (in-sample: see crossValidate for the out-of-sample view). */
  predicted: PredictedOutcome;
  /** The plan applied to the calibration rows themselves, as measured: what replaying them shows. */
  expected: { premiumShare: number; qualityKept: number; costSaved: number; n: number };
}

interface Option extends RiskyChoice {
  decision: CategoryPlan["decision"];
  split?: SplitPlan;
}

function policyFor(opts: CalibrateOptions): GuardPolicy {
  return {
    maxLoss: "maxQualityLoss" in opts.target ? opts.target.maxQualityLoss : Number.POSITIVE_INFINITY,
    minSamples: opts.minSamples ?? DEFAULT_MIN_SAMPLES,
    maxCiHalfWidth: opts.maxCiHalfWidth,
    confidence: opts.confidence ?? DEFAULT_CONFIDENCE,
  };
}

const FREE: Option = { decision: "premium", saving: 0, loss: 0, lossVariance: 0 };

function optionsFor(
  rows: readonly CalibRow[],
  traffic: number,
  policy: GuardPolicy,
  prior: GapPrior | undefined,
  useSlices: boolean,
) {
  const statsOf = (list: readonly CalibRow[]) =>
    sliceStats(list, { confidence: policy.confidence, prior, weight: (traffic * list.length) / rows.length });
  const stats = statsOf(rows);
  const whole = verdict(stats, policy);
  const options: Option[] = [FREE];
  if (whole.status === "route" && traffic > 0) options.push({ decision: "cheap", ...pick(stats) });
  const tried: CategoryPlan["tried"] = [];
  const slices = useSlices ? candidateSlices(rows.map((r) => r.features)) : [];
  for (const s of slices) {
    const hardRows = rows.filter((r) => s.test(r.features));
    const easyRows = rows.filter((r) => !s.test(r.features));
    const easy = statsOf(easyRows);
    // Both sides need the minimum: a split is a claim about the hard side too, and choosing the best
    // of many slices on few examples is where lucky estimates come from.
    const easyVerdict: Verdict =
      hardRows.length < policy.minSamples
        ? { status: "too-few", reason: `only ${hardRows.length} examples in the slice (minimum ${policy.minSamples})` }
        : verdict(easy, policy);
    tried.push({ label: s.label, easyN: easy.n, easyGap: easy.gap.mean, status: easyVerdict.status });
    if (easyVerdict.status !== "route" || traffic <= 0) continue;
    const split = { slice: s, hard: statsOf(hardRows), easy, easyVerdict };
    options.push({ decision: "split", ...pick(easy), split });
  }
  return { stats, whole, options, tried };
}

const pick = (s: SliceStats): RiskyChoice => ({ saving: s.saving, loss: s.loss, lossVariance: s.lossVariance });

function reasonFor(o: Option, whole: Verdict, stats: SliceStats, traffic: number): string {
  if (o.decision === "cheap") return `cheap: ${whole.reason}`;
  if (o.decision === "split") {
    const s = o.split!;
    return `split: ${s.slice.label} stays premium (n=${s.hard.n}, gap ${s.hard.gap.mean.toFixed(3)}); the rest goes cheap: ${s.easyVerdict.reason}`;
  }
  if (whole.status !== "route") return `premium: ${whole.reason}`;
  if (traffic <= 0) return "premium: no traffic in this category, nothing to save";
  return `premium: ${describeGap(stats)}; sending it cheap would cost ${stats.loss.toFixed(1)} quality points on its traffic, more than its saving buys within the quality budget`;
}

/** The prior every category's gap is shrunk toward, fitted on the categories' own gaps. */
function priorOf(groups: [string, CalibRow[]][]): GapPrior | undefined {
  return fitPrior(
    groups
      .filter(([, list]) => list.length >= 2)
      .map(([, list]) => {
        const premium = list.map((r) => r.premiumScore);
        const cheap = list.map((r) => r.cheapScore);
        let g = 0;
        for (let i = 0; i < list.length; i++) g += premium[i] - cheap[i];
        return { mean: g / list.length, se2: gapSpread(premium, cheap).se2 };
      }),
  );
}

/**
 * Decides, per category and where the data supports it per input slice, what may go to the cheap
 * model. Each category's gap is shrunk toward the others' (empirical Bayes), so a lucky-looking
 * category is not over-trusted. `maxQualityLoss`: each category (or its easy part) whose gap's
 * one-sided upper bound is within the budget, or whose own upper bound is below zero; the
 * biggest-saving choice when several qualify. `minQualityKept`: over the traffic (`traffic`, or
 * every row as one request), the set of choices that saves the most while the upper bound of the
 * total quality lost stays within (1 − Q) of premium quality: losses of independent categories add,
 * so the bound on the total is far tighter than each category's own.
 * @example calibrate(rows, { target: { minQualityKept: 0.95 }, traffic: { billing: 5200, legal: 300 } }).categories
 */
export function calibrate(rows: readonly CalibRow[], opts: CalibrateOptions): CalibrationPlan {
  const policy = policyFor(opts);
  const z = oneSidedZ(policy.confidence);
  const groups = [...groupBy(rows, (r) => r.category).entries()].sort((a, b) => a[0].localeCompare(b[0]));
  const prior = opts.shrink === false ? undefined : priorOf(groups);
  const trafficOf = (category: string, n: number) => (opts.traffic ? (opts.traffic[category] ?? 0) : n);
  const evaluated = groups.map(([category, list]) => ({
    category,
    traffic: trafficOf(category, list.length),
    ...optionsFor(list, trafficOf(category, list.length), policy, prior, opts.slices !== false),
  }));
  let picks: number[];
  if ("maxQualityLoss" in opts.target) {
    picks = evaluated.map((g) => g.options.reduce((best, o, i) => (o.saving > g.options[best].saving ? i : best), 0));
  } else {
    const premiumPoints = evaluated.reduce((s, g) => s + g.traffic * g.stats.premium.mean, 0);
    const forced = evaluated.map((g) => {
      const i = g.options.findIndex((o) => o.decision === "cheap");
      return i > 0 && g.stats.rawUpper < 0 ? i : undefined;
    });
    picks = choosePortfolio(
      evaluated.map((g) => g.options),
      (1 - opts.target.minQualityKept) * premiumPoints,
      z,
      forced,
    );
  }
  const chosen = evaluated.map((g, i) => g.options[picks[i]]);
  const categories = evaluated.map((g, i): CategoryPlan => {
    const o = chosen[i];
    return {
      category: g.category,
      stats: g.stats,
      verdict: g.whole,
      decision: o.decision,
      split: o.split,
      reason: reasonFor(o, g.whole, g.stats, g.traffic),
      tried: g.tried,
      traffic: g.traffic,
    };
  });
  const plan: CalibrationPlan = {
    policy,
    target: opts.target,
    categories,
    prior,
    weighted: opts.traffic !== undefined,
    uncovered: Object.entries(opts.traffic ?? {})
      .filter(([c, n]) => n > 0 && !groups.some(([g]) => g === c))
      .map(([category, traffic]) => ({ category, traffic }))
      .sort((a, b) => b.traffic - a.traffic || a.category.localeCompare(b.category)),
    predicted: predictedOutcome(evaluated, chosen, z),
    expected: expectedOutcome(rows, categories),
  };
  for (const c of plan.categories) c.moreData = moreDataFor(c, plan);
  return plan;
}

function predictedOutcome(
  evaluated: { traffic: number; stats: SliceStats; options: Option[] }[],
  chosen: Option[],
  z: number,
): PredictedOutcome {
  const total = totalOf(
    chosen.map((o) => [o]),
    chosen.map(() => 0),
    z,
  );
  let requests = 0;
  let cheapRequests = 0;
  let premiumPoints = 0;
  let premiumCost = 0;
  evaluated.forEach((g, i) => {
    requests += g.traffic;
    premiumPoints += g.traffic * g.stats.premium.mean;
    premiumCost += g.traffic * g.stats.premiumCost;
    const o = chosen[i];
    if (o.decision === "cheap") cheapRequests += g.traffic;
    else if (o.decision === "split") cheapRequests += o.split!.easy.weight;
  });
  const kept = (loss: number) => (premiumPoints > 0 ? 1 - loss / premiumPoints : 1);
  return {
    requests,
    premiumShare: requests > 0 ? 1 - cheapRequests / requests : 1,
    qualityKept: kept(total.loss),
    qualityKeptLow: kept(total.upper),
    costSaved: premiumCost > 0 ? total.saving / premiumCost : 0,
  };
}

/** Whether a plan sends a row to the cheap model. */
export function routesCheap(
  plan: Pick<CalibrationPlan, "categories">,
  row: Pick<CalibRow, "category" | "features">,
): boolean {
  const c = plan.categories.find((p) => p.category === row.category);
  if (!c || c.decision === "premium") return false;
  return c.decision === "cheap" || !c.split!.slice.test(row.features);
}

function expectedOutcome(rows: readonly CalibRow[], categories: CategoryPlan[]): CalibrationPlan["expected"] {
  let q = 0;
  let qp = 0;
  let cost = 0;
  let cp = 0;
  let premium = 0;
  for (const r of rows) {
    const cheap = routesCheap({ categories }, r);
    q += cheap ? r.cheapScore : r.premiumScore;
    cost += cheap ? r.cheapCost : r.premiumCost;
    qp += r.premiumScore;
    cp += r.premiumCost;
    if (!cheap) premium++;
  }
  return { n: rows.length, premiumShare: premium / rows.length, qualityKept: q / qp, costSaved: 1 - cost / cp };
}
