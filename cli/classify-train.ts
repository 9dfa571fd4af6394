/**
 * Trains the local linear classifier from labelled JSONL and writes the model file.
 *
 *   npm run classify:train -- --data FILE [--data FILE…] [--out FILE] [--config rules/router.yaml]
 *     [--buckets 14] [--epochs N] [--seed S] [--holdout-share 0.2] [--validation-share 0.15]
 *     [--lr X] [--l2 X] [--batch N] [--features JSON] [--no-heldout]
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_FEATURE_CONFIG, FeatureConfig } from "../src/classify/category/feature-config";
import { validateModel, type ModelFile } from "../src/classify/category/model-format";
import { categoryTable, confusionTable, heading, pct } from "./classify-report";
import { DataError, readLabelled, splitOf } from "./lib/classify-data";
import { fitTemperature, metricsOf, suggestThreshold, type Metrics } from "./lib/classify-metrics";
import { loadCategoryIds } from "./lib/classify-config";
import { fileMetrics, logitsAll, modelFileOf, scoredAt } from "./lib/linear-eval";
import { DEFAULT_TRAIN, encodeAll, quantise, train, type Encoded } from "./lib/linear-train";
import type { LinearModel } from "../src/classify/category/linear-model";

const USAGE = `Usage: npm run classify:train -- --data FILE [--data FILE…] [options]

Trains the local linear classifier (hashed word/character n-grams + input features, int8 weights)
on labelled JSONL rows {"id","category","messages",...}, fits its temperature on the validation
split and reports on the held-out split (split by sha256 of the id; held-out is never fitted on).

Options:
  --data FILE             labelled JSONL (repeatable; required); a directory reads its *.jsonl
  --out FILE              model file to write (default reports/classifier-model.json)
  --config FILE           routing config whose categories are the labels (default rules/router.yaml)
  --buckets BITS          2^BITS hash buckets (default 14)
  --levels N              largest |int8 weight| after quantisation (default 2: few distinct values, so the
                          bundled model gzips to ~32 KB; a model pushed to KV can afford --buckets 16 --levels 15)
  --min-count N           drop features seen in fewer training rows (default ${DEFAULT_TRAIN.minCount})
  --epochs N              passes over the training split (default ${DEFAULT_TRAIN.epochs})
  --seed S                shuffling seed (default ${DEFAULT_TRAIN.seed})
  --lr X                  Adam learning rate (default ${DEFAULT_TRAIN.learningRate})
  --l2 X                  decoupled weight decay (default ${DEFAULT_TRAIN.l2})
  --batch N               mini-batch size (default ${DEFAULT_TRAIN.batchSize})
  --holdout-share X       share of rows held out (default 0.2)
  --validation-share X    share used for temperature and threshold (default 0.15)
  --features JSON         feature settings merged over the defaults, e.g. '{"charN":3,"charNgramChars":400}'
  --no-heldout            do not evaluate on held-out (while choosing settings on validation)
  --help                  this text`;

const OPTIONS = {
  data: { type: "string", multiple: true },
  out: { type: "string", default: "reports/classifier-model.json" },
  config: { type: "string", default: "rules/router.yaml" },
  buckets: { type: "string", default: "14" },
  levels: { type: "string", default: "2" },
  "min-count": { type: "string", default: String(DEFAULT_TRAIN.minCount) },
  epochs: { type: "string", default: String(DEFAULT_TRAIN.epochs) },
  seed: { type: "string", default: String(DEFAULT_TRAIN.seed) },
  lr: { type: "string", default: String(DEFAULT_TRAIN.learningRate) },
  l2: { type: "string", default: String(DEFAULT_TRAIN.l2) },
  batch: { type: "string", default: String(DEFAULT_TRAIN.batchSize) },
  "holdout-share": { type: "string", default: "0.2" },
  "validation-share": { type: "string", default: "0.15" },
  features: { type: "string" },
  "no-heldout": { type: "boolean", default: false },
  help: { type: "boolean", default: false },
} as const;

class UsageError extends Error {}

function number(name: string, text: string, min: number, max: number, integer = false): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    throw new UsageError(
      `--${name} must be ${integer ? "an integer" : "a number"} in [${min}, ${max}] (got "${text}")`,
    );
  return n;
}

function featureConfig(json: string | undefined): FeatureConfig {
  if (!json) return DEFAULT_FEATURE_CONFIG;
  let patch: unknown;
  try {
    patch = JSON.parse(json);
  } catch (e) {
    throw new UsageError(`--features is not JSON: ${(e as Error).message}`);
  }
  const parsed = FeatureConfig.safeParse({ ...DEFAULT_FEATURE_CONFIG, ...(patch as object) });
  if (!parsed.success)
    throw new UsageError(
      `--features: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

const labelsOf = (set: readonly Encoded[]) => set.map((e) => e.label);

/** Fits the temperature and the threshold on the validation split; returns its calibrated metrics. */
function calibrate(model: LinearModel, validationSet: Encoded[]): Metrics {
  const labels = labelsOf(validationSet);
  const logits = logitsAll(model, validationSet);
  const before = metricsOf(scoredAt(model, logits, labels, 1), model.categories);
  model.temperature = fitTemperature(logits, labels);
  const scored = scoredAt(model, logits, labels, model.temperature);
  const after = metricsOf(scored, model.categories);
  const choice = suggestThreshold(scored, 0.9);
  model.threshold = choice.threshold;
  console.log(
    `validation: accuracy ${pct(after.accuracy)}, macro-F1 ${pct(after.macroF1)}, ECE ${before.ece.toFixed(3)} → ${after.ece.toFixed(3)} at temperature ${model.temperature}`,
  );
  console.log(
    `threshold ${model.threshold} (lowest confidence with validation precision ≥ 90%): precision ${pct(choice.precision)}, coverage ${pct(choice.coverage)}`,
  );
  return after;
}

/** Prints the held-out figures: per category, confusion, ECE before/after the temperature, coverage at the threshold. */
function reportHeldOut(model: LinearModel, set: Encoded[], rows: readonly { id: string }[]): Metrics {
  const logits = logitsAll(model, set);
  const scored = scoredAt(model, logits, labelsOf(set), model.temperature);
  const held = metricsOf(scored, model.categories);
  const raw = metricsOf(scoredAt(model, logits, labelsOf(set), 1), model.categories);
  heading(
    `Held-out (${held.n} rows): accuracy ${pct(held.accuracy)}, macro-F1 ${pct(held.macroF1)}, ECE ${raw.ece.toFixed(3)} → ${held.ece.toFixed(3)}`,
  );
  console.log(categoryTable(held.perCategory));
  const outcomes = scored.map((s, i) => ({ id: rows[i].id, truth: [s.truth], predicted: s.predicted }));
  console.log(confusionTable(outcomes, [...model.categories]));
  const accepted = scored.filter((s) => s.confidence >= model.threshold);
  const right = accepted.filter((s) => s.truth === s.predicted).length;
  console.log(
    `at threshold ${model.threshold}: coverage ${pct(accepted.length / Math.max(1, scored.length))}, accuracy of the accepted ${pct(right / Math.max(1, accepted.length))}`,
  );
  return held;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: OPTIONS, strict: true });
  if (values.help) return console.log(USAGE);
  if (!values.data?.length) throw new UsageError("--data FILE is required (see --help)");
  const shares = {
    heldOut: number("holdout-share", values["holdout-share"], 0, 0.9),
    validation: number("validation-share", values["validation-share"], 0.01, 0.9),
  };
  if (shares.heldOut + shares.validation >= 1)
    throw new UsageError("--holdout-share + --validation-share must be below 1");
  const features = featureConfig(values.features);
  const opts = {
    buckets: 2 ** number("buckets", values.buckets, 8, 20, true),
    epochs: number("epochs", values.epochs, 1, 1000, true),
    seed: number("seed", values.seed, 0, 2 ** 32 - 1, true),
    learningRate: number("lr", values.lr, 1e-6, 10),
    l2: number("l2", values.l2, 0, 10),
    batchSize: number("batch", values.batch, 1, 100_000, true),
    minCount: number("min-count", values["min-count"], 1, 1000, true),
  };
  const levels = number("levels", values.levels, 1, 127, true);
  const categories = await loadCategoryIds(values.config);
  const { rows, dataHash } = readLabelled(values.data, categories);
  const part = (s: string) => rows.filter((r) => splitOf(r.id, shares) === s);
  const [trainRows, validationRows, heldOutRows] = [part("train"), part("validation"), part("heldOut")];
  if (trainRows.length === 0 || validationRows.length === 0)
    throw new DataError("no rows in the training or validation split");
  console.log(
    `rows: ${rows.length} (train ${trainRows.length}, validation ${validationRows.length}, held-out ${heldOutRows.length}); buckets 2^${values.buckets}; features ${JSON.stringify(features)}`,
  );

  const encode = (r: typeof rows) => encodeAll(r, categories, features);
  const trainSet = encode(trainRows);
  const started = performance.now();
  const model = quantise(train(trainSet, categories.length, opts), categories, opts.buckets, features, levels);
  console.log(`trained in ${((performance.now() - started) / 1000).toFixed(1)} s (${JSON.stringify(opts)})`);

  const validation = calibrate(model, encode(validationRows));
  const trainAcc = metricsOf(scoredAt(model, logitsAll(model, trainSet), labelsOf(trainSet), 1), categories).accuracy;
  console.log(`train accuracy ${pct(trainAcc)}`);
  const metrics: ModelFile["metrics"] = { validation: fileMetrics(validation) };
  if (!values["no-heldout"] && heldOutRows.length)
    metrics.heldOut = fileMetrics(reportHeldOut(model, encode(heldOutRows), heldOutRows));

  const file = modelFileOf(model, { dataHash, trainedAt: new Date().toISOString(), metrics, split: shares });
  const check = validateModel(file, { categories });
  if (!check.model) throw new Error(`the trained model fails validation: ${JSON.stringify(check.issues)}`);
  const text = `${JSON.stringify(file)}\n`;
  writeAtomically(values.out, text);
  console.log(`\nwrote ${values.out} (${(text.length / 1024).toFixed(1)} KiB)`);
}

try {
  await main();
} catch (e) {
  if (
    e instanceof DataError ||
    e instanceof UsageError ||
    (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    console.error(`classify:train: ${(e as Error).message}`);
    process.exit(1);
  }
  throw e;
}
