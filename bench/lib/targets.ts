import type { BenchResult, CellResult, TargetCheck } from "./types";

/** Issue 8's targets, router against the bare Worker in the same run. */
export const LIMITS = {
  addedP50Ms: 0.2,
  addedP99Ms: 1,
  throughputRatioC32: 0.9,
  addedTtfbMs: 0.5,
  cpuMsPerRequest: 1,
  bundleGzipKiB: 250,
  startupMs: 50,
  /** Streams: the router's median gap between events may differ from the bare Worker's by this much. */
  chunkGapMs: 2,
  /** … and its socket reads per event may fall to this share of the bare Worker's (coalescing). */
  readsPerEventShare: 0.9,
};

/** The cell with the largest (or smallest) value of `pick`, and that value. */
function worst(
  cells: CellResult[],
  pick: (c: CellResult) => number | undefined,
  lowest = false,
): { value: number | null; where: string } {
  let best: { value: number; where: string } | undefined;
  for (const c of cells) {
    const v = pick(c);
    if (v === undefined || Number.isNaN(v)) continue;
    if (!best || (lowest ? v < best.value : v > best.value)) best = { value: v, where: c.id };
  }
  return best ?? { value: null, where: "not measured" };
}

function check(
  name: string,
  limit: string,
  unit: string,
  found: { value: number | null; where: string },
  ok: (v: number) => boolean,
): TargetCheck {
  return { name, limit, unit, ...found, pass: found.value === null ? null : ok(found.value) };
}

/** Every target, each judged on its worst cell. */
export function evaluateTargets(result: Pick<BenchResult, "cells" | "bundle" | "startup">): TargetCheck[] {
  const c1 = result.cells.filter((c) => c.connections === 1);
  const c32 = result.cells.filter((c) => c.connections === 32);
  const chunked = result.cells.filter((c) => c.chunks);
  return [
    check(
      "added p50 latency at concurrency 1",
      `< ${LIMITS.addedP50Ms} ms`,
      "ms",
      worst(c1, (c) => c.overhead.p50Ms),
      (v) => v < LIMITS.addedP50Ms,
    ),
    check(
      "added p99 latency at concurrency 1",
      `< ${LIMITS.addedP99Ms} ms`,
      "ms",
      worst(c1, (c) => c.overhead.p99Ms),
      (v) => v < LIMITS.addedP99Ms,
    ),
    check(
      "throughput at concurrency 32 vs bare",
      `≥ ${LIMITS.throughputRatioC32 * 100}%`,
      "×",
      worst(c32, (c) => c.overhead.throughputRatio, true),
      (v) => v >= LIMITS.throughputRatioC32,
    ),
    check(
      "streaming TTFB added (p50)",
      `≤ ${LIMITS.addedTtfbMs} ms`,
      "ms",
      worst(result.cells, (c) => c.ttfb?.addedP50Ms),
      (v) => v <= LIMITS.addedTtfbMs,
    ),
    check(
      "stream chunks: median gap vs bare",
      `within ${LIMITS.chunkGapMs} ms`,
      "ms",
      worst(chunked, (c) => Math.abs(c.chunks!.router.gapP50Ms - c.chunks!.bare.gapP50Ms)),
      (v) => v <= LIMITS.chunkGapMs,
    ),
    check(
      "stream chunks: reads per event vs bare",
      `≥ ${LIMITS.readsPerEventShare * 100}%`,
      "×",
      worst(chunked, (c) => c.chunks!.router.readsPerEvent / c.chunks!.bare.readsPerEvent, true),
      (v) => v >= LIMITS.readsPerEventShare,
    ),
    check(
      "router CPU per request (workerd total)",
      `< ${LIMITS.cpuMsPerRequest} ms`,
      "ms",
      worst(result.cells, (c) => c.router.cpuMsPerRequest),
      (v) => v < LIMITS.cpuMsPerRequest,
    ),
    check(
      "router CPU added per request vs bare",
      `< ${LIMITS.cpuMsPerRequest} ms`,
      "ms",
      worst(result.cells, (c) => c.overhead.cpuMsPerRequest),
      (v) => v < LIMITS.cpuMsPerRequest,
    ),
    check(
      "bundle gzipped (minified)",
      `< ${LIMITS.bundleGzipKiB} KiB`,
      "KiB",
      { value: result.bundle?.router.gzipKiB ?? null, where: "router bundle" },
      (v) => v < LIMITS.bundleGzipKiB,
    ),
    check(
      "startup",
      `< ${LIMITS.startupMs} ms`,
      "ms",
      { value: result.startup?.medianMs ?? null, where: "wrangler check startup" },
      (v) => v < LIMITS.startupMs,
    ),
  ];
}
