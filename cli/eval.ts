/**
 * `npm run eval -- --dataset FILE --premium MODEL --candidates A,B [...]` (flags: cli/lib/eval-args.ts)
 *
 * Runs representative examples through the premium model and cheaper candidates with the router's
 * own provider layer (the simulator with --sim; otherwise the providers' base URLs and keys from the
 * environment, like the Worker), scores them, and writes to --out (default reports/eval-<dataset>/):
 * results.jsonl (append-only, for --resume), outcomes.jsonl (replay format, for calibrate and the
 * publish gate), summary.json, report.md/.html and evaluations.sql (also executed on D1 unless --d1 off).
 */
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import Table from "cli-table3";
import { EvalExample, withIds } from "../eval/dataset";
import { evaluationsSql } from "./lib/evaluations-sql";
import { evalOutcomeRows, evalSummary, type EvalSummary } from "../eval/eval-summary";
import { evalReport } from "../eval/report/eval-report";
import { scorerFor, scorerProblem } from "../eval/scorers";
import { halfWidth } from "../eval/stats";
import { catalogModel } from "../src/core/catalog";
import { EVAL_USAGE, parseEvalArgs, type EvalArgs } from "./lib/eval-args";
import { evalCaller } from "./lib/eval-call";
import { executeEvaluations } from "./lib/eval-d1";
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
import { loadResults, runEval } from "./lib/eval-runner";

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.size > 0,
    () => false,
  );
}

function printSummary(summary: EvalSummary): void {
  const table = new Table({
    head: ["category", "model", "n", "quality [CI]", "gap ± CI", "$/example", "recommendation"],
  });
  for (const c of summary.categories) {
    const pq = c.premium.quality;
    table.push([
      c.category,
      "premium",
      pq.n,
      `${pq.mean.toFixed(3)} [${pq.low.toFixed(3)}, ${pq.high.toFixed(3)}]`,
      "",
      c.premium.costPerExample.toPrecision(3),
      "",
    ]);
    for (const k of c.candidates) {
      table.push([
        "",
        k.model,
        k.gap.n,
        `${k.quality.mean.toFixed(3)} [${k.quality.low.toFixed(3)}, ${k.quality.high.toFixed(3)}]`,
        `${k.gap.mean.toFixed(3)} ± ${halfWidth(k.gap).toFixed(3)}`,
        k.costPerExample.toPrecision(3),
        k.recommendation,
      ]);
    }
  }
  console.log(table.toString());
  if (summary.daily)
    console.log(
      `net saving per day (recommended routes): $${summary.daily.netUsd.toFixed(2)} = API $${summary.daily.apiSavingUsd.toFixed(2)} − ${summary.daily.extraErrors.toFixed(1)} extra errors × cost per error`,
    );
}

async function main(argv: string[]): Promise<number> {
  const args = parseEvalArgs(argv);
  if (!args) {
    console.error(EVAL_USAGE);
    return argv.includes("--help") ? 0 : 2;
  }
  const examples = withIds(await readJsonlFile(args.dataset, EvalExample));
  const { active } = await loadActive(args.config);
  for (const m of [args.premium, ...args.candidates, ...(args.judge ? [args.judge] : [])]) {
    if (!catalogModel(active.config, m)) throw new Error(`model '${m}' is not in ${args.config}'s catalog`);
  }
  const problems = examples.flatMap((e) => {
    const p = scorerProblem(e, scorerFor(e, args.scorers[e.category]));
    return p ? [`${e.id}: ${p}`] : [];
  });
  if (problems.length)
    throw new Error(`${problems.length} examples cannot be scored:\n  ${problems.slice(0, 5).join("\n  ")}`);
  const needsJudge = examples.filter((e) => scorerFor(e, args.scorers[e.category]) === "judge");
  if (needsJudge.length && !args.judge)
    throw new Error(
      `${needsJudge.length} examples are scored by the LLM judge (e.g. ${needsJudge[0].id}): pass --judge MODEL`,
    );
  const out = args.out ?? path.join(DEFAULT_REPORTS_DIR, `eval-${datasetName(args.dataset)}`);
  const resultsFile = path.join(out, "results.jsonl");
  if ((await exists(resultsFile)) && !args.resume) {
    if (!args.fresh) throw new Error(`${resultsFile} exists: --resume continues it, --fresh starts over`);
    await rm(resultsFile);
  }
  await mkdir(out, { recursive: true });
  const providers = await providerEnv(active.config, { sim: args.sim, simUrl: args.simUrl });
  const done = await loadResults(resultsFile);
  try {
    const stats = await runEval(
      {
        examples,
        premium: args.premium,
        candidates: args.candidates,
        judge: args.judge
          ? { model: args.judge, jsonSchema: catalogModel(active.config, args.judge)!.capabilities.jsonSchema }
          : undefined,
        scorers: args.scorers,
        concurrency: args.concurrency,
        resultsFile,
        progress: args.progress && process.stderr.isTTY,
      },
      evalCaller(active, providers.env, { maxRetries: args.maxRetries, timeoutMs: args.timeoutMs }),
      done,
    );
    console.log(
      `answers: ${stats.answers.done} new, ${stats.answers.skipped} resumed, ${stats.answers.failed} failed · grades: ${stats.grades.done} new, ${stats.grades.skipped} resumed, ${stats.grades.failed} failed`,
    );
    await finish(
      args,
      examples,
      await loadResults(resultsFile),
      out,
      active.version,
      stats.answers.failed + stats.grades.failed,
    );
  } finally {
    await providers.close();
  }
  return 0;
}

async function finish(
  args: EvalArgs,
  examples: EvalExample[],
  index: Awaited<ReturnType<typeof loadResults>>,
  out: string,
  configVersion: string,
  failedCalls: number,
) {
  const opts = {
    premium: args.premium,
    candidates: args.candidates,
    maxQualityLoss: args.maxQualityLoss,
    minSamples: args.minSamples,
    maxCiHalfWidth: args.maxCiHalfWidth,
    scorers: args.scorers,
    volumePerDay: args.volumePerDay,
    costPerError: args.costPerError,
  };
  const summary = evalSummary(examples, index, opts);
  printSummary(summary);
  const dataset = path.basename(args.dataset);
  const date = today();
  const rows = evalOutcomeRows(examples, index, opts);
  await writeFile(
    path.join(out, "outcomes.jsonl"),
    rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : ""),
  );
  await writeFile(
    path.join(out, "summary.json"),
    `${JSON.stringify({ dataset, date, configVersion, ...summary }, null, 2)}\n`,
  );
  const doc = evalReport({
    dataset,
    date,
    premium: args.premium,
    candidates: args.candidates,
    judge: args.judge,
    maxQualityLoss: args.maxQualityLoss,
    summary,
    volumePerDay: args.volumePerDay,
    costPerError: args.costPerError,
    failedCalls,
  });
  const files = await saveReport(out, "report", doc);
  const sqlFile = path.join(out, "evaluations.sql");
  const sql = evaluationsSql({
    summary,
    dataset,
    date,
    premium: args.premium,
    configVersion,
    reportPath: path.relative(process.cwd(), files.html),
    createdAt: Date.now(),
  });
  await writeFile(sqlFile, sql);
  if (args.d1 === "off") process.stdout.write(sql);
  else console.log(await executeEvaluations(sqlFile, { mode: args.d1, persistTo: args.persistTo }));
  console.log(`outcomes (replay format): ${path.join(out, "outcomes.jsonl")}`);
}

runCli(main);
