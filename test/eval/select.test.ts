import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pickChoices, type Choice } from "../../eval/select";

function brute(groups: Choice[][], budget: number): number {
  let best = -Infinity;
  const walk = (i: number, saving: number, loss: number) => {
    if (loss > budget) return;
    if (i === groups.length) {
      best = Math.max(best, saving);
      return;
    }
    for (const c of groups[i]) walk(i + 1, saving + c.saving, loss + c.loss);
  };
  walk(0, 0, 0);
  return best;
}

const total = (groups: Choice[][], picks: number[], k: keyof Choice) =>
  picks.reduce((s, p, i) => s + groups[i][p][k], 0);

describe("multiple-choice knapsack", () => {
  it("picks the split that saves most within the loss budget", () => {
    const groups = [
      [
        { saving: 0, loss: 0 },
        { saving: 10, loss: 5 },
        { saving: 7, loss: 1 },
      ],
      [
        { saving: 0, loss: 0 },
        { saving: 6, loss: 2 },
      ],
      [
        { saving: 0, loss: 0 },
        { saving: 3, loss: -1 },
      ],
    ];
    // Budget 3.01: 7/1, 6/2 and the quality-gaining 3/−1 (loss 2, saving 16); 10/5 would exceed it.
    expect(pickChoices(groups, 3.01)).toEqual([2, 1, 1]);
    // The later group's credit pays for an earlier overrun: budget 2.5 still fits 7/1 + 6/2 − 1.
    expect(pickChoices(groups, 2.5)).toEqual([2, 1, 1]);
    // No budget: only the choice that loses nothing or gains quality.
    expect(pickChoices(groups, 0)).toEqual([0, 0, 1]);
  });

  it("never exceeds the budget and is within a rounding sliver of the exact optimum", () => {
    const choice = fc.record({
      saving: fc.double({ min: 0, max: 100, noNaN: true }),
      loss: fc.double({ min: -2, max: 10, noNaN: true }),
    });
    const group = fc.array(choice, { minLength: 1, maxLength: 3 }).map((cs) => [{ saving: 0, loss: 0 }, ...cs]);
    fc.assert(
      fc.property(
        fc.array(group, { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0, max: 15, noNaN: true }),
        (groups, budget) => {
          const picks = pickChoices(groups, budget);
          expect(total(groups, picks, "loss")).toBeLessThanOrEqual(budget + 1e-9);
          const exact = brute(groups, budget);
          const tighter = brute(groups, budget * (1 - groups.length / 2000));
          expect(total(groups, picks, "saving")).toBeGreaterThanOrEqual(Math.min(exact, tighter) - 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });
});
