import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import {
  Log,
  LogLevel,
  Miniflare,
  convertV4MiniflareOptions,
  type V4MiniflareOptions,
  type V4WorkerOptions,
} from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_readConfig, unstable_splitSqlQuery } from "wrangler";
import { PROJECT_ROOT } from "../../cli/lib/wrangler";
import { clientRecordKey } from "../../src/core/client";
import { allPids, newDescendants } from "./proc";

/** One Worker served by its own workerd process (so that /proc accounts its CPU alone). */
export interface ServedWorker {
  url: string;
  /** The workerd process serving it. */
  pid: number;
  mf: Miniflare;
  /** workerd's inspector port when served with `inspect` (for CPU profiles). */
  inspectorPort?: number;
  /** Error lines the Worker logged (console.error, uncaught exceptions). */
  errorLogs: string[];
  dispose(): Promise<void>;
}

export const BENCH_CLIENT_KEY = "mr-bench-key";

/** Logs only errors, to the Worker's own list, and never makes a round trip to Node per request. */
function sharedOptions(errorLogs: string[]): Partial<V4MiniflareOptions> {
  return {
    host: "127.0.0.1",
    port: 0,
    log: new Log(LogLevel.ERROR),
    logRequests: false,
    handleStructuredLogs: (log) => {
      if (log.level === "error" || log.level === "warn") errorLogs.push(log.message);
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

/** Serves one Worker in its own workerd process and finds that process. */
export async function serve(name: string, worker: V4WorkerOptions, inspect = false): Promise<ServedWorker> {
  const errorLogs: string[] = [];
  const before = allPids();
  const inspectorPort = inspect ? await freePort() : undefined;
  const options = { ...sharedOptions(errorLogs), inspectorPort, workers: [worker] } as V4MiniflareOptions;
  const mf = new Miniflare(convertV4MiniflareOptions(options));
  const url = (await mf.ready).href.replace(/\/$/, "");
  const pids = newDescendants(process.pid, "workerd", before);
  if (pids.length !== 1) {
    await mf.dispose();
    throw new Error(`expected one new workerd process for ${name}, found ${pids.length} (${pids.join(", ")})`);
  }
  return { url, pid: pids[0], mf, inspectorPort, errorLogs, dispose: () => mf.dispose() };
}

/** Miniflare worker options from a wrangler config, serving a prebuilt bundle instead of `main`. */
function fromWranglerConfig(configPath: string, scriptPath: string): V4WorkerOptions {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath);
  // The bundle is already built: no module rules; paths resolve from the bundle's own directory.
  const { modulesRules: _rules, ...rest } = workerOptions as V4WorkerOptions & { modulesRules?: unknown };
  const { name } = unstable_readConfig({ config: configPath });
  return { ...rest, name, modules: true, scriptPath, rootPath: path.dirname(scriptPath) } as V4WorkerOptions;
}

/**
 * The router from its deployed bundle with every binding of wrangler.toml served locally (KV, D1
 * migrated, Queue with its consumer, Analytics Engine, the breaker Durable Object), the provider
 * base URLs pointing at the simulator and a client key seeded in KV. The Queue delivers partial
 * batches after 1 s instead of 5 s so that the benchmark can wait for every record between cells;
 * under load batches fill to their 100 records long before either timeout. `inspect` opens
 * workerd's inspector (only for profiling runs).
 */
export async function serveRouter(scriptPath: string, simUrl: string, inspect = false): Promise<ServedWorker> {
  const base = fromWranglerConfig(path.join(PROJECT_ROOT, "wrangler.toml"), scriptPath);
  const consumers = (base.queueConsumers ?? {}) as Record<string, Record<string, unknown>>;
  const worker = {
    ...base,
    bindings: {
      ...base.bindings,
      OPENAI_BASE_URL: `${simUrl}/v1`,
      ANTHROPIC_BASE_URL: simUrl,
      OPENAI_API_KEY: "sim-openai-key",
      ANTHROPIC_API_KEY: "sim-anthropic-key",
    },
    queueConsumers: Object.fromEntries(Object.entries(consumers).map(([q, c]) => [q, { ...c, maxBatchTimeout: 1 }])),
  } as V4WorkerOptions;
  const served = await serve("the router", worker, inspect);
  try {
    await migrate(served.mf);
    const kv = await served.mf.getKVNamespace("RULES");
    await kv.put(await clientRecordKey(BENCH_CLIENT_KEY), JSON.stringify({ id: "bench", name: "Benchmark" }));
  } catch (err) {
    await served.dispose();
    throw err;
  }
  return served;
}

/** The bare pass-through Worker (bench/passthrough), forwarding to the simulator's chat endpoint. */
export async function servePassthrough(scriptPath: string, simUrl: string): Promise<ServedWorker> {
  const base = fromWranglerConfig(path.join(PROJECT_ROOT, "bench/passthrough/wrangler.toml"), scriptPath);
  const worker = {
    ...base,
    bindings: { ...base.bindings, UPSTREAM_URL: `${simUrl}/v1/chat/completions`, UPSTREAM_API_KEY: "sim-openai-key" },
  } as V4WorkerOptions;
  return serve("the pass-through Worker", worker);
}

/** Applies migrations/*.sql in order, statement by statement (as `wrangler d1 migrations apply` would). */
async function migrate(mf: Miniflare): Promise<void> {
  const db = await mf.getD1Database("DB");
  const dir = path.join(PROJECT_ROOT, "migrations");
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    for (const statement of unstable_splitSqlQuery(readFileSync(path.join(dir, file), "utf8"))) {
      await db.prepare(statement).run();
    }
  }
}

/** Request records in the router's D1, in total and by a column for a time window. */
export async function recordCount(router: ServedWorker): Promise<number> {
  const db = await router.mf.getD1Database("DB");
  const row = await db.prepare("SELECT count(*) AS n FROM requests").first<{ n: number }>();
  return row?.n ?? 0;
}

/** How the records of [fromTs, toTs) were routed: category source and rule counts. */
export async function routingSummary(
  router: ServedWorker,
  fromTs: number,
  toTs: number,
): Promise<{ sources: Record<string, number>; rules: Record<string, number>; statuses: Record<string, number> }> {
  const db = await router.mf.getD1Database("DB");
  const q = (col: string) =>
    db
      .prepare(`SELECT ${col} AS k, count(*) AS n FROM requests WHERE ts >= ? AND ts < ? GROUP BY ${col}`)
      .bind(fromTs, toTs)
      .all<{ k: string | number; n: number }>();
  const asRecord = (rows: { k: string | number; n: number }[]) =>
    Object.fromEntries(rows.map((r) => [String(r.k), r.n]));
  const [sources, rules, statuses] = await Promise.all([q("category_source"), q("rule"), q("status")]);
  return { sources: asRecord(sources.results), rules: asRecord(rules.results), statuses: asRecord(statuses.results) };
}
