/**
 * `npm run bench:replay [-- --rows 15000 --config rules/replay-routellm.yaml]`: how long a replay of N
 * rows takes through the Worker's decision code (features, local classification, rules), metrics
 * and a sweep included. Rows are ../shared/datasets/routellm-gsm8k.jsonl repeated with fresh ids.
 * Quality bar: 15,000 rows in under 10 s.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { loadActive, readJsonlFile } from "../cli/lib/eval-io";
import { PROJECT_ROOT } from "../cli/lib/wrangler";
import { sweep } from "../eval/curve";
import { ReplayRow } from "../eval/dataset";
import { replay, routerScores } from "../eval/replay";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "15000" },
    config: { type: "string", default: path.join(PROJECT_ROOT, "rules", "replay-routellm.yaml") },
    dataset: { type: "string", default: path.join(PROJECT_ROOT, "..", "shared", "datasets", "routellm-gsm8k.jsonl") },
  },
});

const n = Number(values.rows);
const source = await readJsonlFile(values.dataset, ReplayRow);
const rows: ReplayRow[] = Array.from({ length: n }, (_, i) => ({
  ...source[i % source.length],
  id: `${source[i % source.length].id}#${Math.floor(i / source.length)}`,
}));
const { active } = await loadActive(values.config);

await replay(active, rows.slice(0, 200));
const t0 = performance.now();
const result = await replay(active, rows);
const t1 = performance.now();
const curve = sweep(
  result.decisions.map((d) => d.paired),
  routerScores(result.decisions, "complexity"),
);
const t2 = performance.now();

const s = result.summary;
console.log(
  `replay of ${n.toLocaleString("en")} rows (${path.basename(values.dataset)} repeated) through ${path.basename(values.config)}`,
);
console.log(`  decide + score: ${((t1 - t0) / 1000).toFixed(2)} s (${(((t1 - t0) * 1000) / n).toFixed(1)} µs/row)`);
console.log(`  sweep:          ${((t2 - t1) / 1000).toFixed(3)} s`);
console.log(
  `  total:          ${((t2 - t0) / 1000).toFixed(2)} s  ${t2 - t0 < 10_000 ? "(under the 10 s bar)" : "(OVER the 10 s bar)"}`,
);
console.log(
  `  premium calls ${(s.premiumShare * 100).toFixed(1)} %, quality kept ${(s.qualityKept * 100).toFixed(1)} %, APGR(complexity) ${curve.apgr.toFixed(3)}`,
);
process.exitCode = t2 - t0 < 10_000 ? 0 : 1;
