/**
 * `npm run calibrate -- --dataset FILE --cheap MODEL --premium MODEL (--max-quality-loss X | --min-quality-kept Q)
 *   --out CONFIG [--traffic FILE | --traffic d1 [--since 28d] [--local|--remote] [--persist-to DIR]]
 *   [--base CONFIG] [--min-samples 30] [--confidence 0.95] [--max-ci-half-width W] [--no-slices] [--no-shrink]
 *   [--cv-repeats 20] [--keep-rules id,id] [--report-dir DIR]`
 *
 * Reads validation outcomes (a replay-format dataset, or the outcomes.jsonl a live eval writes) and
 * writes a routing config whose documented rules send each category, or its easy slice, to the
 * cheap model where the evidence supports it, weighted by the traffic each category gets.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import pc from "picocolors";
import type { RouterConfigInput } from "../src/config/schema";
import {
  calibrate,
  calibRows,
  type CalibrateOptions,
  type CalibrationPlan,
  type CalibrationTarget,
} from "../eval/calibrate";
import { calibratedConfig } from "../eval/calibrate-config";
import { crossValidate } from "../eval/crossval";
import { ReplayRow } from "../eval/dataset";
import { outcomeIndex } from "../eval/outcomes";
import { calibrationReport } from "../eval/report/calibration-report";
import { halfWidth } from "../eval/stats";
import { parseTraffic, trafficFromRows, type Traffic } from "../eval/traffic";
import { validateConfig } from "../src/rules/validate";
import { parseSpan, queryD1 } from "./audit-d1";
import { calibratedYaml } from "./lib/eval-yaml";
import { datasetName, DEFAULT_REPORTS_DIR, loadActive, readJsonlFile, today, saveReport, runCli } from "./lib/eval-io";

const OPTIONS = {
  dataset: { type: "string" },
  cheap: { type: "string" },
  premium: { type: "string" },
  "max-quality-loss": { type: "string" },
  "min-quality-kept": { type: "string" },
  out: { type: "string" },
  traffic: { type: "string" },
  since: { type: "string", default: "28d" },
  local: { type: "boolean", default: false },
  remote: { type: "boolean", default: false },
  "persist-to": { type: "string" },
  base: { type: "string", default: "rules/router.yaml" },
  "min-samples": { type: "string", default: "30" },
  "max-ci-half-width": { type: "string" },
  confidence: { type: "string", default: "0.95" },
  "no-slices": { type: "boolean", default: false },
  "no-shrink": { type: "boolean", default: false },
  "cv-repeats": { type: "string", default: "20" },
  "keep-rules": { type: "string" },
  "report-dir": { type: "string" },
  help: { type: "boolean", default: false },
} as const;

const USAGE = `usage: npm run calibrate -- --dataset FILE --cheap MODEL --premium MODEL (--max-quality-loss X | --min-quality-kept Q) --out CONFIG
  [--traffic FILE | --traffic d1 [--since 28d] [--local|--remote] [--persist-to DIR]]
  [--base CONFIG] [--min-samples N] [--confidence 0.95] [--max-ci-half-width W] [--no-slices] [--no-shrink]
  [--cv-repeats 20] [--keep-rules a,b] [--report-dir DIR]

  --max-quality-loss X   each category (or its easy slice) goes cheap when the one-sided upper bound of its gap ≤ X
  --min-quality-kept Q   the set of categories that saves most while the whole traffic keeps ≥ Q of premium quality
                         (at the one-sided --confidence bound)
  --traffic FILE         requests per category, a JSON object {"<category>": <count>, ...}
  --traffic d1           the same counts from the D1 requests table over --since (default 28d)
  Without --traffic every validation row counts as one request (a warning says so).`;

function num(name: string, v: string | undefined, lo: number, hi: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < lo || n > hi)
    throw new Error(`--${name} must be a number in [${lo}, ${hi}], got '${v}'`);
  return n;
}

function targetOf(values: Record<string, unknown>): CalibrationTarget {
  const loss = num("max-quality-loss", values["max-quality-loss"] as string | undefined, 0, 1);
  const kept = num("min-quality-kept", values["min-quality-kept"] as string | undefined, 0, 1);
  if ((loss === undefined) === (kept === undefined))
    throw new Error("give exactly one of --max-quality-loss and --min-quality-kept");
  return loss !== undefined ? { maxQualityLoss: loss } : { minQualityKept: kept! };
}

/** Every row must carry both models' outcomes: one line naming the file and line otherwise. */
async function checkOutcomes(file: string, rows: readonly ReplayRow[], names: [string, string]): Promise<void> {
  for (let i = 0; i < rows.length; i++) {
    const missing = names.find((n) => typeof rows[i].outcomes[n]?.score !== "number");
    if (missing) {
      const lines = (await readFile(file, "utf8")).split("\n");
      let line = 0;
      for (let seen = -1; line < lines.length; line++) if (lines[line].trim() && ++seen === i) break;
      throw new Error(`${file}:${line + 1}: row '${rows[i].id}' has no outcome for '${missing}'`);
    }
  }
}

async function trafficOf(
  values: Record<string, unknown>,
  known: Set<string>,
): Promise<{ traffic?: Traffic; days?: number; source: string }> {
  const spec = values.traffic as string | undefined;
  if (!spec) return { source: "none" };
  if (spec === "d1") {
    const span = parseSpan(values.since as string);
    const [rows] = await queryD1(
      [
        `SELECT category, COUNT(*) AS n FROM requests WHERE ts >= (unixepoch('now', '${span.modifier}') * 1000) AND shadow_of IS NULL AND category != '' GROUP BY category`,
      ],
      { remote: values.remote === true, persistTo: values["persist-to"] as string | undefined },
    );
    const traffic = trafficFromRows(rows);
    if (Object.keys(traffic).length === 0)
      throw new Error(`--traffic d1: the requests table has no categorised requests in the last ${values.since}`);
    return { traffic, days: span.ms / 86_400_000, source: `D1 requests, last ${values.since}` };
  }
  return { traffic: parseTraffic(await readFile(spec, "utf8"), spec, known), source: path.basename(spec) };
}

function printPlan(plan: CalibrationPlan, days: number | undefined): void {
  const table = new Table({
    head: ["category", "n", "traffic", "cheap", "premium", "gap ± CI", "shrunk", "upper", "decision"],
  });
  for (const c of plan.categories) {
    const s = c.stats;
    table.push([
      c.category,
      s.n,
      Math.round(c.traffic),
      s.cheap.mean.toFixed(3),
      s.premium.mean.toFixed(3),
      `${s.gap.mean.toFixed(3)} ± ${halfWidth(s.gap).toFixed(3)}`,
      s.posterior.mean.toFixed(3),
      s.upper.toFixed(3),
      c.decision === "split" ? `split (${c.split!.slice.label} → premium)` : c.decision,
    ]);
  }
  console.log(table.toString());
  for (const c of plan.categories) console.log(`${pc.bold(c.category)}: ${c.reason}`);
  const more = plan.categories
    .filter((c) => c.moreData?.moreExamples)
    .sort((a, b) => b.moreData!.stakeUsd - a.moreData!.stakeUsd);
  if (more.length) {
    console.log(pc.bold("\nwhat more validation data would buy (highest stake first):"));
    for (const c of more) {
      const m = c.moreData!;
      const perDay = days ? ` ≈ $${(m.stakeUsd / days).toFixed(2)}/day` : "";
      console.log(`  ${c.category}: ${m.summary}${perDay}`);
    }
  }
  if (plan.uncovered.length)
    console.log(
      pc.yellow(
        `\ntraffic without validation rows (stays premium, not in the figures): ${plan.uncovered.map((u) => `${u.category} (${u.traffic})`).join(", ")}`,
      ),
    );
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  if (values.help || !values.dataset || !values.cheap || !values.premium || !values.out) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.local && values.remote) throw new Error("give at most one of --local and --remote");
  const target = targetOf(values);
  const rows = await readJsonlFile(values.dataset, ReplayRow);
  const { active, doc: base } = await loadActive(values.base);
  const index = outcomeIndex(active.config, rows, {
    cheap: values.cheap,
    premium: values.premium,
    requirePrices: true,
  });
  await checkOutcomes(values.dataset, rows, [index.cheap, index.premium]);
  const known = new Set([...rows.map((r) => r.category), ...Object.keys(active.config.categories)]);
  const { traffic, days, source } = await trafficOf(values, known);
  const cheapId = index.entries.get(index.cheap)!.id;
  const premiumId = index.entries.get(index.premium)!.id;
  const opts: CalibrateOptions = {
    target,
    minSamples: num("min-samples", values["min-samples"], 1, 1e9),
    maxCiHalfWidth: num("max-ci-half-width", values["max-ci-half-width"], 0, 1),
    confidence: num("confidence", values.confidence, 0.5, 0.999),
    slices: !values["no-slices"],
    shrink: !values["no-shrink"],
    traffic,
  };
  const calib = calibRows(index, rows);
  const plan = calibrate(calib, opts);
  const repeats = num("cv-repeats", values["cv-repeats"], 0, 1000)!;
  const cv = repeats > 0 ? crossValidate(calib, opts, plan, { repeats }) : undefined;
  const dataset = path.basename(values.dataset);
  const date = today();
  const cfg = calibratedConfig({
    base: base as RouterConfigInput,
    plan,
    cheap: cheapId,
    premium: premiumId,
    dataset,
    date,
    crossValidated: cv,
    keepRules: values["keep-rules"]
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  });
  const report = validateConfig(cfg.doc);
  if (!report.ok)
    throw new Error(
      `the calibrated config does not validate (a bug):\n${report.errors.map((e) => `  ${e.path}: ${e.message}`).join("\n")}`,
    );
  await writeFile(values.out, calibratedYaml(cfg, values.out));

  if (!traffic)
    console.log(
      pc.yellow(
        "warning: no --traffic: every validation row counts as one request; real traffic is rarely spread like that",
      ),
    );
  else console.log(pc.dim(`traffic: ${source}`));
  printPlan(plan, days);
  const p = plan.predicted;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const level = Math.round(plan.policy.confidence * 100);
  console.log(
    `\nexpected on ${traffic ? "the traffic" : "rows counted equally"}: premium calls ${pct(p.premiumShare)}, quality kept ${pct(p.qualityKept)} (≥ ${pct(p.qualityKeptLow)} at ${level} %), cost saved ${pct(p.costSaved)}`,
  );
  if (cv)
    console.log(
      `cross-validated (${cv.repeats}×${cv.folds}-fold, what to expect on new examples): quality kept ${pct(cv.qualityKept)}, cost saved ${pct(cv.costSaved)}`,
    );
  const e = plan.expected;
  console.log(
    pc.dim(
      `in-sample, on the ${e.n} calibration rows themselves: quality kept ${pct(e.qualityKept)}, cost saved ${pct(e.costSaved)}`,
    ),
  );
  console.log(
    pc.green(`wrote ${values.out}`) +
      pc.dim(` (${report.warnings.length} validation warnings; replay it on held-out rows before pushing)`),
  );
  const doc = calibrationReport({
    dataset,
    date,
    cheap: cheapId,
    premium: premiumId,
    plan,
    configFile: values.out,
    crossValidated: cv,
    trafficSource: source,
    trafficDays: days,
  });
  await saveReport(values["report-dir"] ?? DEFAULT_REPORTS_DIR, `calibration-${datasetName(values.dataset)}`, doc);
  return 0;
}

runCli(main);
