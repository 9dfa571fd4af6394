import { readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { runWrangler } from "../../cli/lib/wrangler";
import { median, round } from "./stats";
import type { BundleFigures, StartupFigures } from "./types";

export interface BuiltBundle extends BundleFigures {
  /** The minified ES module wrangler would upload. */
  scriptPath: string;
  metafilePath?: string;
}

const KIB = 1024;

/**
 * Bundles a Worker exactly as `wrangler deploy --dry-run --outdir <dir> --minify` does and reads
 * the sizes wrangler prints ("Total Upload: x KiB / gzip: y KiB"); our own gzip of the file is kept
 * beside it as a check.
 * @example const b = await buildBundle("wrangler.toml", "/tmp/out", { metafile: true })
 */
export async function buildBundle(
  configPath: string,
  outdir: string,
  opts: { metafile?: boolean } = {},
): Promise<BuiltBundle> {
  const metafilePath = opts.metafile ? path.join(outdir, "meta.json") : undefined;
  const args = ["deploy", "--dry-run", "--config", configPath, "--outdir", outdir, "--minify"];
  if (metafilePath) args.push("--metafile", metafilePath);
  const { stdout, stderr } = await runWrangler(args);
  const scripts = readdirSync(outdir).filter((f) => f.endsWith(".js"));
  if (scripts.length !== 1) throw new Error(`expected one bundle in ${outdir}, found ${scripts.join(", ") || "none"}`);
  const scriptPath = path.join(outdir, scripts[0]);
  const m = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(stdout + stderr);
  const source = await readFile(scriptPath);
  return {
    scriptPath,
    metafilePath,
    uploadKiB: m ? Number(m[1]) : round(statSync(scriptPath).size / KIB, 2),
    gzipKiB: m ? Number(m[2]) : round(gzipSync(source).byteLength / KIB, 2),
    ownGzipKiB: round(gzipSync(source, { level: 9 }).byteLength / KIB, 2),
    reportedByWrangler: m !== null,
  };
}

/**
 * The Worker's startup time as wrangler measures it locally: `wrangler check startup` profiles the
 * top-level evaluation of the minified bundle in workerd and prints "Active: x ms". (`wrangler
 * deploy --dry-run` does not print "Worker Startup Time": that figure comes from Cloudflare's API
 * on a real upload.) Runs `runs` times and keeps every figure; the median is the one to quote.
 */
export async function measureStartup(configPath: string, profileDir: string, runs: number): Promise<StartupFigures> {
  const activeMs: number[] = [];
  const gcMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const outfile = path.join(profileDir, `startup-${i}.cpuprofile`);
    const { stdout, stderr } = await runWrangler([
      "check",
      "startup",
      "--config",
      configPath,
      "--args=--minify",
      "--outfile",
      outfile,
    ]);
    const text = stdout + stderr;
    const active = /Active:\s*([\d.]+)\s*ms(?:\s*\(including\s*([\d.]+)\s*ms garbage collection\))?/.exec(text);
    if (!active) throw new Error(`wrangler check startup printed no "Active: x ms" line:\n${text}`);
    activeMs.push(Number(active[1]));
    if (active[2]) gcMs.push(Number(active[2]));
  }
  return {
    method: "wrangler check startup --args=--minify (Active CPU of the startup profile, local workerd)",
    runs: activeMs,
    medianMs: median(activeMs),
    gcMs,
  };
}
