/** The shapes of bench/results/<timestamp>.json (compared across commits; bump schemaVersion on change). */

export type Mode = "explicit" | "local" | "cached";

export interface LatencyFigures {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** One Worker driven by autocannon for one cell. */
export interface LoadFigures {
  requests: number;
  /** 2xx responses per second. */
  rps: number;
  latencyMs: LatencyFigures;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  durationS: number;
  /** workerd user+system CPU over the measured window (telemetry drain included for the router). */
  cpuMs: number;
  cpuMsPerRequest: number;
}

/** Time to the first server-sent event, sequential requests on one kept-alive connection. */
export interface TtfbFigures {
  samples: number;
  p50: number;
  p99: number;
  /** Response head (status line and headers), for reference. */
  headP50: number;
}

/** How a stream's events arrive when the upstream waits `delayMs` between frames. */
export interface ChunkTiming {
  streams: number;
  /** Events per stream (median). */
  events: number;
  /** Socket reads with body bytes per event (1 = every event on its own, as sent). */
  readsPerEvent: number;
  gapP50Ms: number;
  gapP90Ms: number;
  /** First to last event, median over streams. */
  spanMs: number;
}

export interface CellResult {
  id: string;
  mode: Mode;
  stream: boolean;
  connections: number;
  /** The user message sent (the first candidate the router handled as the mode says). */
  prompt: string;
  bare: LoadFigures;
  router: LoadFigures;
  overhead: { p50Ms: number; p99Ms: number; throughputRatio: number; cpuMsPerRequest: number };
  ttfb?: { bare: TtfbFigures; router: TtfbFigures; addedP50Ms: number; addedP99Ms: number };
  chunks?: { delayMs: number; bare: ChunkTiming; router: ChunkTiming };
  /** What the router's records (D1) say about the measured requests, and the probe's headers. */
  routing: {
    probe: Record<string, string>;
    sources: Record<string, number>;
    rules: Record<string, number>;
    statuses: Record<string, number>;
  };
}

export interface BundleFigures {
  /** As wrangler prints it ("Total Upload: x KiB / gzip: y KiB"). */
  uploadKiB: number;
  gzipKiB: number;
  /** Our own gzip -9 of the same file, as a cross-check. */
  ownGzipKiB: number;
  reportedByWrangler: boolean;
}

/** What one package (or src/ folder) adds to the router bundle. */
export interface PackageShare {
  name: string;
  /** Bytes in the minified output (esbuild metafile). */
  minifiedKiB: number;
  /** Gzipped bytes saved when the package is replaced by an empty stub (esbuild rebuild). */
  gzipKiB?: number;
}

export interface StartupFigures {
  method: string;
  runs: number[];
  medianMs: number;
  gcMs: number[];
}

/** Where the router's isolate spends CPU in one cell (workerd inspector, source-mapped). */
export interface ProfileFigures {
  cellId: string;
  file: string;
  requests: number;
  /** Non-idle samples of the router's isolate (fetch + queue consumer) per measured request. */
  isolateCpuMsPerRequest: number;
  byOwner: { owner: string; ms: number }[];
  topFunctions: { fn: string; where: string; ms: number }[];
  inclusiveSrc: { fn: string; where: string; ms: number }[];
}

export interface TargetCheck {
  name: string;
  limit: string;
  value: number | null;
  unit: string;
  /** The cell (or artefact) the value comes from: the worst one. */
  where: string;
  pass: boolean | null;
}

export interface BenchResult {
  schemaVersion: 1;
  startedAt: string;
  finishedAt: string;
  git: { commit: string; dirty: boolean };
  machine: { cpus: number; cpuModel: string; loadAvgAtStart: number[]; loadAvgAtEnd: number[]; node: string };
  settings: {
    durationS: number;
    warmupS: number;
    ttfbS: number;
    chunkDelayMs: number;
    connections: number[];
    modes: Mode[];
    streams: boolean[];
  };
  tools: { loadGenerator: string; simulator: string; runtime: string; client: string };
  bundle: { router: BundleFigures & { packages: PackageShare[] }; bare: BundleFigures } | null;
  startup: StartupFigures | null;
  cells: CellResult[];
  profile: ProfileFigures | null;
  telemetry: { recordsExpected: number; recordsInD1: number };
  simulatorCpuMsPerRequest: number;
  workerErrorLogs: { router: string[]; bare: string[] };
  targets: TargetCheck[];
  /** What could not be measured; non-empty means the run exits non-zero. */
  problems: string[];
}
