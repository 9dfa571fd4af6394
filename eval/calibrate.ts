import { extractFeatures } from "../src/classify/features/features";
import type { Features } from "../src/classify/types";
import type { PairedOutcome } from "./curve";
import type { ReplayRow } from "./dataset";
import {
  DEFAULT_CONFIDENCE,
  DEFAULT_MIN_SAMPLES,
  sliceStats,
  verdict,
  type GuardPolicy,
  type SliceStats,
  type Verdict,
} from "./guard";
import type { OutcomeIndex } from "./outcomes";
import { groupBy, pairedOutcome } from "./replay";
import { pickChoices, type Choice } from "./select";
import { candidateSlices, type Slice } from "./slices";

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
  /** ± width the gap's interval may have (default: the loss budget, or 1 − Q for quality kept). */
  maxCiHalfWidth?: number;
  confidence?: number;
  /** Try input-characteristic slices within categories (default true). */
  slices?: boolean;
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
}

export interface CalibrationPlan {
  policy: GuardPolicy;
  target: CalibrationTarget;
  categories: CategoryPlan[];
  /** The plan applied to the calibration rows themselves. */
  expected: { premiumShare: number; qualityKept: number; costSaved: number; n: number };
}

interface Option extends Choice {
  decision: CategoryPlan["decision"];
  split?: SplitPlan;
}

function policyFor(opts: CalibrateOptions): GuardPolicy {
  const budget = "maxQualityLoss" in opts.target ? opts.target.maxQualityLoss : 1 - opts.target.minQualityKept;
  return {
    maxLoss: "maxQualityLoss" in opts.target ? opts.target.maxQualityLoss : Number.POSITIVE_INFINITY,
    minSamples: opts.minSamples ?? DEFAULT_MIN_SAMPLES,
    maxCiHalfWidth: opts.maxCiHalfWidth ?? Math.round(budget * 1e6) / 1e6,
    confidence: opts.confidence ?? DEFAULT_CONFIDENCE,
  };
}

function optionsFor(rows: readonly CalibRow[], policy: GuardPolicy, useSlices: boolean) {
  const stats = sliceStats(rows, policy.confidence);
  const whole = verdict(stats, policy);
  const options: Option[] = [{ decision: "premium", saving: 0, loss: 0 }];
  if (whole.status === "route") options.push({ decision: "cheap", saving: stats.saving, loss: stats.loss });
  const tried: CategoryPlan["tried"] = [];
  const slices = useSlices ? candidateSlices(rows.map((r) => r.features)) : [];
  for (const s of slices) {
    const hardRows = rows.filter((r) => s.test(r.features));
    const easyRows = rows.filter((r) => !s.test(r.features));
    const easy = sliceStats(easyRows, policy.confidence);
    const easyVerdict = verdict(easy, policy);
    tried.push({ label: s.label, easyN: easy.n, easyGap: easy.gap.mean, status: easyVerdict.status });
    if (easyVerdict.status !== "route") continue;
    const split = { slice: s, hard: sliceStats(hardRows, policy.confidence), easy, easyVerdict };
    options.push({ decision: "split", saving: easy.saving, loss: easy.loss, split });
  }
  return { stats, whole, options, tried };
}

function reasonFor(o: Option, whole: Verdict, stats: SliceStats): string {
  if (o.decision === "cheap") return `cheap: ${whole.reason}`;
  if (o.decision === "split") {
    const s = o.split!;
    return `split: ${s.slice.label} stays premium (n=${s.hard.n}, gap ${s.hard.gap.mean.toFixed(3)}); the rest goes cheap: ${s.easyVerdict.reason}`;
  }
  if (whole.status !== "route") return `premium: ${whole.reason}`;
  return `premium: sending it cheap would lose ${stats.loss.toFixed(2)} quality points (gap ${stats.gap.mean.toFixed(3)}, n=${stats.n}); the quality-kept budget is better spent elsewhere or too small`;
}

/**
 * Decides, per category and where the data supports it per input slice, what may go to the cheap
 * model. `maxQualityLoss`: each category (or its easy part) whose gap is within the budget, the
 * biggest-saving choice when several qualify. `minQualityKept`: the set of choices that saves the
 * most while the whole dataset keeps ≥ Q of premium quality. Either way only slices that pass the
 * guard (enough examples, a tight enough interval, gap within budget when one is set) go cheap.
 * @example calibrate(rows, { target: { maxQualityLoss: 0.02 }, minSamples: 30 }).categories
 */
export function calibrate(rows: readonly CalibRow[], opts: CalibrateOptions): CalibrationPlan {
  const policy = policyFor(opts);
  const groups = [...groupBy(rows, (r) => r.category).entries()].sort((a, b) => a[0].localeCompare(b[0]));
  const evaluated = groups.map(([category, list]) => ({
    category,
    ...optionsFor(list, policy, opts.slices !== false),
  }));
  let picks: number[];
  if ("maxQualityLoss" in opts.target) {
    picks = evaluated.map((g) => g.options.reduce((best, o, i) => (o.saving > g.options[best].saving ? i : best), 0));
  } else {
    const premiumTotal = rows.reduce((s, r) => s + r.premiumScore, 0);
    picks = pickChoices(
      evaluated.map((g) => g.options),
      (1 - opts.target.minQualityKept) * premiumTotal,
    );
  }
  const categories = evaluated.map((g, i): CategoryPlan => {
    const o = g.options[picks[i]];
    return {
      category: g.category,
      stats: g.stats,
      verdict: g.whole,
      decision: o.decision,
      split: o.split,
      reason: reasonFor(o, g.whole, g.stats),
      tried: g.tried,
    };
  });
  return { policy, target: opts.target, categories, expected: expectedOutcome(rows, categories) };
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
