import type { PairedOutcome } from "./curve";
import { estimateQuality, halfWidth, pairedGap, type Estimate } from "./stats";

/** What a slice must show before a cheaper model may take it (the routing guide's quality bar). */
export interface GuardPolicy {
  /** Largest quality gap (premium − cheap, on the 0..1 score scale) accepted. */
  maxLoss: number;
  /** Fewer paired examples than this: stays premium, whatever the numbers say. */
  minSamples: number;
  /** The gap's confidence interval must be at most ± this wide. */
  maxCiHalfWidth: number;
  confidence: number;
}

export const DEFAULT_MIN_SAMPLES = 30;
export const DEFAULT_CONFIDENCE = 0.95;

/** One slice's paired measurements: both models' quality, the gap, costs. */
export interface SliceStats {
  n: number;
  cheap: Estimate;
  premium: Estimate;
  /** Premium − cheap, paired per example. */
  gap: Estimate;
  /** Mean USD per example. */
  cheapCost: number;
  premiumCost: number;
  /** Total USD saved by sending the whole slice to the cheap model. */
  saving: number;
  /** Total quality points lost by doing so (Σ premium − cheap; negative when cheap does better). */
  loss: number;
}

export type VerdictStatus = "route" | "keep-premium" | "too-few" | "ci-too-wide";

export interface Verdict {
  status: VerdictStatus;
  /** One line for the report and the rule's documentation. */
  reason: string;
}

/**
 * Paired statistics of a slice.
 * @example sliceStats(rows).gap.mean
 */
export function sliceStats(rows: readonly PairedOutcome[], confidence = DEFAULT_CONFIDENCE): SliceStats {
  const cheap = rows.map((r) => r.cheapScore);
  const premium = rows.map((r) => r.premiumScore);
  let cc = 0;
  let pc = 0;
  for (const r of rows) {
    cc += r.cheapCost;
    pc += r.premiumCost;
  }
  const gap = pairedGap(premium, cheap, confidence);
  return {
    n: rows.length,
    cheap: estimateQuality(cheap, confidence),
    premium: estimateQuality(premium, confidence),
    gap,
    cheapCost: cc / rows.length,
    premiumCost: pc / rows.length,
    saving: pc - cc,
    loss: gap.mean * rows.length,
  };
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));

/**
 * Whether the evidence supports the cheap model for a slice: enough examples, a gap within the
 * budget, and an interval tight enough to tell (a wide one stays premium, whatever its middle says).
 * `maxLoss` may be Infinity when another constraint (quality kept overall) budgets the loss.
 * @example verdict(sliceStats(rows), { maxLoss: 0.02, minSamples: 30, maxCiHalfWidth: 0.02, confidence: 0.95 }).status
 */
export function verdict(s: SliceStats, policy: GuardPolicy): Verdict {
  if (s.n < policy.minSamples)
    return { status: "too-few", reason: `only ${s.n} examples (minimum ${policy.minSamples}): stays premium` };
  const half = halfWidth(s.gap);
  if (s.gap.mean > policy.maxLoss)
    return {
      status: "keep-premium",
      reason: `gap ${f3(s.gap.mean)} ± ${f3(half)} above the ${f3(policy.maxLoss)} budget`,
    };
  if (!(half <= policy.maxCiHalfWidth)) {
    return {
      status: "ci-too-wide",
      reason: `gap ${f3(s.gap.mean)} ± ${f3(half)}: interval wider than ± ${f3(policy.maxCiHalfWidth)}, stays premium`,
    };
  }
  const budget = Number.isFinite(policy.maxLoss) ? ` within the ${f3(policy.maxLoss)} budget` : "";
  return { status: "route", reason: `gap ${f3(s.gap.mean)} ± ${f3(half)}${budget} (n=${s.n})` };
}
