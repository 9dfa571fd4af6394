import { parseArgs } from "node:util";
import type { CellSettings, CellSpec } from "./cell";
import type { Mode } from "./types";

export interface BenchOptions extends CellSettings {
  modes: Mode[];
  connections: number[];
  streams: boolean[];
  startupRuns: number;
  bundleReport: boolean;
  /** Cell id (e.g. "explicit/json/c1") whose router run is CPU-profiled through workerd's inspector. */
  profile?: string;
  out?: string;
}

export const USAGE = `npm run bench -- [options]
  --duration <s>      measured seconds per cell (default 10; --quick: 2)
  --warmup <s>        warm-up seconds per cell, excluded (default 2; --quick: 0.5)
  --quick             short run: the figures are noisier, the shape is the same
  --modes <list>      explicit,local,cached (default all)
  --connections <l>   concurrency levels (default 1,32)
  --streams <list>    json,stream (default both)
  --ttfb <s>          seconds of sequential streams for TTFB per stream cell at c=1, 0 = skip (default 3)
  --chunk-delay <ms>  simulator delay between stream frames for the chunk check (default 20)
  --startup-runs <n>  wrangler check startup runs, 0 = skip (default 3; --quick: 1)
  --no-bundle-report  skip the per-package bundle breakdown
  --profile <cell>    CPU-profile the router's isolate in one cell, e.g. explicit/json/c1 (opens the
                      inspector: the figures of that run are not comparable with plain runs)
  --out <file>        JSON path (default bench/results/<timestamp>.json)`;

const MODES: Mode[] = ["explicit", "local", "cached"];

function list<T>(raw: string, parse: (s: string) => T, flag: string): T[] {
  const items = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parse);
  if (items.length === 0) throw new Error(`${flag}: empty list`);
  return items;
}

function positive(raw: string, flag: string, allowZero = false): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0))
    throw new Error(`${flag}: expected a ${allowZero ? "non-negative" : "positive"} number, got "${raw}"`);
  return n;
}

/** Parses the command line; throws with a message naming the bad flag. */
export function parseOptions(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: "string" },
      warmup: { type: "string" },
      quick: { type: "boolean", default: false },
      modes: { type: "string", default: MODES.join(",") },
      connections: { type: "string", default: "1,32" },
      streams: { type: "string", default: "json,stream" },
      ttfb: { type: "string" },
      "chunk-delay": { type: "string", default: "20" },
      "startup-runs": { type: "string" },
      "no-bundle-report": { type: "boolean", default: false },
      profile: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help";
  const quick = values.quick;
  return {
    durationS: positive(values.duration ?? (quick ? "2" : "10"), "--duration"),
    warmupS: positive(values.warmup ?? (quick ? "0.5" : "2"), "--warmup"),
    ttfbS: positive(values.ttfb ?? (quick ? "1" : "3"), "--ttfb", true),
    chunkDelayMs: positive(values["chunk-delay"], "--chunk-delay"),
    chunkStreams: quick ? 3 : 5,
    startupRuns: positive(values["startup-runs"] ?? (quick ? "1" : "3"), "--startup-runs", true),
    bundleReport: !values["no-bundle-report"],
    modes: list(
      values.modes,
      (m) => {
        if (!MODES.includes(m as Mode)) throw new Error(`--modes: unknown mode "${m}" (${MODES.join(", ")})`);
        return m as Mode;
      },
      "--modes",
    ),
    connections: list(values.connections, (c) => Math.round(positive(c, "--connections")), "--connections"),
    streams: list(
      values.streams,
      (s) => {
        if (s !== "json" && s !== "stream") throw new Error(`--streams: expected json or stream, got "${s}"`);
        return s === "stream";
      },
      "--streams",
    ),
    profile: values.profile,
    out: values.out,
  };
}

/** Cells in run order: non-streaming first, low concurrency first, modes in the given order. */
export function cellsOf(o: BenchOptions): CellSpec[] {
  return o.streams.flatMap((stream) =>
    o.connections.flatMap((connections) => o.modes.map((mode) => ({ mode, stream, connections }))),
  );
}
