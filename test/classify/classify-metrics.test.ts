import { describe, expect, it } from "vitest";
import {
  expectedCalibrationError,
  fitTemperature,
  metricsOf,
  suggestThreshold,
  type Scored,
} from "../../cli/lib/classify-metrics";

const row = (truth: string, predicted: string, confidence = 0.9): Scored => ({ truth, predicted, confidence });

/** mulberry32, for reproducible synthetic data. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe("metricsOf", () => {
  it("computes accuracy, per-category precision/recall/F1 and macro-F1", () => {
    const m = metricsOf([row("a", "a"), row("a", "b"), row("b", "b"), row("b", "b")], ["a", "b", "c"]);
    expect(m.accuracy).toBe(0.75);
    expect(m.perCategory[0]).toMatchObject({ category: "a", precision: 1, recall: 0.5, n: 2 });
    expect(m.perCategory[1]).toMatchObject({ category: "b", precision: 2 / 3, recall: 1, n: 2 });
    expect(m.perCategory[1].f1).toBeCloseTo(0.8, 10);
    expect(m.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
  });
});

describe("expectedCalibrationError", () => {
  it("is 0 when confidence matches accuracy and |gap| when it does not", () => {
    const calibrated = [row("a", "a", 0.75), row("a", "a", 0.75), row("a", "a", 0.75), row("a", "b", 0.75)];
    expect(expectedCalibrationError(calibrated)).toBeCloseTo(0, 10);
    expect(expectedCalibrationError([row("a", "b", 0.95), row("a", "b", 0.95)])).toBeCloseTo(0.95, 10);
  });
});

describe("fitTemperature", () => {
  it("recovers the temperature synthetic labels were drawn at", () => {
    const random = prng(7);
    const logits: Float64Array[] = [];
    const truth: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const z = Float64Array.from({ length: 3 }, () => random() * 8 - 4);
      const p = Array.from(z, (v) => Math.exp(v / 2));
      let u = random() * p.reduce((a, b) => a + b);
      let label = 0;
      while (u > p[label]) u -= p[label++];
      logits.push(z);
      truth.push(Math.min(label, 2));
    }
    expect(fitTemperature(logits, truth)).toBeGreaterThan(1.8);
    expect(fitTemperature(logits, truth)).toBeLessThan(2.2);
  });
});

describe("suggestThreshold", () => {
  it("picks the lowest confidence whose accepted predictions reach the target precision", () => {
    const rows = [
      ...Array.from({ length: 10 }, () => row("a", "a", 0.95)),
      row("a", "b", 0.8),
      ...Array.from({ length: 8 }, () => row("a", "a", 0.7)),
      ...Array.from({ length: 5 }, () => row("a", "b", 0.5)),
    ];
    const choice = suggestThreshold(rows, 0.9);
    expect(choice.threshold).toBe(0.7);
    expect(choice.precision).toBeCloseTo(18 / 19, 10);
    expect(choice.coverage).toBeCloseTo(19 / 24, 10);
  });

  it("answers 1 (never settle) when no threshold reaches the target", () => {
    expect(suggestThreshold(Array.from({ length: 20 }, () => row("a", "b", 0.9))).threshold).toBe(1);
  });
});
