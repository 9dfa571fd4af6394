/**
 * `npm run replay -- --dataset FILE --config CONFIG [--decisions OUT.jsonl] [--sweep [--score gap|complexity|tokens]]
 *   [--classify [--sim]] [--cheap MODEL] [--premium MODEL] [--out DIR] [--no-report]`
 *
 * Replays recorded outcomes (../shared/datasets/README.md format) through the Worker's decision code
 * and prints premium-call share, quality, quality kept, cost saved and PGR; `--sweep` adds the
 * cost–quality curve with APGR and CPT(50 %) / CPT(80 %). Writes a Markdown + HTML report to --out.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import pc from "picocolors";
import { sweep, type Curve } from "../eval/curve";
import { ReplayRow } from "../eval/dataset";
import { baselineRows, replayReport } from "../eval/report/replay-report";
import { replay, routerScores, type ReplayResult, type RouterScoreKind } from "../eval/replay";
import { cliClassifier } from "./lib/eval-classifier";
import {
  datasetName,
  DEFAULT_REPORTS_DIR,
  loadActive,
  providerEnv,
  readJsonlFile,
  today,
  saveReport,
  runCli,
} from "./lib/eval-io";

const OPTIONS = {
  dataset: { type: "string" },
  config: { type: "string", default: "rules/router.yaml" },
  decisions: { type: "string" },
  sweep: { type: "boolean", default: false },
  score: { type: "string" },
  classify: { type: "boolean", default: false },
  sim: { type: "boolean", default: false },
  cheap: { type: "string" },
  premium: { type: "string" },
  out: { type: "string" },
  "no-report": { type: "boolean", default: false },
  help: { type: "boolean", default: false },
} as const;

const USAGE =
  "usage: npm run replay -- --dataset FILE --config CONFIG [--decisions OUT.jsonl] [--sweep [--score gap|complexity|tokens]] [--classify [--sim]] [--cheap M] [--premium M] [--out DIR] [--no-report]";

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function printSummary(result: ReplayResult, curve?: Curve, score?: string): void {
  const s = result.summary;
  const table = new Table({
    head: ["router", "premium calls", "quality", "quality kept", "cost (% of premium)", "PGR"],
  });
  for (const r of baselineRows(result)) table.push(r.map((c) => String(c).replace(/\*\*/g, "")));
  console.log(table.toString());
  console.log(
    `${pc.bold("this config")}: premium calls ${pct(s.premiumShare)}, quality ${s.quality.toFixed(3)}, quality kept ${pct(s.qualityKept)}, cost saved ${pct(s.costSaved)}, PGR ${s.pgr.toFixed(3)} (n=${s.n})`,
  );
  if (curve) {
    console.log(
      `${pc.bold("sweep")} over ${score}: APGR ${curve.apgr.toFixed(3)} (random 0.500), CPT(50%) ${pct(curve.cpt50)}, CPT(80%) ${pct(curve.cpt80)}`,
    );
  }
  const byTier = result.decisions.filter((d) => d.byTier).length;
  if (byTier)
    console.log(
      pc.yellow(
        `${byTier} rows went to a model without recorded outcomes: the ${result.index.cheap}/${result.index.premium} outcome of its tier stood in`,
      ),
    );
}

/** The sweep's score: the validated gap when the config documents any, else the complexity feature. */
export function defaultScore(result: ReplayResult): RouterScoreKind {
  return result.decisions.some((d) => Number.isFinite(d.validatedGap)) ? "gap" : "complexity";
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  if (values.help || !values.dataset) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const rows = await readJsonlFile(values.dataset, ReplayRow);
  const { active } = await loadActive(values.config);
  const providers = values.classify ? await providerEnv(active.config, { sim: values.sim }) : undefined;
  const started = performance.now();
  let result: ReplayResult;
  try {
    result = await replay(active, rows, {
      useTags: !values.classify,
      classifier: providers ? cliClassifier(active.config, providers.env) : undefined,
      cheap: values.cheap,
      premium: values.premium,
      requirePrices: true,
    });
  } finally {
    await providers?.close();
  }
  const ms = performance.now() - started;
  console.log(
    pc.dim(
      `${rows.length} rows replayed through ${path.basename(values.config)} (${active.version}) in ${ms.toFixed(0)} ms`,
    ),
  );
  let curve: Curve | undefined;
  const score = (values.score as RouterScoreKind | undefined) ?? defaultScore(result);
  if (!["gap", "complexity", "tokens"].includes(score)) throw new Error(`--score must be gap, complexity or tokens`);
  if (values.sweep)
    curve = sweep(
      result.decisions.map((d) => d.paired),
      routerScores(result.decisions, score),
    );
  printSummary(result, curve, score);
  if (values.decisions) {
    const lines = result.decisions.map((d) =>
      JSON.stringify({ id: d.id, model: d.model, rule: d.rule, category: d.category || null }),
    );
    await writeFile(values.decisions, `${lines.join("\n")}\n`);
    console.log(`decisions: ${values.decisions}`);
  }
  if (!values["no-report"]) {
    const doc = replayReport({
      dataset: datasetName(values.dataset),
      config: path.basename(values.config),
      date: today(),
      result,
      ...(curve ? { sweep: { curve, score } } : {}),
    });
    await saveReport(values.out ?? DEFAULT_REPORTS_DIR, `replay-${datasetName(values.dataset)}`, doc);
  }
  return 0;
}

runCli(main);
