/**
 * Ablation: minimal Workers (worker.ts) that each add one thing the router does to a bare
 * pass-through, measured the way `npm run bench` measures (workerd via Miniflare, autocannon, /proc
 * CPU) so that each cost can be read alone. The figures quoted in docs/benchmark.md come from here:
 *   npm exec -- tsx bench/lib/ablation/run.ts [--duration 5] [--variants bare,sdk-json,…]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import type { V4WorkerOptions } from "miniflare";
import { PROJECT_ROOT } from "../../../cli/lib/wrangler";
import { buildBundle } from "../build";
import { drive, latencyFigures } from "../load";
import { cpuMsOf } from "../proc";
import { chatBody } from "../scenarios";
import { startSimProcess } from "../simulator";
import { round } from "../stats";
import { serve } from "../workers";

const VARIANTS: Record<string, boolean[]> = {
  bare: [false, true],
  "fetch-json": [false],
  "sdk-json": [false],
  "queue-ae": [false],
  "js-stream": [true],
  "js-stream-timers": [true],
  "js-stream-hop": [true],
  "js-stream-text": [true],
  "writer-stream": [true],
  "bytes-stream": [true],
  "transform-stream": [true],
  "identity-stream": [true],
  tee: [true],
};

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "5" },
    variants: { type: "string", default: Object.keys(VARIANTS).join(",") },
  },
});
const durationS = Number(values.duration);
const prompt = "Classify this support ticket as billing, technical or general: 'I was charged twice this month.'";

const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-ablation-"));
const config = path.join(tmp, "wrangler.toml");
writeFileSync(
  config,
  `name = "ablation"\nmain = "${path.join(PROJECT_ROOT, "bench/lib/ablation/worker.ts")}"\ncompatibility_date = "2026-11-01"\ncompatibility_flags = ["nodejs_compat"]\n`,
);
const bundle = await buildBundle(config, path.join(tmp, "out"));
const sim = await startSimProcess();
const table = new Table({
  head: ["variant", "body", "c", "req/s", "p50 ms", "p99 ms", "CPU ms/req"],
  style: { head: [], border: [] },
});
try {
  for (const variant of values.variants.split(",")) {
    const worker = {
      name: "ablation",
      modules: true,
      scriptPath: bundle.scriptPath,
      rootPath: path.dirname(bundle.scriptPath),
      compatibilityDate: "2026-11-01",
      compatibilityFlags: ["nodejs_compat"],
      bindings: { UPSTREAM_URL: `${sim.url}/v1/chat/completions`, VARIANT: variant },
      queueProducers: { RECORDS: { queueName: "ablation-records" } },
      queueConsumers: { "ablation-records": { maxBatchSize: 100, maxBatchTimeout: 1 } },
      analyticsEngineDatasets: { EVENTS: { dataset: "ablation" } },
    } as V4WorkerOptions;
    const served = await serve(variant, worker);
    try {
      for (const stream of VARIANTS[variant] ?? [false]) {
        for (const connections of [1, 32]) {
          const spec = {
            url: `${served.url}/v1/chat/completions`,
            headers: { "content-type": "application/json" },
            body: chatBody("gpt-4o-mini", prompt, stream),
            connections,
          };
          await drive({ ...spec, durationS: 1 });
          await new Promise((r) => setTimeout(r, 1500));
          const cpu0 = cpuMsOf(served.pid);
          const run = await drive({ ...spec, durationS });
          await new Promise((r) => setTimeout(r, 1500));
          const lat = latencyFigures(run.latenciesMs);
          if (run.non2xx + run.errors > 0) throw new Error(`${variant}: ${run.non2xx} non-2xx, ${run.errors} errors`);
          table.push([
            variant,
            stream ? "stream" : "json",
            connections,
            round(run.ok / run.elapsedS, 0),
            lat.p50,
            lat.p99,
            round((cpuMsOf(served.pid) - cpu0) / run.responses, 3),
          ]);
        }
      }
    } finally {
      await served.dispose();
    }
  }
} finally {
  await sim.close();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(
  `ablation: ${durationS} s per row after 1 s warm-up, autocannon, workerd via Miniflare, simulator in its own process\n${table.toString()}`,
);
