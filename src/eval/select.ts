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
 * be the free one (all premium); a group with no affordable choice gets its cheapest-loss one.
 * @example pickChoices([[{ saving: 0, loss: 0 }, { saving: 5, loss: 1 }]], 1) // [1]
 */
export function pickChoices(groups: readonly (readonly Choice[])[], budget: number, resolution = 2000): number[] {
  const unit = budget > 0 ? budget / resolution : 1;
  const cap = budget > 0 ? resolution : 0;
  const weight = (c: Choice) => (budget > 0 ? Math.ceil(c.loss / unit - 1e-9) : c.loss <= 0 ? Math.ceil(c.loss * 1e6) : Number.POSITIVE_INFINITY);
  // Extra credit below this never matters: it could pay for every positive loss still to come.
  const floor = -groups.reduce((s, g) => s + Math.max(0, ...g.map((c) => (Number.isFinite(weight(c)) ? weight(c) : 0))), 0);
  type State = { saving: number; picks: number[] };
  let states = new Map<number, State>([[0, { saving: 0, picks: [] }]]);
  for (const group of groups) {
    const next = new Map<number, State>();
    for (const [w, s] of states) {
      group.forEach((choice, i) => {
        const cw = weight(choice);
        if (!Number.isFinite(cw)) return;
        const nw = Math.max(floor, w + cw);
        if (nw > cap) return;
        const saving = s.saving + choice.saving;
        const have = next.get(nw);
        if (!have || saving > have.saving) next.set(nw, { saving, picks: [...s.picks, i] });
      });
    }
    if (next.size === 0) {
      const safest = group.reduce((best, c, i) => (c.loss < group[best].loss ? i : best), 0);
      for (const [w, s] of states) next.set(w, { saving: s.saving + group[safest].saving, picks: [...s.picks, safest] });
    }
    states = prune(next);
  }
  let best: State | undefined;
  for (const s of states.values()) if (!best || s.saving > best.saving) best = s;
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
