import { setTimeout as sleep } from "node:timers/promises";
import { startProfile, type CpuProfile } from "./inspector";
import { drive, latencyFigures, type LoadRun } from "./load";
import { cpuMsOf } from "./proc";
import { RawHttpClient } from "./raw-http";
import { chatBody, pickScenario, routedAs, SCENARIOS, type Picked, type Routed } from "./scenarios";
import type { SimProcess } from "./simulator";
import { round } from "./stats";
import { chunkTiming, ttfbSeries } from "./stream-check";
import type { CellResult, LoadFigures, Mode } from "./types";
import { BENCH_CLIENT_KEY, recordCount, routingSummary, type ServedWorker } from "./workers";

export interface CellSettings {
  durationS: number;
  warmupS: number;
  /** Seconds of sequential streams for TTFB (0 = skip the TTFB and chunk checks). */
  ttfbS: number;
  chunkDelayMs: number;
  chunkStreams: number;
}

/** The running benchmark: its processes and how many responses the router has given (for the drain). */
export interface BenchContext {
  sim: SimProcess;
  router: ServedWorker;
  bare: ServedWorker;
  settings: CellSettings;
  routerResponses: number;
  /** Cell id whose router run (measured requests and their telemetry) is CPU-profiled, if any. */
  profileCell?: string;
  profile?: { cellId: string; requests: number; profile: CpuProfile };
  /** The prompt each mode settled on, and the model the router sends it to. */
  picked: Partial<Record<Mode, Picked>>;
}

export interface CellSpec {
  mode: Mode;
  stream: boolean;
  connections: number;
}

const HEADERS = { "content-type": "application/json", authorization: `Bearer ${BENCH_CLIENT_KEY}` };
const DRAIN_QUIET_MS = 1_500;
const DRAIN_TIMEOUT_MS = 30_000;

/**
 * Waits until the router's records of every response so far are in D1 (AE point + Queue →
 * consumer → D1 batch), and the count has stopped moving: the router's CPU window then holds the
 * whole telemetry cost of its requests. Throws when records go missing.
 */
export async function drainTelemetry(ctx: BenchContext): Promise<number> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  let last = -1;
  let since = Date.now();
  for (;;) {
    const n = await recordCount(ctx.router);
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (n >= ctx.routerResponses && Date.now() - since >= DRAIN_QUIET_MS) return n;
    if (Date.now() > deadline) {
      throw new Error(
        `telemetry: ${n} records in D1 after ${DRAIN_TIMEOUT_MS / 1000} s for ${ctx.routerResponses} router responses`,
      );
    }
    await sleep(200);
  }
}

function loadFigures(run: LoadRun, cpuMs: number): LoadFigures {
  return {
    requests: run.responses,
    rps: round(run.ok / run.elapsedS, 1),
    latencyMs: latencyFigures(run.latenciesMs),
    non2xx: run.non2xx,
    errors: run.errors,
    timeouts: run.timeouts,
    statuses: run.statuses,
    durationS: run.elapsedS,
    cpuMs: round(cpuMs, 1),
    cpuMsPerRequest: round(run.responses ? cpuMs / run.responses : NaN, 4),
  };
}

/** Seconds per alternating slice: bare and router take turns so that a change in the machine's load hits both. */
const SLICE_S = 2;

/** Adds up slices of one target's load. */
function merged(runs: LoadRun[]): LoadRun {
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, n] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
  const sum = (pick: (r: LoadRun) => number) => runs.reduce((n, r) => n + pick(r), 0);
  return {
    responses: sum((r) => r.responses),
    ok: sum((r) => r.ok),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    statuses,
    elapsedS: sum((r) => r.elapsedS),
    latenciesMs: runs.flatMap((r) => r.latenciesMs),
  };
}

interface Measured {
  bare: LoadFigures;
  router: LoadFigures;
  startedAt: number;
  endedAt: number;
}

/**
 * Both Workers warmed up, then driven in alternating slices (bare, router, bare, …) for
 * `durationS` each in total, then the router's telemetry drained. Each workerd's CPU is read around
 * the whole measured stretch: each is idle while the other one runs, so its CPU is its own
 * requests' (for the router, their AE, Queue, consumer and D1 work included).
 */
async function measurePair(
  ctx: BenchContext,
  bodies: { bare: string; router: string },
  connections: number,
  around?: Profiler,
): Promise<Measured> {
  const { settings } = ctx;
  const spec = (target: ServedWorker, body: string) => ({
    url: `${target.url}/v1/chat/completions`,
    headers: HEADERS,
    body,
    connections,
  });
  const bare = spec(ctx.bare, bodies.bare);
  const router = spec(ctx.router, bodies.router);
  await drive({ ...bare, durationS: settings.warmupS });
  ctx.routerResponses += (await drive({ ...router, durationS: settings.warmupS })).responses;
  await drainTelemetry(ctx);
  await around?.start();
  const cpu0 = { bare: cpuMsOf(ctx.bare.pid), router: cpuMsOf(ctx.router.pid) };
  const slices = Math.max(1, Math.round(settings.durationS / SLICE_S));
  const runs = { bare: [] as LoadRun[], router: [] as LoadRun[] };
  const startedAt = Date.now();
  for (let i = 0; i < slices; i++) {
    runs.bare.push(await drive({ ...bare, durationS: settings.durationS / slices }));
    const r = await drive({ ...router, durationS: settings.durationS / slices });
    ctx.routerResponses += r.responses;
    runs.router.push(r);
  }
  const endedAt = Date.now();
  await drainTelemetry(ctx);
  const cpu = { bare: cpuMsOf(ctx.bare.pid) - cpu0.bare, router: cpuMsOf(ctx.router.pid) - cpu0.router };
  const all = { bare: merged(runs.bare), router: merged(runs.router) };
  await around?.stop(all.router.responses);
  return { bare: loadFigures(all.bare, cpu.bare), router: loadFigures(all.router, cpu.router), startedAt, endedAt };
}

interface Profiler {
  start(): Promise<void>;
  stop(requests: number): Promise<void>;
}

function profiler(ctx: BenchContext, cellId: string): Profiler | undefined {
  const port = ctx.router.inspectorPort;
  if (ctx.profileCell !== cellId || port === undefined) return undefined;
  let session: Awaited<ReturnType<typeof startProfile>> | undefined;
  return {
    start: async () => {
      session = await startProfile(port, "model-router");
    },
    stop: async (requests) => {
      if (session) ctx.profile = { cellId, requests, profile: await session.stop() };
    },
  };
}

/** One request through the router; its status, x-router-* headers and the start of its body. */
async function routeOnce(ctx: BenchContext, body: string): Promise<Routed & { body: string }> {
  const client = new RawHttpClient(ctx.router.url);
  try {
    const res = await client.post("/v1/chat/completions", HEADERS, body);
    ctx.routerResponses++;
    const routed = Object.fromEntries(Object.entries(res.headers).filter(([k]) => k.startsWith("x-router-")));
    return { status: res.status, routed, body: res.body.slice(0, 200) };
  } finally {
    client.close();
  }
}

/** The mode's prompt, picked once per run. */
async function picked(ctx: BenchContext, mode: Mode): Promise<Picked> {
  return (ctx.picked[mode] ??= await pickScenario(mode, (body) => routeOnce(ctx, body)));
}

/** The cell's own request through the router must still be routed as the mode says; returns its headers. */
async function probe(
  ctx: BenchContext,
  body: string,
  mode: Mode,
  upstreamModel: string,
): Promise<Record<string, string>> {
  const r = await routeOnce(ctx, body);
  if (!routedAs(r, SCENARIOS[mode].sources, upstreamModel)) {
    throw new Error(
      `probe: expected 200 via ${upstreamModel} with category source ${SCENARIOS[mode].sources.join("|")}, got ${r.status} ${JSON.stringify(r.routed)} ${r.body}`,
    );
  }
  return r.routed;
}

/**
 * One cell: the bare Worker and the router taking turns, same request shape, same upstream answer; for streams
 * at concurrency 1 also TTFB and chunk timing. Throws when the router does not route as the mode
 * says (the cell would not measure what it claims).
 */
export async function runCell(ctx: BenchContext, spec: CellSpec): Promise<CellResult> {
  const { settings } = ctx;
  const { prompt, upstreamModel } = await picked(ctx, spec.mode);
  const routerBody = chatBody(SCENARIOS[spec.mode].requestModel, prompt, spec.stream);
  const bareBody = chatBody(upstreamModel, prompt, spec.stream);
  const probeHeaders = await probe(ctx, routerBody, spec.mode, upstreamModel);

  const id = `${spec.mode}/${spec.stream ? "stream" : "json"}/c${spec.connections}`;
  const { bare, router, startedAt, endedAt } = await measurePair(
    ctx,
    { bare: bareBody, router: routerBody },
    spec.connections,
    profiler(ctx, id),
  );
  const routing = await routingSummary(ctx.router, startedAt, endedAt + 1);

  const result: CellResult = {
    id,
    ...spec,
    prompt,
    bare,
    router,
    overhead: {
      p50Ms: round(router.latencyMs.p50 - bare.latencyMs.p50),
      p99Ms: round(router.latencyMs.p99 - bare.latencyMs.p99),
      throughputRatio: round(router.rps / bare.rps),
      cpuMsPerRequest: round(router.cpuMsPerRequest - bare.cpuMsPerRequest, 4),
    },
    routing: { probe: probeHeaders, ...routing },
  };
  if (spec.stream && spec.connections === 1 && settings.ttfbS > 0)
    Object.assign(result, await streamChecks(ctx, bareBody, routerBody));
  return result;
}

async function streamChecks(
  ctx: BenchContext,
  bareBody: string,
  routerBody: string,
): Promise<Pick<CellResult, "ttfb" | "chunks">> {
  const { settings } = ctx;
  const bare = { client: new RawHttpClient(ctx.bare.url), headers: HEADERS, body: bareBody };
  const router = { client: new RawHttpClient(ctx.router.url), headers: HEADERS, body: routerBody };
  try {
    const bareTtfb = await ttfbSeries(bare, settings.ttfbS);
    const routerTtfb = await ttfbSeries(router, settings.ttfbS);
    ctx.routerResponses += routerTtfb.samples;
    await ctx.sim.addFault({ kind: "chunk_delay", ms: settings.chunkDelayMs });
    try {
      const bareChunks = await chunkTiming(bare, settings.chunkStreams);
      const routerChunks = await chunkTiming(router, settings.chunkStreams);
      ctx.routerResponses += settings.chunkStreams;
      return {
        ttfb: {
          bare: bareTtfb,
          router: routerTtfb,
          addedP50Ms: round(routerTtfb.p50 - bareTtfb.p50),
          addedP99Ms: round(routerTtfb.p99 - bareTtfb.p99),
        },
        chunks: { delayMs: settings.chunkDelayMs, bare: bareChunks, router: routerChunks },
      };
    } finally {
      await ctx.sim.clearFaults();
    }
  } finally {
    bare.client.close();
    router.client.close();
  }
}
