/**
 * The eval gate of `rules push`: replays the candidate config and the live one against the team's
 * recorded validation set and refuses a candidate whose quality falls below the floor relative to
 * the live config (`--override "reason"` publishes anyway and the reason is kept in config:meta).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { DEFAULT_CONFIG } from "../../src/config/default-config";
import { Price } from "../../src/config/schema";
import { ReplayRow } from "../../eval/dataset";
import { replay, type RoutingSummary } from "../../eval/replay";
import { keptBound, type KeptBound } from "../../eval/replay-bound";
import { validateConfig } from "../../src/rules/validate";
import { activeFromDoc, readJsonlFile } from "./eval-io";
import type { GateResult, PublishCandidate, PublishGate } from "./rules-publish";
import { PROJECT_ROOT } from "./wrangler";

/** rules/validation/gate.yaml: where the validation set is and what the candidate must keep. */
export const GateSettings = z.strictObject({
  /** JSONL files in the replay format; `*` allowed in the file name, paths relative to the project. */
  datasets: z.array(z.string().min(1)).min(1),
  /** The candidate must keep at least this share of the live config's quality on the set. */
  floor: z.number().min(0).max(1),
  /** Optional absolute bar: candidate quality / all-premium quality. */
  minQualityKept: z.number().min(0).max(1).optional(),
  /** Dataset outcome names of the curve's ends (needed when the catalog does not price them). */
  cheap: z.string().optional(),
  premium: z.string().optional(),
  /** Use the rows' categories as task tags (true when they are the config's own categories). */
  tags: z.boolean().default(false),
  /** Prices for outcome models the configs' catalogs lack (cost is reported, never gated). */
  prices: z.record(z.string(), Price).optional(),
});
export type GateSettings = z.infer<typeof GateSettings>;

export const DEFAULT_GATE_FILE = path.join(PROJECT_ROOT, "rules", "validation", "gate.yaml");

/** Expands `dir/name*.jsonl` (a `*` in the file name only); relative paths start at the project root. */
export async function expandDatasets(patterns: readonly string[], root = PROJECT_ROOT): Promise<string[]> {
  const files: string[] = [];
  for (const p of patterns) {
    const abs = path.resolve(root, p);
    const base = path.basename(abs);
    if (!base.includes("*")) {
      files.push(abs);
      continue;
    }
    const re = new RegExp(
      `^${base
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
    );
    const names = (await readdir(path.dirname(abs))).filter((n) => re.test(n)).sort();
    files.push(...names.map((n) => path.join(path.dirname(abs), n)));
  }
  return [...new Set(files)];
}

async function liveDoc(text: string | null): Promise<{ doc: unknown; label: string }> {
  if (text !== null) {
    try {
      const doc: unknown = JSON.parse(text);
      if (validateConfig(doc).ok) return { doc, label: "live config" };
    } catch {
      /* fall through to what the Worker serves */
    }
  }
  return { doc: DEFAULT_CONFIG, label: "built-in config (what the Worker serves while KV has no valid config)" };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * Judges a candidate against the live config on the set's replay numbers. With `bound` (the
 * calibration's estimates on the candidate's replay), the absolute bar is tested on the one-sided
 * lower bound of quality kept, as `calibrate --min-quality-kept` chose it, not on the point value.
 */
export function gateVerdict(
  candidate: RoutingSummary,
  live: RoutingSummary,
  s: Pick<GateSettings, "floor" | "minQualityKept">,
  bound?: KeptBound,
): { ok: boolean; message: string } {
  const ratio = candidate.quality / live.quality;
  const failures: string[] = [];
  if (!(ratio >= s.floor)) failures.push(`quality ${pct(ratio)} of the live config's, below the ${pct(s.floor)} floor`);
  const low = bound?.qualityKeptLow ?? candidate.qualityKept;
  if (s.minQualityKept !== undefined && !(low >= s.minQualityKept))
    failures.push(
      bound
        ? `quality kept ${pct(candidate.qualityKept)} (≥ ${pct(low)} at ${Math.round(bound.confidence * 100)} %) below ${pct(s.minQualityKept)}`
        : `quality kept ${pct(candidate.qualityKept)} below ${pct(s.minQualityKept)}`,
    );
  const cost = Number.isFinite(candidate.costSaved)
    ? `, cost saved ${pct(candidate.costSaved)} (live ${pct(live.costSaved)})`
    : "";
  const lowText = bound ? ` (≥ ${pct(bound.qualityKeptLow)} at ${Math.round(bound.confidence * 100)} %)` : "";
  const numbers = `quality kept ${pct(candidate.qualityKept)}${lowText} (live ${pct(live.qualityKept)}), premium calls ${pct(candidate.premiumShare)} (live ${pct(live.premiumShare)})${cost} on ${candidate.n} rows`;
  return { ok: failures.length === 0, message: failures.length ? `${failures.join("; ")}: ${numbers}` : numbers };
}

/**
 * The gate for `publishGates`: reads the settings (a missing file skips the gate, saying so).
 * @example publishGates.push(evalGate())
 */
export function evalGate(settingsFile = process.env.ROUTER_EVAL_GATE ?? DEFAULT_GATE_FILE): PublishGate {
  return async function evalGateCheck(candidate: PublishCandidate, live: { text: string | null }): Promise<GateResult> {
    let text: string;
    try {
      text = await readFile(settingsFile, "utf8");
    } catch {
      return {
        gate: "eval",
        ok: true,
        message: `no validation set configured (${path.relative(PROJECT_ROOT, settingsFile)} missing): not checked`,
      };
    }
    const settings = GateSettings.parse(parse(text));
    const files = await expandDatasets(settings.datasets);
    if (files.length === 0) throw new Error(`the validation set ${settings.datasets.join(", ")} matches no file`);
    const rows = (await Promise.all(files.map((f) => readJsonlFile(f, ReplayRow)))).flat();
    const { doc, label } = await liveDoc(live.text);
    const opts = {
      useTags: settings.tags,
      cheap: settings.cheap,
      premium: settings.premium,
      extraPrices: settings.prices,
    };
    const [cand, current] = await Promise.all([
      replay(await activeFromDoc(JSON.parse(candidate.text), "the candidate"), rows, opts),
      replay(await activeFromDoc(doc, label), rows, opts),
    ]);
    const v = gateVerdict(cand.summary, current.summary, settings, keptBound(cand.decisions));
    return {
      gate: "eval",
      ok: v.ok,
      message: `${v.message} (${files.map((f) => path.relative(PROJECT_ROOT, f)).join(", ")}; vs ${label})`,
    };
  };
}
