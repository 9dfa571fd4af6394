/**
 * Token estimate vs a real tokenizer (gpt-tokenizer, o200k_base): accuracy, µs/call, bundle bytes.
 * `--fit` refits src/classify/features/tokens.ts's weights on the fit corpus and prints them.
 * Run: npm run bench:classify-tokens [-- --fit]
 */
import Table from "cli-table3";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import {
  TOKEN_CLASS_COUNT,
  TOKEN_CLASSES,
  TOKEN_WEIGHTS,
  estimateTokens,
  tokenClassCounts,
  tokensFromCounts,
} from "../src/classify/features/tokens";
import { bundleBytes, kib, timeCalls, us } from "./classify-lib";
import { fitCorpus, testCorpus, type Text } from "./classify-corpus";

/** Non-negative weighted least squares on relative error, by projected coordinate descent. */
function fitWeights(texts: Text[]): Float64Array {
  const n = TOKEN_CLASS_COUNT;
  const gram = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  for (const t of texts) {
    const y = countTokens(t.text);
    if (y === 0) continue;
    const x = tokenClassCounts(t.text, new Float64Array(n)).map((v) => v / y);
    for (let i = 0; i < n; i++) {
      rhs[i] += x[i];
      for (let j = 0; j < n; j++) gram[i * n + j] += x[i] * x[j];
    }
  }
  const w = Float64Array.from(TOKEN_WEIGHTS);
  for (let iter = 0; iter < 20_000; iter++) {
    for (let j = 0; j < n; j++) {
      if (gram[j * n + j] === 0) continue;
      let r = rhs[j];
      for (let k = 0; k < n; k++) if (k !== j) r -= gram[j * n + k] * w[k];
      w[j] = Math.max(0, r / gram[j * n + j]);
    }
  }
  return w;
}

interface ErrorStats {
  n: number;
  meanAbsPct: number;
  p90AbsPct: number;
  biasPct: number;
}

function errorStats(texts: Text[], estimate: (s: string) => number, exact: Map<string, number>): ErrorStats {
  const errs = texts.map((t) => {
    const y = exact.get(t.text) ?? countTokens(t.text);
    return (estimate(t.text) - y) / Math.max(1, y);
  });
  const abs = errs.map(Math.abs).sort((a, b) => a - b);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    n: texts.length,
    meanAbsPct: mean(abs) * 100,
    p90AbsPct: (abs[Math.floor(abs.length * 0.9)] ?? 0) * 100,
    biasPct: mean(errs) * 100,
  };
}

const fmt = (s: ErrorStats) =>
  `${s.meanAbsPct.toFixed(1)}% / ${s.p90AbsPct.toFixed(1)}% / ${s.biasPct >= 0 ? "+" : ""}${s.biasPct.toFixed(1)}%`;

async function main() {
  if (process.argv.includes("--fit")) {
    const w = fitWeights(fitCorpus());
    console.log("fitted weights:");
    TOKEN_CLASSES.forEach((name, i) => console.log(`  ${name.padEnd(14)} ${w[i].toFixed(4)}`));
    console.log(`\nFloat64Array.from([${Array.from(w, (x) => Number(x.toFixed(4))).join(", ")}])\n`);
    return;
  }
  const groups = new Map<string, Text[]>();
  for (const t of [...testCorpus(), ...fitCorpus()]) {
    const key = `${t.set}: ${t.group}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const exact = new Map<string, number>();
  for (const list of groups.values()) for (const t of list) exact.set(t.text, countTokens(t.text));
  const table = new Table({
    head: ["texts", "n", "avg tokens", "estimate: mean |err| / p90 / bias", "chars/4"],
    style: { head: [] },
  });
  for (const [key, list] of [...groups].sort()) {
    const avg = list.reduce((a, t) => a + (exact.get(t.text) ?? 0), 0) / list.length;
    table.push([
      key,
      list.length,
      avg.toFixed(0),
      fmt(errorStats(list, estimateTokens, exact)),
      fmt(errorStats(list, (s) => s.length / 4, exact)),
    ]);
  }
  console.log("Accuracy against o200k_base (relative error per text; bias = mean signed error)");
  console.log(table.toString());
  await speedAndSize();
}

async function speedAndSize() {
  const long = testCorpus()
    .filter((t) => t.group === "2k-token prompt")
    .map((t) => t.text);
  const short = testCorpus()
    .filter((t) => t.group.startsWith("mt-bench"))
    .map((t) => t.text);
  const counts = new Float64Array(TOKEN_CLASS_COUNT);
  const table = new Table({
    head: ["", "2,000-token prompt µs median / p99", "short prompt µs median / p99", "min", "gzip", "cold start"],
    style: { head: [] },
  });
  const row = async (name: string, fn: (s: string) => number, source: string) => {
    const a = timeCalls(long, fn, 2000, 200);
    const b = timeCalls(short, fn, 5000, 500);
    const size = await bundleBytes(source);
    table.push([
      name,
      `${us(a.medianUs)} / ${us(a.p99Us)}`,
      `${us(b.medianUs)} / ${us(b.p99Us)}`,
      kib(size.minified),
      kib(size.gzipped),
      `${size.coldStartMs.toFixed(1)} ms`,
    ]);
  };
  await row(
    "estimate (ours)",
    (s) => tokensFromCounts(tokenClassCounts(s, counts.fill(0))),
    `export { estimateTokens } from "./src/classify/features/tokens";`,
  );
  await row(
    "gpt-tokenizer o200k countTokens",
    countTokens,
    `export { countTokens } from "gpt-tokenizer/encoding/o200k_base";`,
  );
  console.log("\nCost");
  console.log(table.toString());
}

await main();
