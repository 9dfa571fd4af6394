/**
 * The local passes on labelled rows, as the Worker will run them: keywords/patterns alone, the
 * linear model alone, and both (explicit keywords and patterns first, then the linear model at or
 * above its threshold, else the cheap-model classifier).
 */
import type { LinearModel } from "../../src/classify/category/linear-model";
import { predictCategory } from "../../src/classify/category/linear-model";
import { classifyLocal, type ClassifyInput } from "../../src/classify/category/pipeline";
import { categoryTable, confusionTable, heading, isRight, pct, summary, type Outcome } from "../classify-report";
import type { Scored } from "./classify-metrics";

/** One labelled request ready for the local passes; `truth` lists the labels that count as right. */
export interface Case {
  id: string;
  truth: string[];
  input: ClassifyInput;
  lang?: string;
}

export interface LocalRuns {
  rules: Outcome[];
  /** The linear model's answer for every case, with its confidence. */
  linear: (Outcome & { confidence: number })[];
  combined: Outcome[];
}

/** Runs the three passes over `cases` (no model call). */
export function runLocalPasses(cases: readonly Case[], model: LinearModel, threshold: number): LocalRuns {
  const runs: LocalRuns = { rules: [], linear: [], combined: [] };
  for (const c of cases) {
    const rules = classifyLocal(c.input);
    const p = predictCategory(model, c.input);
    const known = Object.hasOwn(c.input.categories, p.category);
    runs.rules.push({ id: c.id, truth: c.truth, predicted: rules?.category });
    runs.linear.push({ id: c.id, truth: c.truth, predicted: p.category, confidence: p.confidence });
    const linear = known && p.confidence >= threshold ? p.category : undefined;
    runs.combined.push({ id: c.id, truth: c.truth, predicted: rules?.category ?? linear });
  }
  return runs;
}

/** Per-category precision (of the decided) and recall (of all rows of the category; undecided is a miss). */
export function categoryRows(outcomes: readonly Outcome[], labels: readonly string[]) {
  return labels.map((category) => {
    const predicted = outcomes.filter((o) => o.predicted === category);
    const mine = outcomes.filter((o) => o.truth[0] === category);
    const precision = predicted.filter(isRight).length / Math.max(1, predicted.length);
    const recall = mine.filter(isRight).length / Math.max(1, mine.length);
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { category, precision, recall, f1, n: mine.length };
  });
}

/** Prints one pass: coverage, accuracy, precision of the decided, per-category table, confusion matrix. */
export function printPass(title: string, outcomes: Outcome[], labels: string[], detail = true): void {
  const s = summary(outcomes);
  heading(title);
  console.log(
    `settled locally ${s.decided}/${outcomes.length} (coverage ${pct(s.coverage)}); right ${pct(s.accuracy)} of all rows; precision of the settled ${pct(s.precision)}`,
  );
  if (!detail) return;
  console.log(categoryTable(categoryRows(outcomes, labels)));
  console.log(confusionTable(outcomes, labels));
}

/** Coverage and accuracy of the accepted predictions at a few thresholds. */
export function thresholdTable(scored: readonly Scored[], thresholds: readonly number[]): string {
  return thresholds
    .map((t) => {
      const accepted = scored.filter((s) => s.confidence >= t);
      const right = accepted.filter((s) => s.truth === s.predicted).length;
      return `  ≥ ${t.toFixed(2)}: coverage ${pct(accepted.length / Math.max(1, scored.length))}, precision ${pct(right / Math.max(1, accepted.length))}`;
    })
    .join("\n");
}

/** Accuracy over all rows, English against every other language. */
export function languageLine(cases: readonly Case[], outcomes: readonly Outcome[]): string {
  const part = (english: boolean) => {
    const idx = cases.flatMap((c, i) => (((c.lang ?? "en") === "en") === english ? [i] : []));
    return `${pct(idx.filter((i) => isRight(outcomes[i])).length / Math.max(1, idx.length))} of ${idx.length}`;
  };
  return `English ${part(true)}; other languages ${part(false)}`;
}
