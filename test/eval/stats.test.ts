import { describe, expect, it } from "vitest";
import { estimateQuality, mean, normalQuantile, pairedGap, quantileSorted, stdev, tInterval, tQuantile, wilson } from "../../src/eval/stats";

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

  it("paired gap: premium − candidate per example, with its interval", () => {
    const g = pairedGap([1, 1, 1, 1], [1, 0, 1, 1]);
    expect(g.mean).toBe(0.25);
    expect(g.low).toBeLessThan(0);
    expect(g.high).toBeGreaterThan(0.5);
    expect(pairedGap([1, 1], [1, 1])).toMatchObject({ mean: 0, low: 0, high: 0 });
    expect(() => pairedGap([1], [1, 0])).toThrow();
  });

  it("quantiles interpolate", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });
});
