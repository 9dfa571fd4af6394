/** Helpers shared by the classification benchmarks: timing, bundle sizes, fixture loading. */
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Reads a JSON-lines file relative to the repository root. */
export function readJsonl<T>(relPath: string): T[] {
  return readFileSync(resolve(ROOT, relPath), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export interface Timing {
  medianUs: number;
  p99Us: number;
  meanUs: number;
}

/**
 * Times `fn` over `inputs`, cycling through them, after a warm-up. Each sample is one call, so the
 * median and p99 are per call.
 */
export function timeCalls<T>(inputs: T[], fn: (x: T) => unknown, samples = 5000, warmup = 500): Timing {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink ^= fn(inputs[i % inputs.length]) ? 1 : 0;
  const times = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const x = inputs[i % inputs.length];
    const t0 = performance.now();
    sink ^= fn(x) ? 1 : 0;
    times[i] = (performance.now() - t0) * 1000;
  }
  if (sink === 42) console.log("");
  times.sort();
  const sum = times.reduce((a, b) => a + b, 0);
  return {
    medianUs: times[Math.floor(samples / 2)],
    p99Us: times[Math.floor(samples * 0.99)],
    meanUs: sum / samples,
  };
}

export interface BundleSize {
  minified: number;
  gzipped: number;
  /** Median milliseconds to load and evaluate the bundle in a fresh Node process (cold start). */
  coldStartMs: number;
}

/**
 * Minified and gzipped size of a bundle built from an ES module source (as the Worker would ship
 * it), and what loading it costs a fresh isolate.
 */
export async function bundleBytes(source: string): Promise<BundleSize> {
  const out = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser", "import"],
    write: false,
    logLevel: "error",
  });
  const bytes = out.outputFiles[0].contents;
  return { minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length, coldStartMs: coldStartMs(bytes) };
}

function coldStartMs(bytes: Uint8Array, runs = 5): number {
  const dir = mkdtempSync(join(tmpdir(), "classify-bench-"));
  try {
    const file = join(dir, "bundle.mjs");
    writeFileSync(file, bytes);
    const probe = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" });
      times.push(Number(out.trim()));
    }
    return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Formats a byte count as KiB with one decimal. */
export function kib(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}

/** Formats microseconds with a sensible number of decimals. */
export function us(n: number): string {
  return n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
}
