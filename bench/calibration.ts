/**
 * `npm run bench:calibration [-- --dataset FILE --per-category 50 --min-quality-kept 0.95 --splits 1 --json FILE]`
 *
 * The held-out protocol of ../shared/datasets/README.md, through the same code as `npm run calibrate`
 * and `npm run replay`: per category, the first `--per-category` rows by sha256 of `id` calibrate,
 * the rest are replayed through the written config (the Worker's own `decide()`), and the traffic
 * weights are the replayed rows' counts per category. Prints the calibration's claims (in-sample,
 * predicted on the traffic, cross-validated) beside what the replay measures (quality kept, cost
 * saved, APGR). `--splits N` repeats it with N different salted orders and summarises the spread,
 * which is the honest picture of a 50-row calibration: one split is one draw.
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { RouterConfigInput } from "../src/config/schema";
import { calibrate, calibRows, type CalibrateOptions } from "../eval/calibrate";
import { calibratedConfig } from "../eval/calibrate-config";
import { crossValidate } from "../eval/crossval";
import { sweep } from "../eval/curve";
import { ReplayRow } from "../eval/dataset";
import { outcomeIndex } from "../eval/outcomes";
import { groupBy, replay, routerScores } from "../eval/replay";
import { activeFromDoc, loadActive, readJsonlFile } from "../cli/lib/eval-io";
import { PROJECT_ROOT } from "../cli/lib/wrangler";

const { values } = parseArgs({
  options: {
    dataset: {
      type: "string",
      default: path.join(PROJECT_ROOT, "..", "shared", "datasets", "routellm-mmlu-dev.jsonl"),
    },
    base: { type: "string", default: path.join(PROJECT_ROOT, "rules", "replay-routellm.yaml") },
    cheap: { type: "string", default: "mixtral-8x7b-instruct" },
    premium: { type: "string", default: "gpt-4-1106-preview" },
    "per-category": { type: "string", default: "50" },
    "min-quality-kept": { type: "string", default: "0.95" },
    "no-slices": { type: "boolean", default: false },
    "no-shrink": { type: "boolean", default: false },
    "no-traffic": { type: "boolean", default: false },
    "cv-repeats": { type: "string", default: "20" },
    splits: { type: "string", default: "1" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(
    "usage: npm run bench:calibration -- [--dataset FILE] [--base CONFIG] [--cheap M] [--premium M] [--per-category 50]\n" +
      "  [--min-quality-kept 0.95] [--no-slices] [--no-shrink] [--no-traffic] [--cv-repeats 20] [--splits 1] [--json FILE]",
  );
  process.exit(0);
}

const perCategory = Number(values["per-category"]);
const kept = Number(values["min-quality-kept"]);
const rows = await readJsonlFile(values.dataset, ReplayRow);
const { active, doc: base } = await loadActive(values.base);
const index = outcomeIndex(active.config, rows, { cheap: values.cheap, premium: values.premium, requirePrices: true });
const cheapId = index.entries.get(index.cheap)!.id;
const premiumId = index.entries.get(index.premium)!.id;
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

interface SplitResult {
  split: number;
  calibrationRows: number;
  heldOutRows: number;
  inSampleKept: number;
  predictedKept: number;
  predictedKeptLow: number;
  predictedSaved: number;
  cvKept: number;
  cvSaved: number;
  heldOutKept: number;
  heldOutSaved: number;
  heldOutPremiumShare: number;
  apgr: number;
  cheapCategories: string[];
}

async function runSplit(split: number): Promise<SplitResult> {
  const key = (id: string) => sha(split === 0 ? id : `${split}:${id}`);
  const calibration: ReplayRow[] = [];
  const heldOut: ReplayRow[] = [];
  for (const list of groupBy(rows, (r) => r.category).values()) {
    const sorted = [...list].sort((a, b) => (key(a.id) < key(b.id) ? -1 : 1));
    calibration.push(...sorted.slice(0, perCategory));
    heldOut.push(...sorted.slice(perCategory));
  }
  const traffic = Object.fromEntries([...groupBy(heldOut, (r) => r.category)].map(([c, l]) => [c, l.length]));
  const opts: CalibrateOptions = {
    target: { minQualityKept: kept },
    slices: !values["no-slices"],
    shrink: !values["no-shrink"],
    traffic: values["no-traffic"] ? undefined : traffic,
  };
  const calib = calibRows(index, calibration);
  const plan = calibrate(calib, opts);
  const cv = crossValidate(calib, opts, plan, { repeats: Number(values["cv-repeats"]) });
  const cfg = calibratedConfig({
    base: base as RouterConfigInput,
    plan,
    cheap: cheapId,
    premium: premiumId,
    dataset: path.basename(values.dataset),
    date: "2026-01-01",
  });
  const result = await replay(await activeFromDoc(cfg.doc, "calibrated"), heldOut, {
    cheap: values.cheap,
    premium: values.premium,
  });
  const curve = sweep(
    result.decisions.map((d) => d.paired),
    routerScores(result.decisions, "gap"),
  );
  return {
    split,
    calibrationRows: calibration.length,
    heldOutRows: heldOut.length,
    inSampleKept: plan.expected.qualityKept,
    predictedKept: plan.predicted.qualityKept,
    predictedKeptLow: plan.predicted.qualityKeptLow,
    predictedSaved: plan.predicted.costSaved,
    cvKept: cv.qualityKept,
    cvSaved: cv.costSaved,
    heldOutKept: result.summary.qualityKept,
    heldOutSaved: result.summary.costSaved,
    heldOutPremiumShare: result.summary.premiumShare,
    apgr: curve.apgr,
    cheapCategories: plan.categories.filter((c) => c.decision !== "premium").map((c) => c.category),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const splits = Number(values.splits);
const results: SplitResult[] = [];
console.log(
  `${path.basename(values.dataset)}: ${perCategory} rows per category calibrate, the rest replay; target ≥ ${pct(kept)} kept` +
    `${values["no-traffic"] ? " (unweighted)" : ", weighted by the replayed rows' counts"}`,
);
console.log("split  in-sample  predicted (low)      cross-val kept/saved  | held-out kept  saved   premium  APGR");
for (let s = 0; s < splits; s++) {
  const r = await runSplit(s);
  results.push(r);
  console.log(
    `${String(s).padStart(5)}  ${pct(r.inSampleKept).padStart(9)}  ${pct(r.predictedKept)} (${pct(r.predictedKeptLow)})  ${pct(r.cvKept).padStart(8)} / ${pct(r.cvSaved).padStart(7)}   | ${pct(r.heldOutKept).padStart(12)}  ${pct(r.heldOutSaved).padStart(6)}  ${pct(r.heldOutPremiumShare).padStart(7)}  ${r.apgr.toFixed(3)}`,
  );
}
if (splits > 1) {
  const mean = (f: (r: SplitResult) => number) => results.reduce((s, r) => s + f(r), 0) / results.length;
  const share = (f: (r: SplitResult) => boolean) => results.filter(f).length / results.length;
  const sorted = (f: (r: SplitResult) => number) => results.map(f).sort((a, b) => a - b);
  console.log(
    `\nover ${splits} splits: held-out kept mean ${pct(mean((r) => r.heldOutKept))} (min ${pct(sorted((r) => r.heldOutKept)[0])}), ` +
      `saved mean ${pct(mean((r) => r.heldOutSaved))} (min ${pct(sorted((r) => r.heldOutSaved)[0])})`,
  );
  console.log(
    `  kept ≥ ${pct(kept)}: ${pct(share((r) => r.heldOutKept >= kept))} of splits; kept ≥ ${pct(kept - 0.005)}: ${pct(share((r) => r.heldOutKept >= kept - 0.005))}; ` +
      `saved ≥ 45 %: ${pct(share((r) => r.heldOutSaved >= 0.45))}; both: ${pct(share((r) => r.heldOutKept >= kept && r.heldOutSaved >= 0.45))}`,
  );
  const err = (f: (r: SplitResult) => number) => mean((r) => Math.abs(f(r) - r.heldOutKept));
  const bias = (f: (r: SplitResult) => number) => mean((r) => f(r) - r.heldOutKept);
  console.log(
    `  claim − held-out kept (mean error / mean |error| / within 1 pt): ` +
      [
        ["in-sample", (r: SplitResult) => r.inSampleKept],
        ["predicted", (r: SplitResult) => r.predictedKept],
        ["cross-validated", (r: SplitResult) => r.cvKept],
      ]
        .map(
          ([name, f]) =>
            `${name} ${(bias(f as (r: SplitResult) => number) * 100).toFixed(2)} / ${(err(f as (r: SplitResult) => number) * 100).toFixed(2)} pt / ${pct(share((r) => Math.abs((f as (r: SplitResult) => number)(r) - r.heldOutKept) <= 0.01))}`,
        )
        .join("; "),
  );
}
if (values.json)
  await writeFile(
    values.json,
    JSON.stringify({ dataset: path.basename(values.dataset), perCategory, kept, results }, null, 2),
  );
