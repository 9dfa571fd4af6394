/**
 * `npm run bench`: the router against a bare pass-through Worker, both in workerd (Miniflare's API,
 * no wrangler dev proxy), driven by autocannon against the provider simulator (issue 8). Prints one
 * table, writes the same figures as JSON, exits non-zero only when something could not be measured.
 * See docs/benchmark.md.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../cli/lib/wrangler";
import { buildBundle, measureStartup, type BuiltBundle } from "./lib/build";
import { bundleShares } from "./lib/bundle-report";
import { drainTelemetry, runCell, type BenchContext } from "./lib/cell";
import { cellsOf, parseOptions, USAGE, type BenchOptions } from "./lib/options";
import { cpuMsOf } from "./lib/proc";
import { bundleLocator, summarizeProfile } from "./lib/profile-summary";
import { renderReport } from "./lib/report";
import { startSimProcess } from "./lib/simulator";
import { round } from "./lib/stats";
import { evaluateTargets } from "./lib/targets";
import type { BenchResult, ProfileFigures } from "./lib/types";
import { servePassthrough, serveRouter } from "./lib/workers";

const versionOf = (pkg: string) =>
  (
    JSON.parse(readFileSync(path.join(PROJECT_ROOT, "node_modules", pkg, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;

function gitState(): BenchResult["git"] {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: PROJECT_ROOT, encoding: "utf8" }).trim();
    const dirty =
      execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
      }).trim() !== "";
    return { commit, dirty };
  } catch {
    return { commit: "unknown", dirty: true };
  }
}

function emptyResult(o: BenchOptions): BenchResult {
  return {
    schemaVersion: 1,
    startedAt: new Date().toISOString(),
    finishedAt: "",
    git: gitState(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      loadAvgAtStart: os.loadavg(),
      loadAvgAtEnd: [],
      node: process.version,
    },
    settings: {
      durationS: o.durationS,
      warmupS: o.warmupS,
      ttfbS: o.ttfbS,
      chunkDelayMs: o.chunkDelayMs,
      connections: o.connections,
      modes: o.modes,
      streams: o.streams,
    },
    tools: {
      loadGenerator: `autocannon ${versionOf("autocannon")} (latencies from its per-response hrtime, µs precision)`,
      simulator: "model-router provider simulator (sim/server.ts, zero added latency, own Node process)",
      runtime: `workerd ${versionOf("workerd")} via Miniflare ${versionOf("miniflare")} API, one workerd process per Worker, no wrangler dev proxy`,
      client: "bench/lib/raw-http.ts (HTTP/1.1 over one kept-alive TCP connection, timestamps per socket read)",
    },
    bundle: null,
    startup: null,
    cells: [],
    profile: null,
    telemetry: { recordsExpected: 0, recordsInD1: 0 },
    simulatorCpuMsPerRequest: NaN,
    workerErrorLogs: { router: [], bare: [] },
    targets: [],
    problems: [],
  };
}

/** Builds both bundles (and the size breakdown and startup figures); the bundles are what workerd serves. */
async function buildArtefacts(
  o: BenchOptions,
  tmp: string,
  result: BenchResult,
): Promise<{ router: BuiltBundle; bare: BuiltBundle }> {
  console.log("• bundling the router and the bare Worker (wrangler deploy --dry-run --minify)");
  const router = await buildBundle(path.join(PROJECT_ROOT, "wrangler.toml"), path.join(tmp, "router"), {
    metafile: true,
  });
  const bare = await buildBundle(path.join(PROJECT_ROOT, "bench/passthrough/wrangler.toml"), path.join(tmp, "bare"));
  const packages = o.bundleReport && router.metafilePath ? await bundleShares(router.metafilePath) : [];
  const { scriptPath: _r, metafilePath: _m, ...routerFigures } = router;
  const { scriptPath: _b, metafilePath: _n, ...bareFigures } = bare;
  result.bundle = { router: { ...routerFigures, packages }, bare: bareFigures };
  if (o.startupRuns > 0) {
    console.log(`• startup: wrangler check startup × ${o.startupRuns}`);
    try {
      result.startup = await measureStartup(path.join(PROJECT_ROOT, "wrangler.toml"), tmp, o.startupRuns);
    } catch (err) {
      result.problems.push(`startup: ${(err as Error).message}`);
    }
  }
  return { router, bare };
}

async function runCells(
  o: BenchOptions,
  bundles: { router: BuiltBundle; bare: BuiltBundle },
  result: BenchResult,
): Promise<void> {
  console.log("• starting the simulator, the router and the bare Worker");
  const sim = await startSimProcess();
  const started: { dispose(): Promise<void> }[] = [];
  try {
    const router = await serveRouter(bundles.router.scriptPath, sim.url, o.profile !== undefined);
    started.push(router);
    const bare = await servePassthrough(bundles.bare.scriptPath, sim.url);
    started.push(bare);
    const ctx: BenchContext = {
      sim,
      router,
      bare,
      settings: o,
      routerResponses: 0,
      profileCell: o.profile,
      picked: {},
    };
    const simCpu0 = cpuMsOf(sim.pid);
    let simRequests = 0;
    for (const spec of cellsOf(o)) {
      console.log(`• ${spec.mode} ${spec.stream ? "stream" : "json"} c=${spec.connections}`);
      try {
        const cell = await runCell(ctx, spec);
        simRequests += cell.bare.requests + cell.router.requests;
        result.cells.push(cell);
      } catch (err) {
        result.problems.push(
          `${spec.mode}/${spec.stream ? "stream" : "json"}/c${spec.connections}: ${(err as Error).message}`,
        );
      }
    }
    if (simRequests) result.simulatorCpuMsPerRequest = round((cpuMsOf(sim.pid) - simCpu0) / simRequests, 4);
    result.telemetry = { recordsExpected: ctx.routerResponses, recordsInD1: await drainTelemetry(ctx).catch(() => -1) };
    result.workerErrorLogs = { router: router.errorLogs.slice(0, 20), bare: bare.errorLogs.slice(0, 20) };
    if (ctx.profile)
      result.profile = saveProfile(
        ctx.profile,
        bundles.router.scriptPath,
        outPath(o, result).replace(/\.json$/, ".cpuprofile"),
      );
    else if (o.profile)
      result.problems.push(`--profile ${o.profile}: that cell did not run or failed (ids look like explicit/json/c1)`);
  } finally {
    for (const s of started.reverse()) await s.dispose().catch(() => {});
    await sim.close();
  }
}

function outPath(o: BenchOptions, result: BenchResult): string {
  return o.out ?? path.join(PROJECT_ROOT, "bench/results", `${result.startedAt.replace(/[:.]/g, "-")}.json`);
}

function saveProfile(p: NonNullable<BenchContext["profile"]>, bundle: string, file: string): ProfileFigures {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(p.profile));
  const summary = summarizeProfile(p.profile, bundleLocator(`${bundle}.map`, path.basename(bundle)));
  return {
    cellId: p.cellId,
    file: path.relative(PROJECT_ROOT, file),
    requests: p.requests,
    isolateCpuMsPerRequest: round(summary.activeMs / p.requests, 4),
    byOwner: summary.byOwner,
    topFunctions: summary.topFunctions,
    inclusiveSrc: summary.inclusiveSrc,
  };
}

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  if (o === "help") {
    console.log(USAGE);
    return 0;
  }
  const result = emptyResult(o);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "model-router-bench-"));
  try {
    const bundles = await buildArtefacts(o, tmp, result);
    await runCells(o, bundles, result);
  } catch (err) {
    result.problems.push((err as Error).stack ?? String(err));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  result.finishedAt = new Date().toISOString();
  result.machine.loadAvgAtEnd = os.loadavg();
  result.targets = evaluateTargets(result);
  const out = outPath(o, result);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${renderReport(result)}\n\nJSON: ${path.relative(process.cwd(), out)}`);
  return result.problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
