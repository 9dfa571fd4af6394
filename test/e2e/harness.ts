/**
 * Starts the provider simulator and `wrangler dev` (local KV/D1/Queues, a throwaway state dir) for
 * end-to-end tests that call the router the way a client app does.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "node:net";
import { startSimulator } from "../../sim/server";
import { clientRecordKey } from "../../src/core/client";
import { PROJECT_ROOT, WRANGLER_BIN, runWrangler } from "../../cli/lib/wrangler";

export const E2E_KEY = "mr-e2e-test-key";

export interface RouterHarness {
  url: string;
  simUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export async function startRouter(): Promise<RouterHarness> {
  const sim = await startSimulator({ port: 0 });
  const state = mkdtempSync(path.join(tmpdir(), "model-router-e2e-"));
  const persist = ["--persist-to", state];
  await runWrangler(["d1", "migrations", "apply", "DB", "--local", ...persist]);
  const record = JSON.stringify({ id: "e2e", name: "E2E tests", admin: true });
  await runWrangler([
    "kv",
    "key",
    "put",
    "--binding",
    "RULES",
    await clientRecordKey(E2E_KEY),
    record,
    "--local",
    ...persist,
  ]);
  const port = await freePort();
  const inspectorPort = await freePort();
  const child: ChildProcess = spawn(
    WRANGLER_BIN,
    [
      "dev",
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      ...persist,
      "--show-interactive-dev-session=false",
      "--var",
      `OPENAI_BASE_URL:${sim.url}/v1`,
      "--var",
      `ANTHROPIC_BASE_URL:${sim.url}`,
      "--var",
      "OPENAI_API_KEY:sim-openai-key",
      "--var",
      "ANTHROPIC_API_KEY:sim-anthropic-key",
    ],
    { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`wrangler dev did not start within 90 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    simUrl: sim.url,
    async stop() {
      child.kill("SIGINT");
      await new Promise((r) => setTimeout(r, 300));
      if (child.exitCode === null) child.kill("SIGKILL");
      await sim.close();
      rmSync(state, { recursive: true, force: true });
    },
  };
}
