/**
 * Routing-quality metrics (RouteLLM's): PGR, the cost–quality curve as the premium-call share
 * sweeps 0..100 %, APGR (area under PGR) and CPT(x) (premium share needed for PGR x). Pure.
 */

/** One request's two ends: what the cheap and the premium model scored and cost on it. */
export interface PairedOutcome {
  cheapScore: number;
  premiumScore: number;
  cheapCost: number;
  premiumCost: number;
}

export interface Endpoints {
  n: number;
  qualityCheap: number;
  qualityPremium: number;
  /** Total USD over all rows. */
  costCheap: number;
  costPremium: number;
}

export interface CurvePoint {
  /** Share of requests sent to premium, 0..1. */
  premiumShare: number;
  quality: number;
  /** Total USD. */
  cost: number;
  /** Cost as a share of all-premium. */
  costShare: number;
  pgr: number;
  /** Router scores at or above this went to premium (undefined at the 0 % end). */
  threshold?: number;
}

export interface Curve {
  points: CurvePoint[];
  apgr: number;
  /** Premium share needed to reach PGR 50 % / 80 % (NaN when never reached). */
  cpt50: number;
  cpt80: number;
}

/** Quality and cost of the all-cheap and all-premium routers. */
export function endpoints(rows: readonly PairedOutcome[]): Endpoints {
  let qc = 0;
  let qp = 0;
  let cc = 0;
  let cp = 0;
  for (const r of rows) {
    qc += r.cheapScore;
    qp += r.premiumScore;
    cc += r.cheapCost;
    cp += r.premiumCost;
  }
  const n = rows.length;
  return { n, qualityCheap: qc / n, qualityPremium: qp / n, costCheap: cc, costPremium: cp };
}

/**
 * Performance gap recovered: (Q_router − Q_cheap) / (Q_premium − Q_cheap); NaN when both ends tie.
 * @example pgr(0.8, 0.6, 1.0) // 0.5
 */
export function pgr(quality: number, e: Pick<Endpoints, "qualityCheap" | "qualityPremium">): number {
  const span = e.qualityPremium - e.qualityCheap;
  return span === 0 ? Number.NaN : (quality - e.qualityCheap) / span;
}

/**
 * The cost–quality curve of a router score (higher = more in need of premium): rows are sent to
 * premium from the highest score down. Tied scores form one step, joined by a straight line (what
 * a random order within the tie gives on average), so the curve is the router's, not the sort's.
 * A NaN score counts as +∞ (no evidence: premium first).
 * @example sweep(rows, rows.map((r) => complexityOf(r))).apgr
 */
export function sweep(rows: readonly PairedOutcome[], scores: readonly number[]): Curve {
  if (rows.length !== scores.length) throw new Error("sweep needs one score per row");
  const e = endpoints(rows);
  const score = scores.map((x) => (Number.isNaN(x) ? Number.POSITIVE_INFINITY : x));
  const order = rows.map((_, i) => i).sort((a, b) => (score[b] === score[a] ? a - b : score[b] > score[a] ? 1 : -1));
  const point = (k: number, q: number, c: number, threshold?: number): CurvePoint => ({
    premiumShare: k / e.n,
    quality: q / e.n,
    cost: c,
    costShare: e.costPremium > 0 ? c / e.costPremium : Number.NaN,
    pgr: pgr(q / e.n, e),
    ...(threshold !== undefined ? { threshold } : {}),
  });
  let q = e.qualityCheap * e.n;
  let c = e.costCheap;
  const points = [point(0, q, c)];
  for (let k = 0; k < order.length;) {
    const s = score[order[k]];
    while (k < order.length && score[order[k]] === s) {
      const r = rows[order[k]];
      q += r.premiumScore - r.cheapScore;
      c += r.premiumCost - r.cheapCost;
      k++;
    }
    points.push(point(k, q, c, s));
  }
  return { points, apgr: apgr(points), cpt50: cpt(points, 0.5), cpt80: cpt(points, 0.8) };
}

/** Area under PGR over premium share 0..1 (trapezoids between the curve's points). */
export function apgr(points: readonly CurvePoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    area += ((a.pgr + b.pgr) / 2) * (b.premiumShare - a.premiumShare);
  }
  return area;
}

/** The smallest premium share at which the (piecewise-linear) curve reaches PGR `target`. */
export function cpt(points: readonly CurvePoint[], target: number): number {
  if (points.length && points[0].pgr >= target) return points[0].premiumShare;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (b.pgr >= target) {
      const t = b.pgr === a.pgr ? 0 : (target - a.pgr) / (b.pgr - a.pgr);
      return a.premiumShare + t * (b.premiumShare - a.premiumShare);
    }
  }
  return Number.NaN;
}

/**
 * The random router sending `share` of requests to premium: its expected quality and cost, and the
 * standard deviation of its quality over draws (one draw, as in a published table, lands within
 * about two of these of the expectation). Its curve is the straight line: APGR 0.5, CPT(x) = x.
 */
export function randomRouter(
  rows: readonly PairedOutcome[],
  share = 0.5,
): { quality: number; cost: number; qualitySd: number } {
  const e = endpoints(rows);
  let variance = 0;
  for (const r of rows) variance += (r.premiumScore - r.cheapScore) ** 2 * share * (1 - share);
  return {
    quality: e.qualityCheap + share * (e.qualityPremium - e.qualityCheap),
    cost: e.costCheap + share * (e.costPremium - e.costCheap),
    qualitySd: Math.sqrt(variance) / e.n,
  };
}

/** The per-row oracle: premium exactly where it scores higher than cheap. */
export function oracleRouter(rows: readonly PairedOutcome[]): { quality: number; cost: number; premiumShare: number } {
  let q = 0;
  let c = 0;
  let k = 0;
  for (const r of rows) {
    const premium = r.premiumScore > r.cheapScore;
    q += premium ? r.premiumScore : r.cheapScore;
    c += premium ? r.premiumCost : r.cheapCost;
    if (premium) k++;
  }
  return { quality: q / rows.length, cost: c, premiumShare: k / rows.length };
}
