import type { Monitoring } from "../src/config/schema";

/** One rule's numbers over one time window (see driftStatsSql). Averages are null without data. */
export interface WindowStats {
  rule: string;
  requests: number;
  /** Requests answered 2xx: the cost averages are over these. */
  served: number;
  avgCost: number | null;
  avgCostSq: number | null;
  feedback: number;
  avgQuality: number | null;
  avgQualitySq: number | null;
  corrected: number;
  /** Requests classified "unknown" or with low classifier confidence. */
  unclassified: number;
}

export type DriftMetric = "cost_per_request" | "quality_score" | "correction_rate" | "unclassified_share";

export interface Finding {
  metric: DriftMetric;
  against: "threshold" | "baseline";
  recent: number;
  reference: number;
  message: string;
}

export interface RuleReview {
  rule: string;
  needsReview: boolean;
  findings: Finding[];
  /** Why a check was skipped (too little data, no baseline…). */
  notes: string[];
}

export interface DriftOptions {
  /** Fewest served requests in a window before cost and unclassified share are judged. */
  minRequests: number;
  /** Fewest feedback rows in a window before quality and correction rate are judged. */
  minFeedback: number;
  /** |z| above which a change from the baseline is not noise (1.96 ≈ 95 %). */
  zCritical: number;
  /** Material changes from the baseline: relative for cost, absolute (0..1) for the others. */
  maxCostIncrease: number;
  maxQualityDrop: number;
  maxCorrectionIncrease: number;
  maxUnclassifiedIncrease: number;
}

export const DEFAULT_DRIFT_OPTIONS: DriftOptions = {
  minRequests: 30,
  minFeedback: 20,
  zCritical: 1.96,
  maxCostIncrease: 0.25,
  maxQualityDrop: 0.05,
  maxCorrectionIncrease: 0.05,
  maxUnclassifiedIncrease: 0.1,
};

interface Measure {
  metric: DriftMetric;
  /** Sample size the measure rests on, and the minimum it needs. */
  n: (s: WindowStats) => number;
  min: (o: DriftOptions) => number;
  value: (s: WindowStats) => number;
  /** Variance of one observation, for the z-score of the difference of means. */
  variance: (s: WindowStats) => number;
  /** The rule's threshold, and whether the value breaches it. */
  threshold: (m: Monitoring) => number | undefined;
  breaches: (value: number, threshold: number) => boolean;
  /** The change from the baseline counted as worse, and its materiality. */
  worsening: (recent: number, baseline: number) => number;
  material: (o: DriftOptions) => number;
  format: (v: number) => string;
}

const variance = (avg: number | null, avgSq: number | null) => Math.max(0, (avgSq ?? 0) - (avg ?? 0) ** 2);
const rate = (x: number, n: number) => (n > 0 ? x / n : 0);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

const MEASURES: Measure[] = [
  {
    metric: "cost_per_request",
    n: (s) => s.served,
    min: (o) => o.minRequests,
    value: (s) => s.avgCost ?? 0,
    variance: (s) => variance(s.avgCost, s.avgCostSq),
    threshold: (m) => m.maxCostPerRequestUsd,
    breaches: (v, t) => v > t,
    worsening: (r, b) => (b > 0 ? (r - b) / b : r > 0 ? Infinity : 0),
    material: (o) => o.maxCostIncrease,
    format: (v) => `$${v.toPrecision(3)}`,
  },
  {
    metric: "quality_score",
    n: (s) => s.feedback,
    min: (o) => o.minFeedback,
    value: (s) => s.avgQuality ?? 0,
    variance: (s) => variance(s.avgQuality, s.avgQualitySq),
    threshold: (m) => m.minQualityScore,
    breaches: (v, t) => v < t,
    worsening: (r, b) => b - r,
    material: (o) => o.maxQualityDrop,
    format: (v) => v.toFixed(3),
  },
  {
    metric: "correction_rate",
    n: (s) => s.feedback,
    min: (o) => o.minFeedback,
    value: (s) => rate(s.corrected, s.feedback),
    variance: (s) => rate(s.corrected, s.feedback) * (1 - rate(s.corrected, s.feedback)),
    threshold: (m) => m.maxCorrectionRate,
    breaches: (v, t) => v > t,
    worsening: (r, b) => r - b,
    material: (o) => o.maxCorrectionIncrease,
    format: pct,
  },
  {
    metric: "unclassified_share",
    n: (s) => s.requests,
    min: (o) => o.minRequests,
    value: (s) => rate(s.unclassified, s.requests),
    variance: (s) => rate(s.unclassified, s.requests) * (1 - rate(s.unclassified, s.requests)),
    threshold: (m) => m.maxUnclassifiedShare,
    breaches: (v, t) => v > t,
    worsening: (r, b) => r - b,
    material: (o) => o.maxUnclassifiedIncrease,
    format: pct,
  },
];

/** z-score of the difference of two means from their per-observation variances. */
export function zScore(m1: number, v1: number, n1: number, m2: number, v2: number, n2: number): number {
  const se = Math.sqrt(v1 / n1 + v2 / n2);
  if (se === 0) return m1 === m2 ? 0 : (m1 - m2) * Infinity;
  return (m1 - m2) / se;
}

function checkThreshold(m: Measure, recent: WindowStats, monitoring: Monitoring | undefined): Finding | undefined {
  const threshold = monitoring && m.threshold(monitoring);
  if (threshold === undefined) return undefined;
  const value = m.value(recent);
  if (!m.breaches(value, threshold)) return undefined;
  return {
    metric: m.metric,
    against: "threshold",
    recent: value,
    reference: threshold,
    message: `${m.metric} ${m.format(value)} is past the rule's threshold ${m.format(threshold)}`,
  };
}

function checkBaseline(m: Measure, recent: WindowStats, baseline: WindowStats, o: DriftOptions): Finding | undefined {
  const r = m.value(recent);
  const b = m.value(baseline);
  const worse = m.worsening(r, b);
  if (!(worse > m.material(o))) return undefined;
  const z = zScore(r, m.variance(recent), m.n(recent), b, m.variance(baseline), m.n(baseline));
  if (!(Math.abs(z) > o.zCritical)) return undefined;
  const zText = Number.isFinite(z) ? z.toFixed(1) : "∞";
  return {
    metric: m.metric,
    against: "baseline",
    recent: r,
    reference: b,
    message: `${m.metric} ${m.format(r)} vs baseline ${m.format(b)} (z=${zText}, n=${m.n(recent)}/${m.n(baseline)})`,
  };
}

/**
 * Compares each rule's recent window with its baseline window and with its own monitoring
 * thresholds. A rule needs review when a threshold is breached (with enough data) or when a metric
 * got materially and significantly worse than the baseline. Pure: the CLI and tests feed it.
 * @example checkDrift(recentStats, baselineStats, { "extraction-to-haiku": { minQualityScore: 0.9 } })
 */
export function checkDrift(
  recent: WindowStats[],
  baseline: WindowStats[],
  monitoring: Record<string, Monitoring | undefined>,
  options: Partial<DriftOptions> = {},
): RuleReview[] {
  const o = { ...DEFAULT_DRIFT_OPTIONS, ...options };
  const baselineByRule = new Map(baseline.map((s) => [s.rule, s]));
  const reviews = recent.map((stats) => reviewRule(stats, baselineByRule.get(stats.rule), monitoring[stats.rule], o));
  for (const b of baseline) {
    if (!recent.some((r) => r.rule === b.rule)) {
      reviews.push({
        rule: b.rule,
        needsReview: false,
        findings: [],
        notes: [`no traffic in the recent window (${b.requests} in the baseline)`],
      });
    }
  }
  return reviews.sort((a, b) => Number(b.needsReview) - Number(a.needsReview) || a.rule.localeCompare(b.rule));
}

function reviewRule(
  recent: WindowStats,
  baseline: WindowStats | undefined,
  monitoring: Monitoring | undefined,
  o: DriftOptions,
): RuleReview {
  const findings: Finding[] = [];
  const notes: string[] = [];
  if (!baseline) notes.push("no baseline traffic: compared with thresholds only");
  for (const m of MEASURES) {
    if (m.n(recent) < m.min(o)) {
      notes.push(`${m.metric}: ${m.n(recent)} of ${m.min(o)} needed in the recent window`);
      continue;
    }
    const overThreshold = checkThreshold(m, recent, monitoring);
    if (overThreshold) findings.push(overThreshold);
    if (!baseline) continue;
    if (m.n(baseline) < m.min(o)) {
      notes.push(`${m.metric}: ${m.n(baseline)} of ${m.min(o)} needed in the baseline window`);
      continue;
    }
    const drifted = checkBaseline(m, recent, baseline, o);
    if (drifted) findings.push(drifted);
  }
  return { rule: recent.rule, needsReview: findings.length > 0, findings, notes };
}
