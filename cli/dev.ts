/**
 * `npm start`: the router on http://127.0.0.1:8787 with local KV/D1/Queues/Analytics Engine, the
 * provider simulator on 127.0.0.1:8790, D1 migrations applied, the demo client key and the default
 * rules seeded. With real keys in .dev.vars (OPENAI_API_KEY / ANTHROPIC_API_KEY) the simulator is
 * skipped and the same setup talks to the real providers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startSimulator } from "../sim/server";
import { clientRecordKey } from "../src/core/client";
import { PROJECT_ROOT, WRANGLER_BIN, runWrangler } from "./lib/wrangler";

export const DEMO_KEY = "mr-local-demo-key";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "8787" },
    "sim-port": { type: "string", default: "8790" },
    "sim-latency": { type: "string", default: "0" },
  },
});

function realKeysConfigured(): boolean {
  const file = path.join(PROJECT_ROOT, ".dev.vars");
  if (!existsSync(file)) return false;
  return /^(OPENAI_API_KEY|ANTHROPIC_API_KEY)\s*=\s*"?[^"\s]+/m.test(readFileSync(file, "utf8"));
}

async function seed(): Promise<void> {
  console.log("• applying D1 migrations (local)");
  await runWrangler(["d1", "migrations", "apply", "DB", "--local"]);
  console.log(`• seeding the demo client key (${DEMO_KEY})`);
  const record = JSON.stringify({ id: "local-demo", name: "Local demo", admin: true });
  await runWrangler(["kv", "key", "put", "--binding", "RULES", await clientRecordKey(DEMO_KEY), record, "--local"]);
  const existing = await runWrangler(["kv", "key", "get", "--binding", "RULES", "config:active", "--local"], {
    allowFailure: true,
  });
  if (existing.code === 0 && existing.stdout.trim().startsWith("{")) {
    console.log("• routing rules: keeping the config already in local KV (npm run rules -- push --local replaces it)");
  } else {
    console.log("• seeding the default routing rules (src/config/default-config.json → KV config:active)");
    await runWrangler([
      "kv",
      "key",
      "put",
      "--binding",
      "RULES",
      "config:active",
      "--path",
      "src/config/default-config.json",
      "--local",
    ]);
  }
}

async function waitForHealthy(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the router did not answer on ${url} within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  const port = Number(values.port);
  const useSimulator = !realKeysConfigured();
  const vars: string[] = [];
  let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;
  if (useSimulator) {
    sim = await startSimulator({ port: Number(values["sim-port"]), latencyMs: Number(values["sim-latency"]) });
    console.log(`• provider simulator on ${sim.url} (OpenAI and Anthropic wire formats)`);
    vars.push(
      `OPENAI_BASE_URL:${sim.url}/v1`,
      `ANTHROPIC_BASE_URL:${sim.url}`,
      "OPENAI_API_KEY:sim-openai-key",
      "ANTHROPIC_API_KEY:sim-anthropic-key",
    );
  } else {
    console.log("• real provider keys found in .dev.vars: calling the real providers");
  }
  await seed();
  const args = ["dev", "--local", "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false"];
  for (const v of vars) args.push("--var", v);
  const child = spawn(WRANGLER_BIN, args, {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  const stop = () => {
    child.kill("SIGINT");
    void sim?.close();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url, child);
  console.log(`
model-router is up on ${url}  (demo key: ${DEMO_KEY})

  curl ${url}/v1/chat/completions \\
    -H "Authorization: Bearer ${DEMO_KEY}" -H "Content-Type: application/json" \\
    -d '{"model":"auto","messages":[{"role":"user","content":"Classify this ticket: I was charged twice this month."}]}' -i

Ctrl-C stops the router and the simulator.`);
  child.on("exit", (code) => {
    void sim?.close();
    process.exit(code ?? 0);
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
