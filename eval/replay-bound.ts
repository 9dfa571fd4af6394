/**
 * The calibration's estimates applied to a replay: how sure the validation rows make us of a
 * config's quality kept. Rows the config sends cheap are grouped by their category; each group's
 * gap is shrunk toward the others' and the total loss gets the same one-sided bound as
 * `calibrate --min-quality-kept` uses, so `rules push` judges a candidate the way calibration chose
 * it. Pure.
 */
import { sliceStats } from "./guard";
import type { ReplayDecision } from "./replay";
import { groupBy } from "./replay";
import { fitPrior } from "./shrink";
import { gapSpread, oneSidedZ } from "./stats";

export interface KeptBound {
  /** Expected quality kept from the shrunk gaps. */
  qualityKept: number;
  /** Its one-sided lower bound at `confidence`. */
  qualityKeptLow: number;
  confidence: number;
}

/**
 * @example keptBound(result.decisions).qualityKeptLow
 */
export function keptBound(decisions: readonly ReplayDecision[], confidence = 0.95): KeptBound {
  const premiumPoints = decisions.reduce((s, d) => s + d.paired.premiumScore, 0);
  const cheapByTag = [
    ...groupBy(
      decisions.filter((d) => !d.premium),
      (d) => d.tag,
    ).values(),
  ].map((list) => list.map((d) => d.paired));
  const prior = fitPrior(
    cheapByTag
      .filter((l) => l.length >= 2)
      .map((l) => {
        const p = l.map((r) => r.premiumScore);
        const c = l.map((r) => r.cheapScore);
        return { mean: p.reduce((s, x, i) => s + x - c[i], 0) / l.length, se2: gapSpread(p, c).se2 };
      }),
  );
  let loss = 0;
  let variance = 0;
  for (const list of cheapByTag) {
    const s = sliceStats(list, { confidence, prior });
    loss += s.loss;
    variance += s.lossVariance;
  }
  const kept = (x: number) => (premiumPoints > 0 ? 1 - x / premiumPoints : 1);
  return {
    qualityKept: kept(loss),
    qualityKeptLow: kept(loss + oneSidedZ(confidence) * Math.sqrt(variance)),
    confidence,
  };
}
