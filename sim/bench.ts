/**
 * Measures the simulator's own throughput, so the router benchmark knows the simulator is not its
 * bottleneck: `npm exec -- tsx sim/bench.ts [--duration 4] [--connections 8]`.
 */
import autocannon from "autocannon";
import { parseArgs } from "node:util";
import { startSimulator } from "./server";
import { ANTHROPIC_HEADERS, OPENAI_HEADERS } from "./testing";

const { values } = parseArgs({
  options: { duration: { type: "string", default: "4" }, connections: { type: "string", default: "8" } },
});
const messages = [
  {
    role: "user",
    content:
      "Summarize the following meeting notes in three bullet points: we discussed the budget, the hiring plan and the roadmap.",
  },
];
const cases: [string, string, Record<string, string>, unknown][] = [
  ["openai json", "/v1/chat/completions", OPENAI_HEADERS, { model: "gpt-4o-mini", messages }],
  [
    "openai stream",
    "/v1/chat/completions",
    OPENAI_HEADERS,
    { model: "gpt-4o-mini", messages, stream: true, stream_options: { include_usage: true } },
  ],
  ["anthropic json", "/v1/messages", ANTHROPIC_HEADERS, { model: "claude-3-5-haiku", max_tokens: 300, messages }],
  [
    "anthropic stream",
    "/v1/messages",
    ANTHROPIC_HEADERS,
    { model: "claude-3-5-haiku", max_tokens: 300, messages, stream: true },
  ],
];

const sim = await startSimulator();
for (const [title, path, headers, body] of cases) {
  const r = await autocannon({
    url: sim.url + path,
    method: "POST",
    headers,
    body: JSON.stringify(body),
    connections: Number(values.connections),
    duration: Number(values.duration),
  });
  console.log(
    `${title.padEnd(17)} ${Math.round(r.requests.average).toString().padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
  );
}
await sim.close();
