import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type Plugin } from "esbuild";
import { PROJECT_ROOT } from "../../cli/lib/wrangler";
import { round } from "./stats";
import type { PackageShare } from "./types";

/** Packages smaller than this (minified) are listed without a gzip rebuild. */
const REBUILD_MIN_KIB = 10;

/** "zod" for node_modules/zod/v4/core/x.js, "@scope/pkg" for scoped ones, "src/dispatch" for our code. */
export function ownerOf(input: string): string {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (nm) return nm[1];
  const parts = input.split("/");
  return parts[0] === "src" && parts.length > 2 ? `src/${parts[1]}` : parts.slice(0, 2).join("/");
}

/** Minified bytes per package / src folder, from the metafile wrangler wrote, largest first. */
export function sharesFromMetafile(meta: Metafile): PackageShare[] {
  const output = Object.values(meta.outputs).find((o) => o.entryPoint);
  if (!output) throw new Error("the metafile has no entry-point output");
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const owner = ownerOf(input);
    bytes.set(owner, (bytes.get(owner) ?? 0) + bytesInOutput);
  }
  return [...bytes]
    .map(([name, b]) => ({ name, minifiedKiB: round(b / 1024, 1) }))
    .sort((a, b) => b.minifiedKiB - a.minifiedKiB);
}

/** Replaces one package (and its subpaths) by an empty CommonJS module. */
function stub(pkg: string): Plugin {
  const escaped = pkg.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return {
    name: `stub-${pkg}`,
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${escaped}(/|$)`) }, (args) => ({ path: args.path, namespace: "bench-stub" }));
      b.onLoad({ filter: /.*/, namespace: "bench-stub" }, () => ({ contents: "module.exports = {};", loader: "js" }));
    },
  };
}

/** gzip bytes of the Worker bundled like wrangler does (esm, minified, workerd conditions), optionally without one package. */
async function gzipKiB(entry: string, without?: string): Promise<number> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["browser", "module", "main"],
    conditions: ["workerd", "worker", "browser"],
    target: "es2024",
    minify: true,
    write: false,
    external: ["cloudflare:*", "node:*"],
    logLevel: "silent",
    plugins: without ? [stub(without)] : [],
  });
  return gzipSync(result.outputFiles[0].contents).byteLength / 1024;
}

/**
 * What each dependency costs the deployed bundle: minified bytes from wrangler's metafile, and
 * for every package of at least 10 KiB the gzipped bytes saved when an esbuild rebuild (wrangler's
 * settings, within a few % of its output) replaces it with an empty module.
 * @example const shares = await bundleShares("/tmp/out/meta.json")
 */
export async function bundleShares(
  metafilePath: string,
  entry = path.join(PROJECT_ROOT, "src/index.ts"),
): Promise<PackageShare[]> {
  const shares = sharesFromMetafile(JSON.parse(await readFile(metafilePath, "utf8")) as Metafile);
  const full = await gzipKiB(entry);
  for (const share of shares) {
    if (share.name.startsWith("src/") || share.minifiedKiB < REBUILD_MIN_KIB) continue;
    share.gzipKiB = round(full - (await gzipKiB(entry, share.name)), 1);
  }
  return shares;
}
