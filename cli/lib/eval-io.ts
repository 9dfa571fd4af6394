/** Files for the eval, replay and calibrate CLIs: datasets, configs, reports, the provider env. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { startSimulator, type Simulator } from "../../sim/server";
import { configText, configVersion } from "../../src/config/default-config";
import type { RouterConfig } from "../../src/config/schema";
import { parseJsonl } from "../../eval/dataset";
import pc from "picocolors";
import { renderReport, type ReportDoc } from "../../eval/report/document";
import { compileConfig } from "../../src/rules/compile";
import type { ActiveConfig } from "../../src/rules/store";
import { validateConfig } from "../../src/rules/validate";
import { loadConfigFile } from "./rules-file";
import { PROJECT_ROOT } from "./wrangler";

export const DEFAULT_REPORTS_DIR = path.join(PROJECT_ROOT, "reports");

/**
 * Reads a JSON Lines file against a schema; throws listing the first bad lines.
 * @example const rows = await readJsonlFile("data.jsonl", ReplayRow)
 */
export async function readJsonlFile<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const { rows, errors } = parseJsonl(await readFile(file, "utf8"), schema);
  if (errors.length) {
    const shown = errors.slice(0, 5).map((e) => `  ${path.basename(file)}:${e.line}: ${e.message}`);
    throw new Error(`${errors.length} bad line(s) in ${file}:\n${shown.join("\n")}${errors.length > 5 ? "\n  …" : ""}`);
  }
  return rows;
}

/** A config document (YAML or JSON) validated and compiled as the Worker would serve it. */
export async function activeFromDoc(doc: unknown, where: string): Promise<ActiveConfig> {
  const report = validateConfig(doc);
  if (!report.config)
    throw new Error(
      `${where} is not a valid routing config:\n${report.errors.map((e) => `  ${e.path}: ${e.message}`).join("\n")}`,
    );
  const version = await configVersion(configText(doc));
  return { config: report.config, compiled: compileConfig(report.config), version, source: "kv", loadedAt: Date.now() };
}

/** Loads a config file (YAML or JSON) as an ActiveConfig, with its raw document. */
export async function loadActive(file: string): Promise<{ active: ActiveConfig; doc: unknown }> {
  const loaded = await loadConfigFile(file);
  if (!loaded.doc) throw new Error(`${file}: ${loaded.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  return { active: await activeFromDoc(loaded.doc, file), doc: loaded.doc };
}

/** `routellm-mtbench.jsonl` → `routellm-mtbench`. */
export function datasetName(file: string): string {
  return path.basename(file).replace(/\.jsonl?$/i, "");
}

/** Today as YYYY-MM-DD (UTC). */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Renders a report and writes `<base>.md` and `<base>.html` into `dir`; prints and returns their paths. */
export async function saveReport(
  dir: string,
  base: string,
  doc: ReportDoc,
): Promise<{ markdown: string; html: string }> {
  const report = renderReport(doc);
  await mkdir(dir, { recursive: true });
  const markdown = path.join(dir, `${base}.md`);
  const html = path.join(dir, `${base}.html`);
  await writeFile(markdown, report.markdown);
  await writeFile(html, report.html);
  console.log(`report: ${path.relative(process.cwd(), markdown)}, ${path.relative(process.cwd(), html)}`);
  return { markdown, html };
}

/** Runs a CLI's main: exits with its code, or prints the error (no stack) and exits 1. */
export function runCli(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(pc.red((e as Error).message));
      process.exit(1);
    },
  );
}

/** Where provider calls go: the simulator (started in-process) or the env's base URLs and keys. */
export interface ProviderEnv {
  env: Record<string, unknown>;
  sim?: Simulator;
  close(): Promise<void>;
}

/**
 * The env the provider layer reads (`resolveTarget`): `--sim` starts the simulator on 127.0.0.1
 * and points every provider's base-URL variable at it with a test key; otherwise process.env
 * (real keys and optional base-URL overrides, like the Worker's secrets and vars).
 */
export async function providerEnv(
  config: RouterConfig,
  opts: { sim?: boolean; simUrl?: string },
): Promise<ProviderEnv> {
  if (opts.simUrl) return { env: simEnv(opts.simUrl, config), close: async () => {} };
  if (!opts.sim) return { env: { ...process.env }, close: async () => {} };
  const sim = await startSimulator({ host: "127.0.0.1" });
  return { env: simEnv(sim.url, config), sim, close: () => sim.close() };
}

function simEnv(url: string, config: RouterConfig): Record<string, unknown> {
  const env: Record<string, unknown> = { ...process.env };
  for (const p of config.providers) {
    if (!("baseUrlEnv" in p) || !p.baseUrlEnv)
      throw new Error(`provider '${p.id}' has no baseUrlEnv: it cannot be pointed at the simulator`);
    env[p.baseUrlEnv] = p.kind === "anthropic" ? url : `${url}/v1`;
    env[p.apiKeyEnv] = `sk-sim-${p.id}`;
  }
  return env;
}
