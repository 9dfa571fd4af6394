/** Accuracy, per-category precision/recall/F1, calibration (ECE), temperature and threshold fitting. */

export interface Scored {
  truth: string;
  predicted: string;
  confidence: number;
}

export interface CategoryMetrics {
  category: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true label is this category. */
  n: number;
}

export interface Metrics {
  accuracy: number;
  macroF1: number;
  ece: number;
  n: number;
  perCategory: CategoryMetrics[];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/**
 * Accuracy, macro-F1 over `categories`, expected calibration error and per-category figures.
 * @example metricsOf(scored, ["chat", "code"]).macroF1
 */
export function metricsOf(scored: readonly Scored[], categories: readonly string[]): Metrics {
  const perCategory = categories.map((category) => {
    const tp = scored.filter((s) => s.truth === category && s.predicted === category).length;
    const predicted = scored.filter((s) => s.predicted === category).length;
    const n = scored.filter((s) => s.truth === category).length;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, n);
    return { category, precision, recall, f1: ratio(2 * precision * recall, precision + recall), n };
  });
  const present = perCategory.filter((c) => c.n > 0);
  return {
    accuracy: ratio(scored.filter((s) => s.truth === s.predicted).length, scored.length),
    macroF1: ratio(
      present.reduce((a, c) => a + c.f1, 0),
      present.length,
    ),
    ece: expectedCalibrationError(scored),
    n: scored.length,
    perCategory,
  };
}

/**
 * Expected calibration error: |accuracy − mean confidence| per equal-width confidence bin,
 * weighted by the bin's share of rows.
 */
export function expectedCalibrationError(scored: readonly Scored[], bins = 15): number {
  const count = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const right = new Float64Array(bins);
  for (const s of scored) {
    const b = Math.min(bins - 1, Math.floor(s.confidence * bins));
    count[b]++;
    conf[b] += s.confidence;
    if (s.truth === s.predicted) right[b]++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]) ece += Math.abs(right[b] - conf[b]) / Math.max(1, scored.length);
  return ece;
}

/** Mean negative log-likelihood of the true labels under softmax(logits / t). */
function nll(logits: readonly Float64Array[], truth: readonly number[], t: number): number {
  let total = 0;
  logits.forEach((z, i) => {
    let top = -Infinity;
    for (const v of z) top = Math.max(top, v / t);
    let sum = 0;
    for (const v of z) sum += Math.exp(v / t - top);
    total += Math.log(sum) + top - z[truth[i]] / t;
  });
  return total / Math.max(1, logits.length);
}

/**
 * The softmax temperature that minimises the validation NLL (golden-section search on log t
 * over [0.05, 20]).
 */
export function fitTemperature(logits: readonly Float64Array[], truth: readonly number[]): number {
  if (logits.length === 0) return 1;
  const phi = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = nll(logits, truth, Math.exp(a));
  let fb = nll(logits, truth, Math.exp(b));
  for (let i = 0; i < 60; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = nll(logits, truth, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = nll(logits, truth, Math.exp(b));
    }
  }
  return Math.round(Math.exp((lo + hi) / 2) * 1e4) / 1e4;
}

export interface ThresholdChoice {
  /** Lowest confidence at which the predictions at or above it reach the target precision (1 when none does). */
  threshold: number;
  /** Precision and coverage of the predictions at or above it, on the rows it was chosen on. */
  precision: number;
  coverage: number;
}

/**
 * The lowest confidence threshold whose accepted predictions (confidence ≥ threshold) have at least
 * `target` precision, considering only thresholds that accept at least `minAccepted` rows.
 * @example suggestThreshold(validation, 0.9).threshold // 0.62
 */
export function suggestThreshold(scored: readonly Scored[], target = 0.9, minAccepted = 10): ThresholdChoice {
  const sorted = [...scored].sort((x, y) => y.confidence - x.confidence);
  let best: ThresholdChoice = { threshold: 1, precision: 0, coverage: 0 };
  let right = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i].truth === sorted[i].predicted) right++;
    const accepted = i + 1;
    if (i + 1 < sorted.length && sorted[i + 1].confidence === sorted[i].confidence) continue;
    if (accepted >= minAccepted && right / accepted >= target)
      best = { threshold: sorted[i].confidence, precision: right / accepted, coverage: accepted / sorted.length };
  }
  best.threshold = Math.floor(best.threshold * 1000) / 1000;
  return best;
}
