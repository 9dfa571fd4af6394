/**
 * Empirical-Bayes shrinkage of per-slice quality gaps (DerSimonian–Laird random effects).
 *
 * Fifty examples per category measure each gap with ± 0.1 of noise, and the categories that look
 * best are partly lucky. Treating the true gaps as drawn from one distribution whose mean and
 * spread the slices themselves estimate pulls each noisy estimate toward the others in proportion
 * to its noise: a precise estimate barely moves, a noisy one moves most of the way. Pure.
 */

/** One slice's measured gap (premium − cheap) and the variance of that mean. */
export interface GapObservation {
  mean: number;
  se2: number;
}

/** The fitted distribution of true gaps across slices. */
export interface GapPrior {
  /** Mean true gap. */
  mu: number;
  /** Variance of true gaps between slices (0: all slices alike). */
  tau2: number;
  /** Variance of the estimate of `mu` (its own uncertainty, carried into every posterior). */
  muVariance: number;
  /** Slices the prior was fitted on. */
  k: number;
}

/** A slice's gap after shrinkage: the posterior mean and variance. */
export interface Posterior {
  mean: number;
  variance: number;
  /** Weight on the slice's own data, 0..1 (1: no shrinkage). */
  ownWeight: number;
}

/** With fewer slices than this the spread between them cannot be estimated: no shrinkage. */
export const MIN_SLICES_TO_SHRINK = 3;

/**
 * Fits the prior by DerSimonian–Laird's method of moments.
 * @example fitPrior([{ mean: 0.1, se2: 0.003 }, { mean: 0.02, se2: 0.003 }, { mean: 0.3, se2: 0.004 }]).tau2
 */
export function fitPrior(obs: readonly GapObservation[]): GapPrior | undefined {
  const usable = obs.filter((o) => Number.isFinite(o.mean) && o.se2 > 0 && Number.isFinite(o.se2));
  const k = usable.length;
  if (k < MIN_SLICES_TO_SHRINK) return undefined;
  const w = usable.map((o) => 1 / o.se2);
  const sw = w.reduce((a, b) => a + b, 0);
  const fixed = usable.reduce((s, o, i) => s + w[i] * o.mean, 0) / sw;
  const q = usable.reduce((s, o, i) => s + w[i] * (o.mean - fixed) ** 2, 0);
  const c = sw - w.reduce((s, x) => s + x * x, 0) / sw;
  const tau2 = c > 0 ? Math.max(0, (q - (k - 1)) / c) : 0;
  const rw = usable.map((o) => 1 / (o.se2 + tau2));
  const srw = rw.reduce((a, b) => a + b, 0);
  const mu = usable.reduce((s, o, i) => s + rw[i] * o.mean, 0) / srw;
  return { mu, tau2, muVariance: 1 / srw, k };
}

/**
 * The posterior of one slice's gap under the prior (its own estimate when there is no prior).
 * @example shrink({ mean: -0.1, se2: 0.004 }, prior).mean // between -0.1 and prior.mu
 */
export function shrink(o: GapObservation, prior: GapPrior | undefined): Posterior {
  if (!prior || !(o.se2 > 0)) return { mean: o.mean, variance: o.se2, ownWeight: 1 };
  const b = prior.tau2 / (prior.tau2 + o.se2);
  return {
    mean: prior.mu + b * (o.mean - prior.mu),
    variance: b * o.se2 + (1 - b) ** 2 * prior.muVariance,
    ownWeight: b,
  };
}
