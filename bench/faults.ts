/**
 * Failover benchmark: `npm run bench:faults [-- --requests 2000 --concurrency 16 --latency 20 --rate 0.3 --retries 1 --stream]`.
 * Starts the provider simulator in its own process, then sends a bounded load through dispatch()
 * and the real adapters (the Worker's own modules, run in Node) with OpenAI as the primary and
 * Anthropic as the fallback: OpenAI failing `rate` of its requests (503), and
 * OpenAI fully down, each once with the breaker and once without, and each side by side with a
 * no-fault baseline run (same machine load). Prints the success rate the client saw, p50/p99
 * latency and what failover added to them, and how many calls the breaker kept away from the
 * failing provider.
 */
import { parseArgs } from "node:util";
import Table from "cli-table3";
import pc from "picocolors";
import {
  breakerHotPathMicros,
  percentile,
  runScenario,
  startSim,
  type Scenario,
  type ScenarioResult,
} from "./faults-lib";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "16" },
    latency: { type: "string", default: "20" },
    rate: { type: "string", default: "0.3" },
    retries: { type: "string", default: "1" },
    stream: { type: "boolean", default: false },
  },
});

const rate = Number(values.rate);
const faulty: Scenario[] = [
  { name: `openai fails ${Math.round(rate * 100)}%`, fault: "fail503", rate, breaker: true },
  { name: `openai fails ${Math.round(rate * 100)}%, no breaker`, fault: "fail503", rate, breaker: false },
  { name: "openai down", fault: "fail503", breaker: true },
  { name: "openai down, no breaker", fault: "fail503", breaker: false },
];
const baseline: Scenario = { name: "baseline (no faults)", breaker: true };

const sim = await startSim(Number(values.latency));
const options = {
  simUrl: sim.url,
  requests: Number(values.requests),
  concurrency: Number(values.concurrency),
  stream: values.stream,
  maxRetries: Number(values.retries),
};
console.log(
  pc.dim(
    `simulator ${sim.url} · ${options.requests} requests per run · concurrency ${options.concurrency} per run · upstream latency ${values.latency} ms · retries ${options.maxRetries} · ${options.stream ? "streaming" : "non-streaming"}`,
  ),
);
console.log(
  pc.dim("each faulty run goes side by side with its own no-fault baseline run, so both see the same machine load"),
);

const rows: Array<{ run: ScenarioResult; base: ScenarioResult }> = [];
try {
  await runScenario({ name: "warm-up", breaker: true }, { ...options, requests: 200 });
  for (const s of faulty) {
    const [run, base] = await Promise.all([runScenario(s, options), runScenario(baseline, options)]);
    rows.push({ run, base });
  }
} finally {
  sim.stop();
}

const p = (r: ScenarioResult, q: number) => percentile(r.latencies, q);
const noBreaker = (r: ScenarioResult) =>
  rows.find(
    (x) =>
      x.run.scenario.fault === r.scenario.fault && x.run.scenario.rate === r.scenario.rate && !x.run.scenario.breaker,
  )?.run;
const table = new Table({
  head: [
    "run",
    "client success",
    "p50 ms",
    "p99 ms",
    "baseline p50/p99",
    "+p50",
    "+p99",
    "served by fallback",
    "calls to openai (failed)",
    "kept away by breaker",
    "calls vs no breaker",
  ],
});
for (const { run: r, base } of rows) {
  const total = r.ok + r.failed;
  const success = `${((100 * r.ok) / total).toFixed(2)}%`;
  const other = r.scenario.breaker ? noBreaker(r) : undefined;
  table.push([
    r.scenario.name,
    r.ok === total ? pc.green(success) : pc.red(success),
    p(r, 50).toFixed(1),
    p(r, 99).toFixed(1),
    `${p(base, 50).toFixed(1)} / ${p(base, 99).toFixed(1)}`,
    signed(p(r, 50) - p(base, 50), 1),
    signed(p(r, 99) - p(base, 99), 1),
    String(r.servedByFallback),
    `${r.primaryCalls} (${r.primaryFailures})`,
    String(r.breakerSkips),
    other ? signed(r.primaryCalls - other.primaryCalls) : "–",
  ]);
}
console.log(table.toString());
const all = rows.flatMap((x) => [x.run, x.base]);
const failed = all.reduce((n, r) => n + r.failed, 0);
console.log(
  `breaker on the hot path (isolate-local view, no I/O): ${breakerHotPathMicros().toFixed(3)} µs per request (acquire + report)`,
);
console.log(
  `client-seen failures over all ${all.length} runs: ${failed}${options.stream ? `; truncated streams: ${all.reduce((n, r) => n + r.truncated, 0)}` : ""}`,
);
console.log(
  pc.dim(
    "kept away by breaker = requests whose call to openai was skipped because its breaker was open; calls vs no breaker = calls that reached openai minus those of the same run without a breaker.",
  ),
);

function signed(n: number, digits = 0): string {
  return `${n > 0 ? "+" : ""}${n.toFixed(digits)}`;
}
