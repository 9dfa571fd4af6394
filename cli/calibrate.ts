/**
 * `npm run calibrate -- --dataset FILE --cheap MODEL --premium MODEL (--max-quality-loss X | --min-quality-kept Q)
 *   --out CONFIG [--base CONFIG] [--min-samples 30] [--max-ci-half-width W] [--confidence 0.95] [--no-slices]
 *   [--keep-rules id,id] [--report-dir DIR]`
 *
 * Reads validation outcomes (a replay-format dataset, or the outcomes.jsonl a live eval writes) and
 * writes a routing config whose documented rules send each category, or its easy slice, to the
 * cheap model where the evidence supports it.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import pc from "picocolors";
import type { RouterConfigInput } from "../src/config/schema";
import { calibrate, calibRows, type CalibrationTarget } from "../eval/calibrate";
import { calibratedConfig } from "../eval/calibrate-config";
import { ReplayRow } from "../eval/dataset";
import { outcomeIndex } from "../eval/outcomes";
import { calibrationReport } from "../eval/report/calibration-report";
import { halfWidth } from "../eval/stats";
import { validateConfig } from "../src/rules/validate";
import { calibratedYaml } from "./lib/eval-yaml";
import { datasetName, DEFAULT_REPORTS_DIR, loadActive, readJsonlFile, today, saveReport, runCli } from "./lib/eval-io";

const OPTIONS = {
  dataset: { type: "string" },
  cheap: { type: "string" },
  premium: { type: "string" },
  "max-quality-loss": { type: "string" },
  "min-quality-kept": { type: "string" },
  out: { type: "string" },
  base: { type: "string", default: "rules/router.yaml" },
  "min-samples": { type: "string", default: "30" },
  "max-ci-half-width": { type: "string" },
  confidence: { type: "string", default: "0.95" },
  "no-slices": { type: "boolean", default: false },
  "keep-rules": { type: "string" },
  "report-dir": { type: "string" },
  help: { type: "boolean", default: false },
} as const;

const USAGE =
  "usage: npm run calibrate -- --dataset FILE --cheap MODEL --premium MODEL (--max-quality-loss X | --min-quality-kept Q) --out CONFIG [--base CONFIG] [--min-samples N] [--max-ci-half-width W] [--no-slices] [--keep-rules a,b]";

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

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  if (values.help || !values.dataset || !values.cheap || !values.premium || !values.out) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const target = targetOf(values);
  const rows = await readJsonlFile(values.dataset, ReplayRow);
  const { active, doc: base } = await loadActive(values.base);
  const index = outcomeIndex(active.config, rows, {
    cheap: values.cheap,
    premium: values.premium,
    requirePrices: true,
  });
  const cheapId = index.entries.get(index.cheap)!.id;
  const premiumId = index.entries.get(index.premium)!.id;
  const plan = calibrate(calibRows(index, rows), {
    target,
    minSamples: num("min-samples", values["min-samples"], 1, 1e9),
    maxCiHalfWidth: num("max-ci-half-width", values["max-ci-half-width"], 0, 1),
    confidence: num("confidence", values.confidence, 0.5, 0.999),
    slices: !values["no-slices"],
  });
  const dataset = path.basename(values.dataset);
  const date = today();
  const cfg = calibratedConfig({
    base: base as RouterConfigInput,
    plan,
    cheap: cheapId,
    premium: premiumId,
    dataset,
    date,
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

  const table = new Table({ head: ["category", "n", "cheap", "premium", "gap ± CI", "decision"] });
  for (const c of plan.categories) {
    const decision = c.decision === "split" ? `split (${c.split!.slice.label} → premium)` : c.decision;
    table.push([
      c.category,
      c.stats.n,
      c.stats.cheap.mean.toFixed(3),
      c.stats.premium.mean.toFixed(3),
      `${c.stats.gap.mean.toFixed(3)} ± ${halfWidth(c.stats.gap).toFixed(3)}`,
      decision,
    ]);
  }
  console.log(table.toString());
  for (const c of plan.categories) console.log(`${pc.bold(c.category)}: ${c.reason}`);
  const e = plan.expected;
  console.log(
    `on these ${e.n} rows: premium calls ${(e.premiumShare * 100).toFixed(1)} %, quality kept ${(e.qualityKept * 100).toFixed(1)} %, cost saved ${(e.costSaved * 100).toFixed(1)} %`,
  );
  console.log(
    pc.green(`wrote ${values.out}`) +
      pc.dim(` (${report.warnings.length} validation warnings; replay it on held-out rows before pushing)`),
  );
  const doc = calibrationReport({ dataset, date, cheap: cheapId, premium: premiumId, plan, configFile: values.out });
  await saveReport(values["report-dir"] ?? DEFAULT_REPORTS_DIR, `calibration-${datasetName(values.dataset)}`, doc);
  return 0;
}

runCli(main);
