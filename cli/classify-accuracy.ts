/**
 * Classification accuracy, measured without a model call: the keyword/pattern pass alone, the
 * local linear model alone, and the combination the Worker uses (keywords and patterns first, then
 * the linear model at or above its threshold, else the cheap-model classifier), on the held-out
 * split of the corpus or on any labelled file; MT-Bench as an outside check; optionally the full
 * pipeline with the simulator's classifier.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { bundledModel } from "../src/classify/category/default-model";
import type { LinearModel } from "../src/classify/category/linear-model";
import { validateModel } from "../src/classify/category/model-format";
import type { Category, ClassifierSettings } from "../src/config/schema";
import { heading, pct } from "./classify-report";
import { loadRouterConfig } from "./lib/classify-config";
import {
  DataError,
  DEFAULT_SHARES,
  parseLabelled,
  readLabelled,
  splitOf,
  type LabelledExample,
} from "./lib/classify-data";
import { metricsOf, suggestThreshold } from "./lib/classify-metrics";
import { languageLine, printPass, runLocalPasses, thresholdTable, type Case } from "./lib/classify-local-report";
import { simReport } from "./lib/classify-sim-report";

const USAGE = `Usage: npm run classify:accuracy -- [options]

Reports, without any model call: the keyword/pattern pass alone, the linear model alone and the
combination the Worker uses (keywords/patterns, then the linear model at or above its threshold,
else "needs the cheap-model classifier"): coverage, accuracy, per-category precision and recall,
confusion matrices; a threshold recommendation from the validation split; MT-Bench as an outside check.

Options:
  --data FILE        labelled JSONL to measure on, every row (repeatable; a directory reads its *.jsonl).
                     Default: the held-out split of corpus/prompts/ and test/fixtures/classification.jsonl
  --model FILE       model file (default: the bundled model, src/classify/category/default-model.json)
  --config FILE      routing config: categories, keywords, patterns (default rules/router.yaml)
  --threshold X      confidence threshold of the linear model (default: the model's own)
  --sim              also run the full pipeline with the simulator's classifier (slower)
  --help             this text`;

const ROOT = path.resolve(import.meta.dirname, "..");
const CORPUS = [path.join(ROOT, "corpus/prompts"), path.join(ROOT, "test/fixtures/classification.jsonl")];
const MT_BENCH = path.join(ROOT, "../shared/datasets/routellm-mtbench.jsonl");

/** MT-Bench category → ours (the first is the main label; the others also count as right). */
const MT_BENCH_MAP: Record<string, string[]> = {
  writing: ["generation"],
  roleplay: ["generation", "chat"],
  reasoning: ["analysis"],
  math: ["analysis"],
  coding: ["code"],
  extraction: ["extraction", "classification"],
  stem: ["analysis"],
  humanities: ["analysis", "generation"],
};

function loadModel(file: string | undefined, categories: string[]): LinearModel {
  if (!file) return bundledModel();
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new DataError(`${file}: ${(e as Error).message}`);
  }
  const { model, issues } = validateModel(doc, { categories });
  if (!model) throw new DataError(`${file}: ${issues.map((i) => `${i.path || "file"}: ${i.message}`).join("; ")}`);
  return model;
}

function toCase(
  row: LabelledExample,
  truth: string[],
  categories: Record<string, Category>,
  settings: ClassifierSettings,
): Case {
  return {
    id: row.id,
    truth,
    lang: row.lang,
    input: { req: row.req, features: row.features, lastUserText: row.lastUserText, settings, categories },
  };
}

/** The three local passes on `cases`, printed. */
function reportLocal(cases: Case[], model: LinearModel, threshold: number, labels: string[]): void {
  const runs = runLocalPasses(cases, model, threshold);
  printPass("Keywords and patterns alone (tag + keywords + patterns)", runs.rules, labels);
  printPass("Linear model alone (every row)", runs.linear, labels);
  const scored = runs.linear.map((o) => ({ truth: o.truth[0], predicted: o.predicted!, confidence: o.confidence }));
  const m = metricsOf(scored, labels);
  console.log(
    `macro-F1 ${pct(m.macroF1)}, ECE ${m.ece.toFixed(3)}; accepted at thresholds:\n${thresholdTable(scored, [0.5, 0.6, threshold, 0.8, 0.9])}`,
  );
  printPass(
    `Combined, as the Worker decides (keywords/patterns, then the linear model at ≥ ${threshold})`,
    runs.combined,
    labels,
  );
  console.log(
    `needs the cheap-model classifier: ${pct(runs.combined.filter((o) => o.predicted === undefined).length / cases.length)}; ${languageLine(cases, runs.combined)}`,
  );
}

/** The threshold the validation split suggests (≥ 90% precision), beside the model's own. */
function recommendThreshold(validation: Case[], model: LinearModel): void {
  const v = runLocalPasses(validation, model, model.threshold).linear.map((o) => ({
    truth: o.truth[0],
    predicted: o.predicted!,
    confidence: o.confidence,
  }));
  const choice = suggestThreshold(v, 0.9);
  heading("Threshold recommendation (validation split, never the held-out rows)");
  console.log(
    `lowest confidence with validation precision ≥ 90%: ${choice.threshold} (precision ${pct(choice.precision)}, coverage ${pct(choice.coverage)} of ${v.length}); the model's own: ${model.threshold}`,
  );
}

function mtBenchCases(categories: Record<string, Category>, settings: ClassifierSettings): Case[] {
  const mt = parseLabelled(readFileSync(MT_BENCH, "utf8"), "routellm-mtbench.jsonl", Object.keys(MT_BENCH_MAP));
  return mt.map((r) => toCase(r, MT_BENCH_MAP[r.category], categories, settings));
}

function reportMtBench(mtCases: Case[], model: LinearModel, threshold: number, labels: string[]): void {
  const mtRuns = runLocalPasses(mtCases, model, threshold);
  heading(
    `MT-Bench (${mtCases.length}) as an outside check: writing→generation, roleplay→generation|chat, reasoning/math/stem→analysis, coding→code, extraction→extraction|classification, humanities→analysis|generation`,
  );
  printPass("MT-Bench, keywords and patterns", mtRuns.rules, labels, false);
  printPass("MT-Bench, linear model alone", mtRuns.linear, labels, false);
  printPass("MT-Bench, combined", mtRuns.combined, labels, false);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: "string", multiple: true },
      model: { type: "string" },
      config: { type: "string", default: path.join(ROOT, "rules/router.yaml") },
      threshold: { type: "string" },
      sim: { type: "boolean", default: false },
      "no-model": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const config = await loadRouterConfig(values.config);
  const labels = Object.keys(config.categories);
  const model = loadModel(values.model, labels);
  const threshold = values.threshold === undefined ? model.threshold : Number(values.threshold);
  if (!(threshold >= 0 && threshold <= 1))
    throw new DataError(`--threshold must be in [0, 1] (got ${values.threshold})`);
  const asCase = (r: LabelledExample) => toCase(r, [r.category], config.categories, config.classifier);

  const all = readLabelled(values.data ?? CORPUS, labels).rows;
  const shares = model.split ?? DEFAULT_SHARES;
  const rows = values.data ? all : all.filter((r) => splitOf(r.id, shares) === "heldOut");
  const cases = rows.map(asCase);
  const where = values.data
    ? values.data.join(", ")
    : "held-out split of corpus/prompts + test/fixtures/classification.jsonl";
  console.log(
    `${cases.length} labelled rows (${where}); categories ${labels.join(", ")}; linear model ${model.buckets} buckets, threshold ${threshold}`,
  );

  reportLocal(cases, model, threshold, labels);

  if (!values.data) {
    const validation = all.filter((r) => splitOf(r.id, shares) === "validation").map(asCase);
    recommendThreshold(validation, model);
  }

  const mtCases = existsSync(MT_BENCH) ? mtBenchCases(config.categories, config.classifier) : [];
  if (mtCases.length) reportMtBench(mtCases, model, threshold, labels);
  if (values.sim) await simReport(cases, mtCases, labels);
}

try {
  await main();
} catch (e) {
  if (e instanceof DataError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    console.error(`classify:accuracy: ${(e as Error).message}`);
    process.exit(1);
  }
  throw e;
}
