import type { PairedOutcome } from "./curve";
import type { GapPrior, Posterior } from "./shrink";
import { shrink } from "./shrink";
import { estimateQuality, gapSpread, halfWidth, oneSidedZ, pairedGap, type Estimate, type GapSpread } from "./stats";

/** What a slice must show before a cheaper model may take it (the routing guide's quality bar). */
export interface GuardPolicy {
  /** Largest quality gap (premium − cheap, 0..1 scale) whose upper bound is accepted; Infinity when a
   * budget over the whole traffic decides instead (`--min-quality-kept`). */
  maxLoss: number;
  /** Fewer paired examples than this: stays premium, whatever the numbers say. */
  minSamples: number;
  /** Optional extra guard: the gap's two-sided interval must be at most ± this wide. */
  maxCiHalfWidth?: number;
  /** Level of the one-sided upper bounds (and of the two-sided intervals shown). */
  confidence: number;
}

export const DEFAULT_MIN_SAMPLES = 30;
export const DEFAULT_CONFIDENCE = 0.95;

/** One slice's paired measurements and what sending its traffic cheap would cost and save. */
export interface SliceStats {
  n: number;
  cheap: Estimate;
  premium: Estimate;
  /** Premium − cheap, paired per example, with its two-sided interval (as measured, no shrinkage). */
  gap: Estimate;
  spread: GapSpread;
  /** The gap after shrinkage toward the other slices (its own estimate when not shrunk). */
  posterior: Posterior;
  /** One-sided upper bound of the true gap at the policy's confidence, from the posterior. */
  upper: number;
  /** The same bound from this slice's examples alone. */
  rawUpper: number;
  /** Mean USD per example. */
  cheapCost: number;
  premiumCost: number;
  /** Requests of traffic the slice stands for (its example count when examples count equally). */
  weight: number;
  /** USD saved by sending the slice's traffic to the cheap model. */
  saving: number;
  /** Expected quality points lost by doing so (negative when the cheap model does better). */
  loss: number;
  /** Variance of the points actually lost on that traffic: the estimate's and the traffic's own. */
  lossVariance: number;
}

export type VerdictStatus = "route" | "keep-premium" | "too-few" | "ci-too-wide";

export interface Verdict {
  status: VerdictStatus;
  /** One line for the report and the rule's documentation. */
  reason: string;
}

export interface SliceStatsOptions {
  confidence?: number;
  /** Shrink toward this prior (none: the slice's own estimate). */
  prior?: GapPrior;
  /** Requests the slice stands for (default: its example count). */
  weight?: number;
}

/**
 * Paired statistics of a slice, its shrunk gap and one-sided bounds, and the money and quality at
 * stake on the traffic it stands for.
 * @example sliceStats(rows, { prior, weight: 1200 }).upper
 */
export function sliceStats(rows: readonly PairedOutcome[], opts: SliceStatsOptions = {}): SliceStats {
  const confidence = opts.confidence ?? DEFAULT_CONFIDENCE;
  const cheap = rows.map((r) => r.cheapScore);
  const premium = rows.map((r) => r.premiumScore);
  let cc = 0;
  let pc = 0;
  for (const r of rows) {
    cc += r.cheapCost;
    pc += r.premiumCost;
  }
  const n = rows.length;
  const gap = pairedGap(premium, cheap, confidence);
  const spread = n ? gapSpread(premium, cheap) : { rowVariance: 1, se2: Number.POSITIVE_INFINITY };
  const posterior = shrink({ mean: gap.mean, se2: spread.se2 }, opts.prior);
  const z = oneSidedZ(confidence);
  const weight = opts.weight ?? n;
  const cheapCost = n ? cc / n : 0;
  const premiumCost = n ? pc / n : 0;
  return {
    n,
    cheap: estimateQuality(cheap, confidence),
    premium: estimateQuality(premium, confidence),
    gap,
    spread,
    posterior,
    upper: posterior.mean + z * Math.sqrt(posterior.variance),
    rawUpper: gap.mean + z * Math.sqrt(spread.se2),
    cheapCost,
    premiumCost,
    weight,
    saving: weight * (premiumCost - cheapCost),
    loss: weight * posterior.mean,
    lossVariance: weight * weight * posterior.variance + weight * spread.rowVariance,
  };
}

const f3 = (x: number) => (Number.isFinite(x) ? (Math.abs(x) < 0.0005 ? 0 : x).toFixed(3) : String(x));

/** "gap 0.080 (shrunk 0.071, upper bound 0.112)": what was measured and what the guard used. */
export function describeGap(s: SliceStats): string {
  const shrunk = Math.abs(s.posterior.mean - s.gap.mean) >= 0.0005 ? `shrunk ${f3(s.posterior.mean)}, ` : "";
  return `gap ${f3(s.gap.mean)} (${shrunk}upper bound ${f3(s.upper)})`;
}

/**
 * Whether the evidence lets the cheap model take a slice. Enough examples first; then a slice whose
 * own one-sided upper bound is below zero routes (the cheap model is measurably better); otherwise
 * the upper bound of its (shrunk) gap must be within `maxLoss`. With `maxLoss` Infinity, "route"
 * means eligible: a budget over the whole traffic then chooses among the eligible slices.
 * @example verdict(sliceStats(rows), { maxLoss: 0.02, minSamples: 30, confidence: 0.95 }).status
 */
export function verdict(s: SliceStats, policy: GuardPolicy): Verdict {
  if (s.n < policy.minSamples)
    return { status: "too-few", reason: `only ${s.n} examples (minimum ${policy.minSamples}): stays premium` };
  if (s.rawUpper < 0)
    return {
      status: "route",
      reason: `the cheap model is better: gap ${f3(s.gap.mean)}, upper bound ${f3(s.rawUpper)} < 0 (n=${s.n})`,
    };
  if (s.upper > policy.maxLoss)
    return { status: "keep-premium", reason: `${describeGap(s)} above the ${f3(policy.maxLoss)} budget` };
  const half = halfWidth(s.gap);
  if (policy.maxCiHalfWidth !== undefined && !(half <= policy.maxCiHalfWidth)) {
    return {
      status: "ci-too-wide",
      reason: `gap ${f3(s.gap.mean)} ± ${f3(half)}: interval wider than ± ${f3(policy.maxCiHalfWidth)}, stays premium`,
    };
  }
  const budget = Number.isFinite(policy.maxLoss) ? ` within the ${f3(policy.maxLoss)} budget` : "";
  return { status: "route", reason: `${describeGap(s)}${budget} (n=${s.n})` };
}
