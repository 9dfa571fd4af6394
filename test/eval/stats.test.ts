import { describe, expect, it } from "vitest";
import {
  estimateQuality,
  halfWidth,
  mean,
  normalQuantile,
  pairedGap,
  quantileSorted,
  stdev,
  tInterval,
  tQuantile,
  wilson,
} from "../../eval/stats";

describe("statistics", () => {
  it("normal and t quantiles against table values", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.3027, 3);
    expect(tQuantile(0.975, 5)).toBeCloseTo(2.5706, 2);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.2281, 3);
    expect(tQuantile(0.975, 29)).toBeCloseTo(2.0452, 3);
    expect(tQuantile(0.975, 1000)).toBeCloseTo(1.9623, 3);
  });

  it("Wilson interval: 97 of 100, and the edges", () => {
    const w = wilson(97, 100);
    expect(w.low).toBeCloseTo(0.9155, 3);
    expect(w.high).toBeCloseTo(0.9897, 3);
    expect(wilson(0, 20).low).toBe(0);
    expect(wilson(20, 20).high).toBeCloseTo(1, 12);
    expect(wilson(20, 20).low).toBeCloseTo(0.8389, 3);
  });

  it("t interval of a mean: 1..5 → 3 ± 2.776·sd/√5", () => {
    const xs = [1, 2, 3, 4, 5];
    expect(mean(xs)).toBe(3);
    expect(stdev(xs)).toBeCloseTo(Math.sqrt(2.5), 12);
    const i = tInterval(xs);
    expect(i.high - 3).toBeCloseTo((2.7764 * Math.sqrt(2.5)) / Math.sqrt(5), 2);
    expect(tInterval([1]).low).toBe(-Infinity);
  });

  it("quality: Wilson for pass/fail scores, t (clamped to 0..1) for graded", () => {
    expect(estimateQuality([1, 0, 1, 1]).method).toBe("wilson");
    const graded = estimateQuality([0.9, 1, 0.8, 0.95]);
    expect(graded.method).toBe("t");
    expect(graded.high).toBeLessThanOrEqual(1);
    expect(graded.mean).toBeCloseTo(0.9125, 12);
  });

  it("paired gap of pass/fail outcomes: Agresti–Min, so identical outcomes are not certainty", () => {
    // 1 of 4 discordant: p̃ = 1.5/6 and 0.5/6, centre 1/6, var = (1/3 − 1/36)/6 → ± 1.96 · 0.2257.
    const g = pairedGap([1, 1, 1, 1], [1, 0, 1, 1]);
    expect(g.mean).toBe(0.25);
    expect((g.low + g.high) / 2).toBeCloseTo(1 / 6, 12);
    expect(halfWidth(g)).toBeCloseTo(1.959964 * Math.sqrt((1 / 3 - 1 / 36) / 6), 6);
    // n identical outcomes: ± z·√(1/(n+2)) / (n+2)·… → 30 give ± 0.061, 100 give ± 0.019.
    const same = (n: number) => pairedGap(Array(n).fill(1), Array(n).fill(1));
    expect(same(30).mean).toBe(0);
    expect(halfWidth(same(30))).toBeCloseTo(0.0612, 3);
    expect(halfWidth(same(100))).toBeCloseTo(0.0192, 3);
    expect(() => pairedGap([1], [1, 0])).toThrow();
  });

  it("paired gap of graded outcomes: t with two ± one-rubric-point pseudo-differences, centred on the mean", () => {
    const g = pairedGap([0.8, 0.8, 0.8, 0.8, 0.8], [0.8, 0.8, 0.8, 0.8, 0.8]);
    expect(g).toMatchObject({ mean: 0, method: "t" });
    // diffs 0,0,0,0,0,+0.1,−0.1: sd √(0.02/6), t(0.975, 6) ≈ 2.447, over √7
    expect(halfWidth(g)).toBeCloseTo((2.4469 * Math.sqrt(0.02 / 6)) / Math.sqrt(7), 2);
    const h = pairedGap([0.9, 0.7, 0.8], [0.5, 0.6, 0.6]);
    expect(h.mean).toBeCloseTo(0.2333, 4);
    expect((h.low + h.high) / 2).toBeCloseTo(h.mean, 12);
  });

  it("quantiles interpolate", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });
});
