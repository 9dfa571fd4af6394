/**
 * Runs the provider simulator on its own: `npm run sim -- --port 8790 [--host 127.0.0.1] [--latency 0]`.
 */
import { parseArgs } from "node:util";
import { startSimulator } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8790" },
    host: { type: "string", default: "127.0.0.1" },
    latency: { type: "string", default: "0" },
  },
});

const sim = await startSimulator({ port: Number(values.port), host: values.host, latencyMs: Number(values.latency) });
console.log(`provider simulator listening on ${sim.url}`);
console.log(`  OpenAI:    ${sim.url}/v1/chat/completions`);
console.log(`  Anthropic: ${sim.url}/v1/messages`);
console.log(`  control:   ${sim.url}/_sim/stats, /_sim/faults, /_sim/reset`);

const stop = () => void sim.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
