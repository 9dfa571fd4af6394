/** Tables for the classification accuracy CLI: confusion matrices and summary lines. */
import Table from "cli-table3";
import pc from "picocolors";

export interface Outcome {
  id: string;
  /** Labels that count as right (the first is the main one). */
  truth: string[];
  /** Predicted category, or undefined when the pass did not decide. */
  predicted: string | undefined;
}

export const UNDECIDED = "—";

export const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

export function isRight(o: Outcome): boolean {
  return o.predicted !== undefined && o.truth.includes(o.predicted);
}

/** Rows: the main true label; columns: the predictions (undecided last). Diagonal in green. */
export function confusionTable(outcomes: Outcome[], labels: string[]): string {
  const predictedLabels = [...new Set(outcomes.map((o) => o.predicted ?? UNDECIDED))];
  const cols = [
    ...labels.filter((l) => predictedLabels.includes(l)),
    ...predictedLabels.filter((l) => !labels.includes(l) && l !== UNDECIDED),
  ];
  if (predictedLabels.includes(UNDECIDED)) cols.push(UNDECIDED);
  const table = new Table({
    head: ["true \\ predicted", ...cols.map(short), "n", "right"],
    style: { head: [], compact: true },
  });
  const rows = [...new Set([...labels, ...outcomes.map((o) => o.truth[0])])].filter((l) =>
    outcomes.some((o) => o.truth[0] === l),
  );
  for (const truth of rows) {
    const mine = outcomes.filter((o) => o.truth[0] === truth);
    const cells = cols.map((col) => {
      const n = mine.filter((o) => (o.predicted ?? UNDECIDED) === col).length;
      if (n === 0) return pc.dim("·");
      const right = col !== UNDECIDED && mine.some((o) => o.truth.includes(col) && o.predicted === col);
      return right ? pc.green(String(n)) : col === UNDECIDED ? pc.dim(String(n)) : pc.red(String(n));
    });
    table.push([truth, ...cells, String(mine.length), pct(mine.filter(isRight).length / mine.length, 0)]);
  }
  return table.toString();
}

function short(label: string): string {
  return label.length > 8 ? `${label.slice(0, 7)}…` : label;
}

/** Accuracy over all, precision over the decided, coverage = decided share. */
export function summary(outcomes: Outcome[]): {
  accuracy: number;
  precision: number;
  coverage: number;
  decided: number;
} {
  const decided = outcomes.filter((o) => o.predicted !== undefined);
  const right = outcomes.filter(isRight).length;
  return {
    accuracy: right / Math.max(1, outcomes.length),
    precision: right / Math.max(1, decided.length),
    coverage: decided.length / Math.max(1, outcomes.length),
    decided: decided.length,
  };
}

/** Prints a section heading. */
export function heading(title: string): void {
  console.log(`\n${pc.bold(title)}`);
}

/** Counts of values, most frequent first, as "a 12, b 3". */
export function tally(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
}

/** Per-category precision, recall, F1 and support. */
export function categoryTable(
  rows: readonly { category: string; precision: number; recall: number; f1: number; n: number }[],
): string {
  const table = new Table({ head: ["category", "precision", "recall", "F1", "n"], style: { head: [], compact: true } });
  for (const r of rows) table.push([r.category, pct(r.precision), pct(r.recall), pct(r.f1), String(r.n)]);
  return table.toString();
}
