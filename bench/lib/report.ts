import Table from "cli-table3";
import pc from "picocolors";
import { SCENARIOS } from "./scenarios";
import type { BenchResult, CellResult, LoadFigures, TargetCheck } from "./types";

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "–" : v.toFixed(3));
const signed = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? "–" : `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : "–");

function failures(f: LoadFigures): string {
  const text = `${f.non2xx}/${f.errors}`;
  return f.non2xx + f.errors > 0 ? pc.red(text) : text;
}

function rows(c: CellResult): string[][] {
  const cell = `${SCENARIOS[c.mode].title}\n${c.stream ? "stream" : "json"}, c=${c.connections}`;
  const source = Object.entries(c.routing.sources)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  return [
    [
      cell,
      "bare",
      c.bare.rps.toFixed(0),
      ms(c.bare.latencyMs.p50),
      ms(c.bare.latencyMs.p99),
      ms(c.ttfb?.bare.p50),
      c.bare.cpuMsPerRequest.toFixed(3),
      failures(c.bare),
      "",
      "",
      "",
      "",
    ],
    [
      "",
      "router",
      c.router.rps.toFixed(0),
      ms(c.router.latencyMs.p50),
      ms(c.router.latencyMs.p99),
      ms(c.ttfb?.router.p50),
      c.router.cpuMsPerRequest.toFixed(3),
      failures(c.router),
      `${signed(c.overhead.p50Ms)} / ${signed(c.overhead.p99Ms)}`,
      pct(c.overhead.throughputRatio),
      signed(c.ttfb?.addedP50Ms),
      source,
    ],
  ];
}

function targetLine(t: TargetCheck): string {
  const mark = t.pass === null ? pc.yellow("n/a ") : t.pass ? pc.green("PASS") : pc.red("MISS");
  const value =
    t.value === null ? "not measured" : t.unit === "×" ? pct(t.value) : `${Number(t.value.toFixed(3))} ${t.unit}`;
  return `  ${mark} ${t.name.padEnd(40)} ${value.padStart(12)}  (target ${t.limit}; ${t.where})`;
}

/** The run as one table (cells × bare/router) with the artefact figures and the targets under it. */
export function renderReport(r: BenchResult): string {
  const table = new Table({
    head: [
      "cell",
      "worker",
      "req/s",
      "p50 ms",
      "p99 ms",
      "TTFB p50",
      "CPU ms/req",
      "non2xx/err",
      "Δp50 / Δp99 ms",
      "thrpt",
      "ΔTTFB",
      "category source (records)",
    ],
    style: { head: [], border: [] },
  });
  for (const c of r.cells) table.push(...rows(c));
  const out = [
    pc.bold(
      `model-router benchmark — ${r.startedAt} — commit ${r.git.commit.slice(0, 10)}${r.git.dirty ? " (dirty tree)" : ""}`,
    ),
    `load generator: ${r.tools.loadGenerator}; simulator: ${r.tools.simulator}; runtime: ${r.tools.runtime}`,
    `TTFB/chunk client: ${r.tools.client}`,
    `${r.settings.durationS} s per cell after ${r.settings.warmupS} s warm-up; machine: ${r.machine.cpus} × ${r.machine.cpuModel}, load ${r.machine.loadAvgAtStart.map((l) => l.toFixed(2)).join(" ")} at start`,
    table.toString(),
  ];
  for (const c of r.cells.filter((x) => x.chunks)) {
    const { bare, router, delayMs } = c.chunks!;
    out.push(
      `stream chunks (${c.id}, upstream waits ${delayMs} ms between frames): bare ${bare.events} events, gap p50 ${bare.gapP50Ms} / p90 ${bare.gapP90Ms} ms, ${bare.readsPerEvent} reads/event, span ${bare.spanMs} ms; ` +
        `router ${router.events} events, gap p50 ${router.gapP50Ms} / p90 ${router.gapP90Ms} ms, ${router.readsPerEvent} reads/event, span ${router.spanMs} ms`,
    );
  }
  if (r.bundle) {
    const top = r.bundle.router.packages
      .slice(0, 6)
      .map((p) => `${p.name} ${p.minifiedKiB.toFixed(0)}${p.gzipKiB !== undefined ? `/${p.gzipKiB.toFixed(0)}` : ""}`)
      .join(", ");
    out.push(
      `bundle (wrangler deploy --dry-run --minify): router ${r.bundle.router.uploadKiB} KiB, gzip ${r.bundle.router.gzipKiB} KiB; bare ${r.bundle.bare.uploadKiB} KiB, gzip ${r.bundle.bare.gzipKiB} KiB`,
    );
    out.push(`  largest parts, KiB minified/gzip saved without it: ${top}`);
  }
  if (r.profile) {
    const p = r.profile;
    out.push(
      `profile of ${p.cellId} (${p.file}): router isolate ${p.isolateCpuMsPerRequest} ms CPU/request; self time by owner, ms:`,
    );
    out.push(
      `  ${p.byOwner
        .slice(0, 10)
        .map((o) => `${o.owner} ${o.ms}`)
        .join(", ")}`,
    );
    for (const f of p.topFunctions.slice(0, 12))
      out.push(`  ${f.ms.toFixed(1).padStart(8)} ms self  ${f.fn}  ${f.where}`);
    for (const f of p.inclusiveSrc.slice(0, 15))
      out.push(`  ${f.ms.toFixed(1).padStart(8)} ms incl  ${f.fn}  ${f.where}`);
  }
  if (r.startup)
    out.push(`startup: ${r.startup.medianMs} ms median of [${r.startup.runs.join(", ")}] — ${r.startup.method}`);
  const sides = r.cells.flatMap((c) => [c.bare, c.router]);
  const non2xx = sides.reduce((n, f) => n + f.non2xx, 0);
  const errors = sides.reduce((n, f) => n + f.errors, 0);
  out.push(
    non2xx + errors > 0
      ? pc.red(
          `this run had errors: ${non2xx} non-2xx responses, ${errors} connection errors/timeouts (see non2xx/err)`,
        )
      : "errors: none (0 non-2xx, 0 connection errors)",
  );
  out.push(
    `telemetry: ${r.telemetry.recordsInD1} records in D1 for ${r.telemetry.recordsExpected} router responses; simulator CPU ${r.simulatorCpuMsPerRequest} ms/request`,
  );
  const logs = r.workerErrorLogs.router.length + r.workerErrorLogs.bare.length;
  if (logs)
    out.push(
      pc.yellow(
        `worker error logs: router ${r.workerErrorLogs.router.length}, bare ${r.workerErrorLogs.bare.length} (first: ${[...r.workerErrorLogs.router, ...r.workerErrorLogs.bare][0]})`,
      ),
    );
  out.push("targets (issue 8), each on its worst cell:", ...r.targets.map(targetLine));
  if (r.problems.length) out.push(pc.red(`could not measure:\n  ${r.problems.join("\n  ")}`));
  return out.join("\n");
}
