/**
 * The router's own JS cost per request, without workerd, the network or the local Queue/D1
 * simulators: the same Hono app and pipeline modules in Node, upstream answers replayed from
 * memory (recorded once from the simulator), KV/Queue/Analytics Engine as in-memory fakes. The
 * bare pass-through Worker runs the same way as the floor. Use it to find and check hot-path
 * fixes (stable to a few µs where the workerd benchmark is noisy):
 *   npm exec -- tsx bench/lib/pipeline-bench.ts [--requests 3000] [--profile [cell]] [--out file]
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { PROJECT_ROOT } from "../../cli/lib/wrangler";
import { startSimulator } from "../../sim/server";
import { clientRecordKey } from "../../src/core/client";
import { createApp } from "../../src/api/app";
import passthrough from "../passthrough/index";
import type { CpuProfile } from "./inspector";
import { fileLocator, summarizeProfile } from "./profile-summary";
import { recordReplayFetch } from "./replay-fetch";
import { chatBody, pickScenario, SCENARIOS } from "./scenarios";
import { median, round } from "./stats";
import type { Mode } from "./types";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "3000" }, profile: { type: "string" }, out: { type: "string" } },
  allowPositionals: false,
});
const REQUESTS = Number(values.requests);
const KEY = "mr-pipeline-bench-key";
const HEADERS = { "content-type": "application/json", authorization: `Bearer ${KEY}` };

class MemoryKV {
  readonly map = new Map<string, string>();
  async get(key: string, type?: string | { type?: string }): Promise<unknown> {
    const v = this.map.get(key);
    if (v === undefined) return null;
    return type === "json" || (typeof type === "object" && type?.type === "json") ? JSON.parse(v) : v;
  }
  async put(key: string, value: string): Promise<void> {
    this.map.set(key, value);
  }
}

interface Handler {
  fetch(req: Request, env: never, ctx: never): Response | Promise<Response>;
}

/** One request through a handler, its body read to the end and its waitUntil work awaited. */
async function once(handler: Handler, env: unknown, body: string): Promise<Response> {
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException() {}, props: {} };
  const res = await handler.fetch(
    new Request("http://router/v1/chat/completions", {
      method: "POST",
      headers: { ...HEADERS, "content-length": String(Buffer.byteLength(body)) },
      body,
    }),
    env as never,
    ctx as never,
  );
  await res.arrayBuffer();
  await Promise.all(pending);
  return res;
}

/** Wall µs per request (median) and process CPU µs per request (user + system, GC included). */
async function time(handler: Handler, env: unknown, body: string, n: number) {
  for (let i = 0; i < Math.min(500, n); i++) await once(handler, env, body);
  const wall: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const res = await once(handler, env, body);
    wall.push(Number(process.hrtime.bigint() - t0) / 1000);
    if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
  }
  const cpu = process.cpuUsage(cpu0);
  return { wallP50Us: round(median(wall), 1), cpuUs: round((cpu.user + cpu.system) / n, 1) };
}

async function main(): Promise<void> {
  const sim = await startSimulator({ port: 0 });
  const replay = recordReplayFetch(globalThis.fetch);
  globalThis.fetch = replay.fetch;
  const kv = new MemoryKV();
  await kv.put(await clientRecordKey(KEY), JSON.stringify({ id: "bench", name: "Pipeline bench" }));
  let queued = 0;
  const env = {
    RULES: kv,
    RECORDS: { send: async (m: unknown) => void (queued += JSON.stringify(m).length) },
    EVENTS: { writeDataPoint: () => {} },
    OPENAI_BASE_URL: `${sim.url}/v1`,
    ANTHROPIC_BASE_URL: sim.url,
    OPENAI_API_KEY: "sim-openai-key",
    ANTHROPIC_API_KEY: "sim-anthropic-key",
  };
  const bareEnv = { UPSTREAM_URL: `${sim.url}/v1/chat/completions`, UPSTREAM_API_KEY: "sim-openai-key" };
  const app = createApp() as unknown as Handler;
  const session = values.profile !== undefined ? new Session() : undefined;
  const table = new Table({
    head: ["cell", "bare wall p50 µs", "bare CPU µs", "router wall p50 µs", "router CPU µs", "added CPU µs"],
    style: { head: [], border: [] },
  });
  const rows: Record<string, unknown>[] = [];
  for (const stream of [false, true]) {
    for (const mode of ["explicit", "local", "cached"] as Mode[]) {
      const picked = await pickScenario(mode, async (b) => {
        const res = await once(app, env, b);
        return {
          status: res.status,
          routed: Object.fromEntries([...res.headers].filter(([k]) => k.startsWith("x-router-"))),
        };
      });
      const id = `${mode}/${stream ? "stream" : "json"}`;
      const bare = await time(
        passthrough as unknown as Handler,
        bareEnv,
        chatBody(picked.upstreamModel, picked.prompt, stream),
        REQUESTS,
      );
      const profiling = session && (values.profile === "" || values.profile === id || values.profile === "all");
      if (profiling) {
        session.connect();
        await session.post("Profiler.enable");
        await session.post("Profiler.setSamplingInterval", { interval: 50 });
        await session.post("Profiler.start");
      }
      const router = await time(app, env, chatBody(SCENARIOS[mode].requestModel, picked.prompt, stream), REQUESTS);
      if (profiling) {
        const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: CpuProfile };
        session.disconnect();
        const file = `${values.out ?? "/tmp/pipeline-bench"}-${id.replace("/", "-")}.cpuprofile`;
        writeFileSync(file, JSON.stringify(profile));
        const s = summarizeProfile(profile, fileLocator(PROJECT_ROOT));
        console.log(
          `\nprofile ${id} → ${file}\n  by owner, ms: ${s.byOwner
            .slice(0, 12)
            .map((o) => `${o.owner} ${o.ms}`)
            .join(", ")}`,
        );
        for (const f of s.inclusiveSrc.slice(0, 20))
          console.log(`  ${f.ms.toFixed(1).padStart(8)} ms incl  ${f.fn}  ${f.where}`);
        for (const f of s.topFunctions.slice(0, 15))
          console.log(`  ${f.ms.toFixed(1).padStart(8)} ms self  ${f.fn}  ${f.where}`);
      }
      table.push([id, bare.wallP50Us, bare.cpuUs, router.wallP50Us, router.cpuUs, round(router.cpuUs - bare.cpuUs, 1)]);
      rows.push({ id, prompt: picked.prompt, bare, router });
    }
  }
  console.log(
    `\nrouter pipeline in Node ${process.version}, ${REQUESTS} sequential requests per cell, upstream replayed from memory`,
  );
  console.log(table.toString());
  if (values.out)
    writeFileSync(
      `${values.out}.json`,
      `${JSON.stringify({ requests: REQUESTS, node: process.version, rows }, null, 2)}\n`,
    );
  if (queued === 0) throw new Error("no record reached the Queue fake: telemetry did not run");
  await sim.close();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
