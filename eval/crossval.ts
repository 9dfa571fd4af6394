/**
 * An out-of-sample view of a calibration: how the same procedure does on examples it did not see.
 *
 * The plan's own estimates are in-sample: the categories it sends cheap are partly those that
 * looked best on these very examples. Cross-validation repeats the whole procedure on 4/5 of each
 * category's examples and measures the choices on the held-back fifth, over many random splits;
 * the average shortfall (realised loss − predicted loss) is the procedure's optimism, and the plan's
 * prediction less that optimism is what to expect on new traffic. Deterministic for a given input.
 */
import { calibrate, routesCheap, type CalibrateOptions, type CalibrationPlan, type CalibRow } from "./calibrate";
import { groupBy } from "./replay";

export interface CrossValidation {
  repeats: number;
  folds: number;
  /** Mean over folds of (quality points lost on held-back rows − points the fold's plan predicted), per request of traffic. */
  optimismPerRequest: number;
  /** The full plan's predicted quality kept, corrected by the optimism. */
  qualityKept: number;
  /** Cost saved by the fold plans on their held-back rows (traffic-weighted, mean over folds). */
  costSaved: number;
}

/** mulberry32: a small deterministic generator, seeded from the rows' ids. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(rows: readonly CalibRow[]): number {
  let h = 2166136261;
  for (const r of rows) for (let i = 0; i < r.id.length; i++) h = Math.imul(h ^ r.id.charCodeAt(i), 16777619);
  return h >>> 0;
}

function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Traffic per category: the options' mix, or every row as one request. */
function trafficOf(groups: Map<string, CalibRow[]>, opts: CalibrateOptions): Map<string, number> {
  return new Map([...groups].map(([c, list]) => [c, opts.traffic ? (opts.traffic[c] ?? 0) : list.length]));
}

/**
 * Repeated stratified k-fold cross-validation of `calibrate` with the same options.
 * @example crossValidate(rows, opts, plan).qualityKept
 */
export function crossValidate(
  rows: readonly CalibRow[],
  opts: CalibrateOptions,
  plan: CalibrationPlan,
  { repeats = 20, folds = 5 }: { repeats?: number; folds?: number } = {},
): CrossValidation {
  const rand = generator(seedOf(rows));
  const groups = groupBy(rows, (r) => r.category);
  const traffic = trafficOf(groups, opts);
  let premiumPoints = 0;
  let requests = 0;
  for (const [c, list] of groups) {
    const t = traffic.get(c)!;
    premiumPoints += (t * list.reduce((s, r) => s + r.premiumScore, 0)) / list.length;
    requests += t;
  }
  let shortfall = 0;
  let saved = 0;
  let n = 0;
  for (let rep = 0; rep < repeats; rep++) {
    const foldOf = new Map<string, number>();
    for (const list of groups.values()) shuffled(list, rand).forEach((r, i) => foldOf.set(r.id, i % folds));
    for (let f = 0; f < folds; f++) {
      const train = rows.filter((r) => foldOf.get(r.id) !== f);
      const test = groupBy(
        rows.filter((r) => foldOf.get(r.id) === f),
        (r) => r.category,
      );
      const foldPlan = calibrate(train, { ...opts, traffic: Object.fromEntries(traffic) });
      const predictedLoss = premiumPointsOf(foldPlan) * (1 - foldPlan.predicted.qualityKept);
      let realisedLoss = 0;
      let cost = 0;
      let premiumCost = 0;
      for (const [c, list] of test) {
        const w = traffic.get(c)! / list.length;
        for (const r of list) {
          const cheap = routesCheap(foldPlan, r);
          if (cheap) realisedLoss += w * (r.premiumScore - r.cheapScore);
          cost += w * (cheap ? r.cheapCost : r.premiumCost);
          premiumCost += w * r.premiumCost;
        }
      }
      shortfall += realisedLoss - predictedLoss;
      saved += premiumCost > 0 ? 1 - cost / premiumCost : 0;
      n++;
    }
  }
  const optimism = shortfall / n;
  return {
    repeats,
    folds,
    optimismPerRequest: requests > 0 ? optimism / requests : 0,
    qualityKept: premiumPoints > 0 ? plan.predicted.qualityKept - optimism / premiumPoints : 1,
    costSaved: saved / n,
  };
}

/** Quality points the plan's traffic would score all-premium (from its categories' estimates). */
function premiumPointsOf(plan: CalibrationPlan): number {
  return plan.categories.reduce((s, c) => s + c.traffic * c.stats.premium.mean, 0);
}
