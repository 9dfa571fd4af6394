/**
 * Choosing what goes cheap under one quality budget over the whole traffic, with its uncertainty.
 *
 * Each group (a category) offers choices: all premium (free), all cheap, or a split. A choice's loss
 * is uncertain; losses of different categories are independent, so their variances add and the
 * bound on the total grows with the square root of the number of choices, far slower than the sum
 * of each choice's own bound. That is what lets 50 examples per category prove a saving. Pure.
 */
import { pickChoices } from "./select";

/** One way to route a group: expected USD saved, expected quality points lost, and that loss's variance. */
export interface RiskyChoice {
  saving: number;
  loss: number;
  lossVariance: number;
}

/** The total of some choices: expected loss, its variance and one-sided upper bound, saving. */
export interface PortfolioTotal {
  saving: number;
  loss: number;
  lossVariance: number;
  upper: number;
}

/** Totals of the chosen option of each group. */
export function totalOf(
  groups: readonly (readonly RiskyChoice[])[],
  picks: readonly number[],
  z: number,
): PortfolioTotal {
  let saving = 0;
  let loss = 0;
  let lossVariance = 0;
  groups.forEach((g, i) => {
    const c = g[picks[i]];
    saving += c.saving;
    loss += c.loss;
    lossVariance += c.lossVariance;
  });
  return { saving, loss, lossVariance, upper: loss + z * Math.sqrt(lossVariance) };
}

/** Loss per USD saved: the price in quality of a choice (lower is better; negative: free money). */
function ratio(c: RiskyChoice): number {
  return c.saving > 0 ? c.loss / c.saving : c.loss <= 0 ? 0 : Number.POSITIVE_INFINITY;
}

/**
 * Picks one choice per group (choice 0 of each must be the free all-premium one) so that the saving
 * is largest while the one-sided upper bound of the total loss, Σ loss + z·√(Σ variance), stays
 * within `budget`. `forced[i]`, when set, is taken for group i whatever it costs (a slice the cheap
 * model measurably does better on). Solves the additive knapsack for a budget less a margin for
 * uncertainty, re-estimates the margin from the answer until it settles, then repairs (drops the
 * dearest choices until the bound holds) and fills (adds what still fits). Deterministic.
 * @example choosePortfolio([[{ saving: 0, loss: 0, lossVariance: 0 }, { saving: 5, loss: 1, lossVariance: 0.5 }]], 3, 1.645)
 */
export function choosePortfolio(
  groups: readonly (readonly RiskyChoice[])[],
  budget: number,
  z: number,
  forced: readonly (number | undefined)[] = [],
): number[] {
  const free = groups.map((_, i) => forced[i] ?? 0);
  const fits = (p: number[]) => totalOf(groups, p, z).upper <= budget + 1e-12;
  const open = groups.map((_, i) => forced[i] === undefined);
  const solve = (b: number) => {
    const sub = groups.map((g, i) => (open[i] ? g : [g[free[i]]]));
    const picks = pickChoices(sub, b);
    return picks.map((p, i) => (open[i] ? p : free[i]));
  };
  let best = fits(free) ? free : undefined;
  let margin = 0;
  for (let round = 0; round < 12; round++) {
    const picks = repair(groups, solve(budget - margin), z, budget, open);
    if (fits(picks) && (!best || totalOf(groups, picks, z).saving > totalOf(groups, best, z).saving)) best = picks;
    const t = totalOf(groups, picks, z);
    const next = z * Math.sqrt(t.lossVariance);
    if (Math.abs(next - margin) < 1e-9 * Math.max(1, Math.abs(budget))) break;
    margin = next;
  }
  return fill(groups, best ?? free, z, budget, open);
}

/** Drops the dearest open choice (highest loss per USD) until the bound holds. */
function repair(
  groups: readonly (readonly RiskyChoice[])[],
  picks: number[],
  z: number,
  budget: number,
  open: boolean[],
) {
  const p = [...picks];
  while (totalOf(groups, p, z).upper > budget + 1e-12) {
    let worst = -1;
    for (let i = 0; i < p.length; i++) {
      if (!open[i] || p[i] === 0) continue;
      if (worst < 0 || ratio(groups[i][p[i]]) > ratio(groups[worst][p[worst]])) worst = i;
    }
    if (worst < 0) break;
    p[worst] = 0;
  }
  return p;
}

/** Adds, cheapest in quality per USD first, every choice that still fits and saves more. */
function fill(
  groups: readonly (readonly RiskyChoice[])[],
  picks: number[],
  z: number,
  budget: number,
  open: boolean[],
) {
  const p = [...picks];
  const candidates: [number, number][] = [];
  groups.forEach((g, i) => {
    if (!open[i]) return;
    g.forEach((c, j) => {
      if (j !== p[i] && c.saving > g[p[i]].saving) candidates.push([i, j]);
    });
  });
  candidates.sort((a, b) => ratio(groups[a[0]][a[1]]) - ratio(groups[b[0]][b[1]]) || a[0] - b[0] || a[1] - b[1]);
  // Repeat until nothing more fits: a choice that lowers the bound can make room for one tried before it.
  for (let changed = true; changed;) {
    changed = false;
    for (const [i, j] of candidates) {
      if (groups[i][j].saving <= groups[i][p[i]].saving) continue;
      const before = p[i];
      p[i] = j;
      if (totalOf(groups, p, z).upper > budget + 1e-12) p[i] = before;
      else changed = true;
    }
  }
  return p;
}
