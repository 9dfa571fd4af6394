import { extractFeatures } from "../src/classify/features/features";
import type { Features } from "../src/classify/types";
import { calibrate, routesCheap, type CategoryPlan, type CalibRow } from "./calibrate";
import type { EvalExample, ReplayRow, ScorerName } from "./dataset";
import { answerKey, gradeKey, type ResultIndex } from "./eval-records";
import { DEFAULT_CONFIDENCE, DEFAULT_MIN_SAMPLES, type SliceStats } from "./guard";
import { groupBy } from "./replay";
import { scoreAnswer, scorerFor } from "./scorers";
import { characteristicsOf, CHARACTERISTICS, type Characteristic } from "./slices";
import { estimateQuality, mean, type Estimate } from "./stats";

export interface EvalSummaryOptions {
  premium: string;
  candidates: string[];
  /** Largest accepted quality gap (0..1 scale). */
  maxQualityLoss: number;
  minSamples?: number;
  maxCiHalfWidth?: number;
  confidence?: number;
  scorers?: Record<string, ScorerName>;
  /** Requests per day: a total (spread by the dataset's category mix) or per category. */
  volumePerDay?: number | Record<string, number>;
  costPerError?: number;
  /** A candidate scoring this much below premium on an example counts as a failure there. */
  failureMargin?: number;
}

export type Recommendation = "route" | "split-by-input" | "keep-premium" | "insufficient-data";

export interface FailureGroup {
  characteristic: Characteristic;
  value: string;
  n: number;
  failures: number;
  rate: number;
}

export interface DailyImpact {
  requests: number;
  apiSavingUsd: number;
  extraErrors: number;
  errorCostUsd: number;
  netUsd: number;
}

export interface CandidateResult {
  model: string;
  quality: Estimate;
  gap: Estimate;
  costPerExample: number;
  premiumCostPerExample: number;
  recommendation: Recommendation;
  plan: CategoryPlan;
  failures: { ids: string[]; overallRate: number; groups: FailureGroup[] };
  /** Per day: following the recommendation, and routing the whole category anyway. */
  daily?: { recommended: DailyImpact; ifRouted: DailyImpact };
}

export interface CategoryResult {
  category: string;
  scorer: ScorerName;
  examples: number;
  premium: { quality: Estimate; costPerExample: number };
  candidates: CandidateResult[];
  /** Examples left out for want of an answer or a grade, per model. */
  missing: Record<string, number>;
}

export interface EvalSummary {
  categories: CategoryResult[];
  /** Each model over every example it was scored on. */
  models: { model: string; quality: Estimate; costPerExample: number }[];
  /** The recommendations applied to every example (best recommended candidate per category, else premium). */
  mix: { quality: number; costPerExample: number; premiumShare: number; n: number };
  /** Net saving per day of the recommended routes (best candidate per category). */
  daily?: DailyImpact;
}

interface Scored {
  example: EvalExample;
  features: Features;
  scores: Map<string, number>;
  costs: Map<string, number>;
}

function premiumPairwise(
  index: ResultIndex,
  e: EvalExample,
  premium: string,
  candidates: string[],
): number | undefined {
  const s = candidates
    .map((c) => index.grades.get(gradeKey(e.id, [c, premium]))?.scores[premium])
    .filter((x) => x !== undefined);
  return s.length ? mean(s) : undefined;
}

/** Quality 0..1 of one model's answer to one example, undefined when unanswered or ungraded. */
export function qualityOf(
  index: ResultIndex,
  e: EvalExample,
  model: string,
  scorer: ScorerName,
  opts: Pick<EvalSummaryOptions, "premium" | "candidates">,
): number | undefined {
  const answer = index.answers.get(answerKey(e.id, model));
  if (!answer) return undefined;
  if (scorer !== "judge") return scoreAnswer(e, answer.text ?? "", scorer).score;
  if (e.reference !== undefined) return index.grades.get(gradeKey(e.id, [model]))?.scores[model];
  if (model === opts.premium) return premiumPairwise(index, e, opts.premium, opts.candidates);
  return index.grades.get(gradeKey(e.id, [model, opts.premium]))?.scores[model];
}

function impact(s: SliceStats, volume: number, costPerError: number): DailyImpact {
  const apiSavingUsd = volume * (s.premiumCost - s.cheapCost);
  const extraErrors = volume * s.gap.mean;
  return {
    requests: volume,
    apiSavingUsd,
    extraErrors,
    errorCostUsd: extraErrors * costPerError,
    netUsd: apiSavingUsd - extraErrors * costPerError,
  };
}

function failureGroups(rows: readonly CalibRow[], margin: number): CandidateResult["failures"] {
  const failed = (r: CalibRow) => r.cheapScore < r.premiumScore - margin;
  const ids = rows.filter(failed).map((r) => r.id);
  const groups: FailureGroup[] = [];
  for (const characteristic of CHARACTERISTICS) {
    for (const [value, list] of groupBy(rows, (r) => characteristicsOf(r.features)[characteristic])) {
      const failures = list.filter(failed).length;
      if (failures) groups.push({ characteristic, value, n: list.length, failures, rate: failures / list.length });
    }
  }
  groups.sort((a, b) => b.rate - a.rate || b.failures - a.failures);
  return { ids, overallRate: rows.length ? ids.length / rows.length : 0, groups };
}

/** Premium with an estimate within the budget but a bound above it: more examples could settle it. */
function recommendationOf(plan: CategoryPlan, maxLoss: number): Recommendation {
  if (plan.decision === "cheap") return "route";
  if (plan.decision === "split") return "split-by-input";
  if (plan.verdict.status === "too-few" || plan.verdict.status === "ci-too-wide") return "insufficient-data";
  return plan.stats.posterior.mean <= maxLoss ? "insufficient-data" : "keep-premium";
}

function volumeFor(opts: EvalSummaryOptions, category: string, share: number): number | undefined {
  const v = opts.volumePerDay;
  if (v === undefined) return undefined;
  return typeof v === "number" ? v * share : v[category];
}

function candidateResult(
  model: string,
  rows: CalibRow[],
  plan: CategoryPlan,
  opts: EvalSummaryOptions,
  volume: number | undefined,
): CandidateResult {
  const s = plan.stats;
  const result: CandidateResult = {
    model,
    quality: s.cheap,
    gap: s.gap,
    costPerExample: s.cheapCost,
    premiumCostPerExample: s.premiumCost,
    recommendation: recommendationOf(plan, opts.maxQualityLoss),
    plan,
    failures: failureGroups(rows, opts.failureMargin ?? 0.1),
  };
  if (volume !== undefined) {
    const e = opts.costPerError ?? 0;
    const routed = plan.decision === "premium" ? undefined : plan.decision === "split" ? plan.split!.easy : s;
    const share = routed ? routed.n / s.n : 0;
    const none: DailyImpact = { requests: 0, apiSavingUsd: 0, extraErrors: 0, errorCostUsd: 0, netUsd: 0 };
    result.daily = { recommended: routed ? impact(routed, volume * share, e) : none, ifRouted: impact(s, volume, e) };
  }
  return result;
}

function scoreAll(examples: readonly EvalExample[], index: ResultIndex, opts: EvalSummaryOptions): Scored[] {
  const models = [opts.premium, ...opts.candidates];
  return examples.map((example) => {
    const scorer = scorerFor(example, opts.scorers?.[example.category]);
    const scores = new Map<string, number>();
    const costs = new Map<string, number>();
    for (const m of models) {
      const q = qualityOf(index, example, m, scorer, opts);
      if (q !== undefined) scores.set(m, q);
      costs.set(m, index.answers.get(answerKey(example.id, m))?.costUsd ?? Number.NaN);
    }
    const features = extractFeatures({
      model: "auto",
      messages: example.messages,
      ...(example.response_format ? { response_format: example.response_format } : {}),
    });
    return { example, features, scores, costs };
  });
}

/**
 * Per category: each model's quality with its interval, each candidate's paired gap and cost, the
 * recommendation (the calibration guard: enough examples, a tight interval, the gap within the
 * budget; or a split when only some inputs fail), the failures grouped by input characteristics,
 * and with a daily volume the net saving (API cost saved − extra errors × cost per error).
 * @example evalSummary(examples, indexResults(records), { premium: "gpt-4o", candidates: ["gpt-4o-mini"], maxQualityLoss: 0.02 })
 */
export function evalSummary(
  examples: readonly EvalExample[],
  index: ResultIndex,
  opts: EvalSummaryOptions,
): EvalSummary {
  const scored = scoreAll(examples, index, opts);
  const byCategory = groupBy(scored, (s) => s.example.category);
  const plans = new Map<string, Map<string, { rows: CalibRow[]; plan: CategoryPlan }>>();
  for (const model of opts.candidates) {
    const rows: CalibRow[] = scored
      .filter((s) => s.scores.has(model) && s.scores.has(opts.premium))
      .map((s) => ({
        id: s.example.id,
        category: s.example.category,
        features: s.features,
        cheapScore: s.scores.get(model)!,
        premiumScore: s.scores.get(opts.premium)!,
        cheapCost: s.costs.get(model)!,
        premiumCost: s.costs.get(opts.premium)!,
      }));
    const calibration = calibrate(rows, {
      target: { maxQualityLoss: opts.maxQualityLoss },
      minSamples: opts.minSamples ?? DEFAULT_MIN_SAMPLES,
      maxCiHalfWidth: opts.maxCiHalfWidth,
      confidence: opts.confidence ?? DEFAULT_CONFIDENCE,
    });
    const perCategory = new Map(
      calibration.categories.map((p) => [p.category, { rows: rows.filter((r) => r.category === p.category), plan: p }]),
    );
    plans.set(model, perCategory);
  }
  const categories: CategoryResult[] = [];
  for (const [category, list] of byCategory) {
    const premiumScores = list.flatMap((s) => (s.scores.has(opts.premium) ? [s.scores.get(opts.premium)!] : []));
    const missing = Object.fromEntries(
      [opts.premium, ...opts.candidates].map((m) => [m, list.filter((s) => !s.scores.has(m)).length]),
    );
    const volume = volumeFor(opts, category, list.length / examples.length);
    const candidates = opts.candidates.flatMap((m) => {
      const p = plans.get(m)?.get(category);
      return p ? [candidateResult(m, p.rows, p.plan, opts, volume)] : [];
    });
    categories.push({
      category,
      scorer: scorerFor(list[0].example, opts.scorers?.[category]),
      examples: list.length,
      premium: {
        quality: estimateQuality(premiumScores, opts.confidence),
        costPerExample: mean(list.map((s) => s.costs.get(opts.premium)!).filter(Number.isFinite)),
      },
      candidates,
      missing,
    });
  }
  const models = [opts.premium, ...opts.candidates].map((model) => {
    const mine = scored.filter((s) => s.scores.has(model));
    return {
      model,
      quality: estimateQuality(
        mine.map((s) => s.scores.get(model)!),
        opts.confidence,
      ),
      costPerExample: mean(mine.map((s) => s.costs.get(model)!).filter(Number.isFinite)),
    };
  });
  const mix = recommendedMix(scored, categories, plans, opts.premium);
  return { categories, models, mix, ...(opts.volumePerDay !== undefined ? { daily: totalDaily(categories) } : {}) };
}

function bestCandidate(c: CategoryResult): CandidateResult | undefined {
  return c.candidates
    .filter((x) => x.recommendation === "route" || x.recommendation === "split-by-input")
    .sort(
      (a, b) =>
        b.premiumCostPerExample - b.costPerExample - (a.premiumCostPerExample - a.costPerExample) ||
        a.gap.mean - b.gap.mean,
    )[0];
}

function recommendedMix(
  scored: Scored[],
  categories: CategoryResult[],
  plans: Map<string, Map<string, { plan: CategoryPlan }>>,
  premium: string,
): EvalSummary["mix"] {
  let q = 0;
  let cost = 0;
  let n = 0;
  let premiumCalls = 0;
  const best = new Map(categories.map((c) => [c.category, bestCandidate(c)?.model]));
  for (const s of scored) {
    const model = best.get(s.example.category);
    const plan = model ? plans.get(model)?.get(s.example.category)?.plan : undefined;
    const cheap =
      model !== undefined &&
      plan !== undefined &&
      routesCheap({ categories: [plan] }, { category: s.example.category, features: s.features });
    const used = cheap && s.scores.has(model!) ? model! : premium;
    if (!s.scores.has(used)) continue;
    q += s.scores.get(used)!;
    cost += s.costs.get(used)!;
    n++;
    if (used === premium) premiumCalls++;
  }
  return { quality: q / n, costPerExample: cost / n, premiumShare: premiumCalls / n, n };
}

function totalDaily(categories: readonly CategoryResult[]): DailyImpact {
  const total: DailyImpact = { requests: 0, apiSavingUsd: 0, extraErrors: 0, errorCostUsd: 0, netUsd: 0 };
  for (const c of categories) {
    const best = bestCandidate(c);
    if (!best?.daily) continue;
    for (const k of Object.keys(total) as (keyof DailyImpact)[]) total[k] += best.daily.recommended[k];
  }
  return total;
}

/**
 * The eval's outcomes in the replay format (../shared/datasets/README.md), one row per example
 * that at least two models answered and were scored on: calibrate, replay and the publish gate
 * read it.
 */
export function evalOutcomeRows(
  examples: readonly EvalExample[],
  index: ResultIndex,
  opts: EvalSummaryOptions,
): ReplayRow[] {
  return scoreAll(examples, index, opts)
    .filter((s) => s.scores.size >= 2)
    .map((s) => ({
      id: s.example.id,
      category: s.example.category,
      messages: s.example.messages,
      outcomes: Object.fromEntries(
        [...s.scores].map(([model, score]) => {
          const a = index.answers.get(answerKey(s.example.id, model))!;
          return [
            model,
            { score, in_tokens: a.inputTokens, out_tokens: a.outputTokens, cached_tokens: a.cachedInputTokens },
          ];
        }),
      ),
    }));
}
