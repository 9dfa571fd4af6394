/** Runs the project's own wrangler (node_modules/.bin) for the CLIs: KV, D1, dev. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WRANGLER_BIN = path.join(PROJECT_ROOT, "node_modules", ".bin", "wrangler");

export interface WranglerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where a wrangler kv / d1 command goes: local (the default, safe for a laptop) or remote. */
export interface WranglerTarget {
  remote?: boolean;
  /** Local only: wrangler's state directory (tests use a temporary one). */
  persistTo?: string;
}

/**
 * `--remote`, or `--local` (with `--persist-to DIR` when given): the one place the CLIs build these flags.
 * @example runWrangler(["d1", "execute", "DB", ...wranglerTargetFlags({ remote: false }), "--command", sql])
 */
export function wranglerTargetFlags(target: WranglerTarget): string[] {
  return target.remote ? ["--remote"] : ["--local", ...(target.persistTo ? ["--persist-to", target.persistTo] : [])];
}

/** Runs wrangler with args; resolves with its output, rejects when it exits non-zero (unless allowFailure). */
export function runWrangler(
  args: string[],
  opts: { allowFailure?: boolean; quiet?: boolean } = {},
): Promise<WranglerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(WRANGLER_BIN, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const result = { code: code ?? 1, stdout, stderr };
      if (result.code !== 0 && !opts.allowFailure) {
        reject(new Error(`wrangler ${args.slice(0, 3).join(" ")} failed (${result.code}):\n${stderr || stdout}`));
      } else resolve(result);
    });
  });
}
