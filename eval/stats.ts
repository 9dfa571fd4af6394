/** Small statistics for evaluation results: means, confidence intervals, quantiles. Pure. */

export interface Interval {
  low: number;
  high: number;
}

/** A mean with its confidence interval and sample size. */
export interface Estimate extends Interval {
  mean: number;
  n: number;
  /** "wilson": Wilson (a proportion) or Agresti–Min (a paired difference of proportions); "t": Student-t. */
  method: "wilson" | "t";
}

/** Arithmetic mean (NaN for an empty list). */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9).
 * @example normalQuantile(0.975) // 1.959964
 */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * Quantile of Student's t with `df` degrees of freedom: exact for df 1 and 2, a Cornish–Fisher
 * expansion of the normal quantile above (error < 0.2 % from df 3 at p = 0.975).
 * @example tQuantile(0.975, 10) // ≈ 2.228
 */
export function tQuantile(p: number, df: number): number {
  if (df <= 0) throw new RangeError("tQuantile needs df > 0");
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

/**
 * Wilson score interval for a proportion: well-behaved at 0 %, 100 % and small n (unlike the
 * normal approximation). `successes` may be fractional (it is `mean × n`).
 * @example wilson(97, 100) // { low: 0.915, high: 0.990 }
 */
export function wilson(successes: number, n: number, confidence = 0.95): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Student-t interval for a mean; a single value gets the widest interval its scale allows. */
export function tInterval(xs: readonly number[], confidence = 0.95): Interval {
  const m = mean(xs);
  if (xs.length < 2) return { low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };
  const half = (tQuantile(1 - (1 - confidence) / 2, xs.length - 1) * stdev(xs)) / Math.sqrt(xs.length);
  return { low: m - half, high: m + half };
}

/** True when every value is 0 or 1 (a pass/fail scorer). */
export function isBinary(xs: readonly number[]): boolean {
  return xs.every((x) => x === 0 || x === 1);
}

/**
 * Mean quality with its interval: Wilson for pass/fail scores, Student-t (clamped to 0..1) for
 * graded ones.
 * @example estimateQuality([1, 1, 0, 1]).method // "wilson"
 */
export function estimateQuality(scores: readonly number[], confidence = 0.95): Estimate {
  const m = mean(scores);
  const n = scores.length;
  if (n === 0) return { mean: Number.NaN, n, low: 0, high: 1, method: "wilson" };
  if (isBinary(scores)) return { mean: m, n, method: "wilson", ...wilson(m * n, n, confidence) };
  const ci = tInterval(scores, confidence);
  return { mean: m, n, method: "t", low: Math.max(0, ci.low), high: Math.min(1, ci.high) };
}

/** One rubric point on the 0..1 scale: the pseudo-difference that keeps a graded gap's interval honest. */
export const GRADED_PSEUDO_DIFF = 0.1;

/**
 * The quality gap (premium − candidate) over paired examples, with an interval that does not read
 * "no difference seen on a few examples" as certainty. Pass/fail pairs: Agresti–Min (half a
 * pseudo-count added to each discordant cell), so 30 identical outcomes still leave ± 0.06.
 * Graded pairs: Student-t on the differences plus two pseudo-differences of ± one rubric point.
 * The reported mean is the plain mean of the differences.
 * @example pairedGap([1, 1, 1], [1, 0, 1]).mean // 0.333
 */
export function pairedGap(premium: readonly number[], candidate: readonly number[], confidence = 0.95): Estimate {
  if (premium.length !== candidate.length) throw new Error("pairedGap needs paired lists of equal length");
  const diffs = premium.map((p, i) => p - candidate[i]);
  const n = diffs.length;
  if (n === 0)
    return { mean: Number.NaN, n, method: "t", low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };
  if (isBinary(premium) && isBinary(candidate)) {
    const z = normalQuantile(1 - (1 - confidence) / 2);
    const premiumOnly = (diffs.filter((d) => d === 1).length + 0.5) / (n + 2);
    const candidateOnly = (diffs.filter((d) => d === -1).length + 0.5) / (n + 2);
    const centre = premiumOnly - candidateOnly;
    const half = z * Math.sqrt((premiumOnly + candidateOnly - centre ** 2) / (n + 2));
    return { mean: mean(diffs), n, method: "wilson", low: centre - half, high: centre + half };
  }
  const ci = tInterval([...diffs, GRADED_PSEUDO_DIFF, -GRADED_PSEUDO_DIFF], confidence);
  const shift = mean(diffs) - (ci.low + ci.high) / 2;
  return { mean: mean(diffs), n, method: "t", low: ci.low + shift, high: ci.high + shift };
}

/** Half the width of an interval (∞ when unbounded). */
export function halfWidth(i: Interval): number {
  return (i.high - i.low) / 2;
}

/**
 * Linear-interpolated quantile of already sorted values.
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** A paired gap's spread: the per-example variance and the variance of its mean, small-sample safe. */
export interface GapSpread {
  /** Variance of one example's difference (pseudo-counts included, never 0). */
  rowVariance: number;
  /** Variance of the mean difference. */
  se2: number;
}

/**
 * The spread behind `pairedGap`'s interval, for estimates that combine slices (shrinkage, sums over
 * categories) and for predicting what new examples will show. Pass/fail pairs: the Agresti–Min
 * variance (half a pseudo-count in each discordant cell) over n + 2; graded pairs: the sample
 * variance with the two ± one-rubric-point pseudo-differences, over n + 2.
 * @example gapSpread([1, 1, 1, 1], [1, 1, 1, 1]).se2 // > 0: four ties are no proof of equality
 */
export function gapSpread(premium: readonly number[], candidate: readonly number[]): GapSpread {
  const n = premium.length;
  if (isBinary(premium) && isBinary(candidate)) {
    let up = 0;
    let down = 0;
    for (let i = 0; i < n; i++) {
      const d = premium[i] - candidate[i];
      if (d > 0) up++;
      else if (d < 0) down++;
    }
    const p = (up + 0.5) / (n + 2);
    const q = (down + 0.5) / (n + 2);
    const rowVariance = p + q - (p - q) ** 2;
    return { rowVariance, se2: rowVariance / (n + 2) };
  }
  const diffs = premium.map((p, i) => p - candidate[i]);
  const rowVariance = Math.max(stdev([...diffs, GRADED_PSEUDO_DIFF, -GRADED_PSEUDO_DIFF]) ** 2, 1e-6);
  return { rowVariance, se2: rowVariance / (n + 2) };
}

/** z for a one-sided bound at `confidence` (0.95 → 1.645). */
export function oneSidedZ(confidence: number): number {
  return normalQuantile(confidence);
}
