/** One way to route a group (a category): how much it saves and how much quality it gives up. */
export interface Choice {
  /** USD saved against all-premium. */
  saving: number;
  /** Quality points lost against all-premium (Σ premium − cheap over the rows sent cheap; may be < 0). */
  loss: number;
}

/**
 * Multiple-choice knapsack: picks one choice per group so that the total saving is largest while
 * the total loss stays within `budget`. Losses are rounded up to 1/`resolution` of the budget, so
 * the answer never exceeds the budget (it may leave a sliver unused). Each group's choice 0 should
 * be the free one (all premium, loss 0), so some answer always fits.
 * @example pickChoices([[{ saving: 0, loss: 0 }, { saving: 5, loss: 1 }]], 1) // [1]
 */
export function pickChoices(groups: readonly (readonly Choice[])[], budget: number, resolution = 2000): number[] {
  // Float noise (sums of score differences) is not a loss.
  const clean = (x: number) => (Math.abs(x) < 1e-12 ? 0 : x);
  const positive = clean(budget) > 0;
  const unit = positive ? budget / resolution : 1;
  const cap = positive ? resolution : 0;
  const weight = (c: Choice) => {
    const loss = clean(c.loss);
    if (positive) return Math.ceil(loss / unit - 1e-9);
    return loss <= 0 ? Math.ceil(loss * 1e6) : Number.POSITIVE_INFINITY;
  };
  const weights = groups.map((g) => g.map(weight));
  // Credit (negative weight) the groups still to come can give back: a state over the cap now may
  // end under it. Below -(all positive weight) extra credit never matters, so states are floored there.
  const credit = weights.map((_, i) => weights.slice(i).reduce((s, w) => s + Math.max(0, -Math.min(...w)), 0));
  const floor = -weights.reduce((s, w) => s + Math.max(0, ...w.filter(Number.isFinite)), 0);
  type State = { saving: number; picks: number[] };
  let states = new Map<number, State>([[0, { saving: 0, picks: [] }]]);
  groups.forEach((group, gi) => {
    const limit = cap + (credit[gi + 1] ?? 0);
    const next = new Map<number, State>();
    for (const [w, s] of states) {
      group.forEach((choice, i) => {
        const cw = weights[gi][i];
        if (!Number.isFinite(cw)) return;
        const nw = Math.max(floor, w + cw);
        if (nw > limit) return;
        const saving = s.saving + choice.saving;
        const have = next.get(nw);
        if (!have || saving > have.saving) next.set(nw, { saving, picks: [...s.picks, i] });
      });
    }
    states = prune(next);
  });
  let best: State | undefined;
  for (const [w, s] of states) if (w <= cap && (!best || s.saving > best.saving)) best = s;
  return best?.picks ?? groups.map(() => 0);
}

/** Keeps only states that save more than every state using less budget (the Pareto front). */
function prune(states: Map<number, { saving: number; picks: number[] }>) {
  const sorted = [...states.entries()].sort((a, b) => a[0] - b[0]);
  const out = new Map<number, { saving: number; picks: number[] }>();
  let bestSaving = Number.NEGATIVE_INFINITY;
  for (const [w, s] of sorted) {
    if (s.saving > bestSaving) {
      out.set(w, s);
      bestSaving = s.saving;
    }
  }
  return out;
}
