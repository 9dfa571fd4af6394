/** Parsing the eval CLI's flags into a typed plan (kept apart so tests can check it). */
import { parseArgs } from "node:util";
import { SCORERS, type ScorerName } from "../../eval/dataset";
import type { D1Mode } from "./eval-d1";

export const EVAL_OPTIONS = {
  dataset: { type: "string" },
  premium: { type: "string" },
  candidates: { type: "string" },
  config: { type: "string", default: "rules/router.yaml" },
  concurrency: { type: "string", default: "4" },
  judge: { type: "string" },
  "volume-per-day": { type: "string" },
  "cost-per-error": { type: "string" },
  "max-quality-loss": { type: "string", default: "0.02" },
  "min-samples": { type: "string", default: "30" },
  "max-ci-half-width": { type: "string" },
  scorers: { type: "string" },
  out: { type: "string" },
  resume: { type: "boolean", default: false },
  fresh: { type: "boolean", default: false },
  sim: { type: "boolean", default: false },
  "sim-url": { type: "string" },
  d1: { type: "string", default: "local" },
  "persist-to": { type: "string" },
  "max-retries": { type: "string", default: "3" },
  "timeout-ms": { type: "string", default: "120000" },
  "no-progress": { type: "boolean", default: false },
  help: { type: "boolean", default: false },
} as const;

export const EVAL_USAGE = `usage: npm run eval -- --dataset FILE --premium MODEL --candidates A,B [--config CONFIG] [--concurrency 4]
  [--judge MODEL] [--scorers category=label|exact|json|regex|judge,...] [--max-quality-loss 0.02] [--min-samples 30]
  [--volume-per-day N | category=N,... --cost-per-error USD] [--out DIR] [--resume | --fresh] [--sim | --sim-url URL]
  [--d1 local|remote|off] [--persist-to DIR] [--max-retries 3] [--timeout-ms 120000] [--no-progress]`;

export interface EvalArgs {
  dataset: string;
  premium: string;
  candidates: string[];
  config: string;
  concurrency: number;
  judge?: string;
  volumePerDay?: number | Record<string, number>;
  costPerError?: number;
  maxQualityLoss: number;
  minSamples: number;
  maxCiHalfWidth?: number;
  scorers: Record<string, ScorerName>;
  out?: string;
  resume: boolean;
  fresh: boolean;
  sim: boolean;
  /** A simulator already running (tests inject faults through its control API). */
  simUrl?: string;
  d1: D1Mode;
  persistTo?: string;
  maxRetries: number;
  timeoutMs: number;
  progress: boolean;
}

function number(name: string, v: string, lo: number, hi: number): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < lo || n > hi)
    throw new Error(`--${name} must be a number in [${lo}, ${hi}], got '${v}'`);
  return n;
}

/** `a=1,b=2` → { a: "1", b: "2" }. */
function pairs(name: string, text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [k, v] = part.split("=").map((s) => s.trim());
    if (!k || v === undefined) throw new Error(`--${name}: expected key=value pairs, got '${part}'`);
    out[k] = v;
  }
  return out;
}

/**
 * Parses and checks the eval flags; undefined with --help or when a required flag is missing.
 * @example parseEvalArgs(["--dataset", "d.jsonl", "--premium", "gpt-4o", "--candidates", "gpt-4o-mini"])
 */
export function parseEvalArgs(argv: string[]): EvalArgs | undefined {
  const { values: v } = parseArgs({ args: argv, options: EVAL_OPTIONS });
  if (v.help || !v.dataset || !v.premium || !v.candidates) return undefined;
  const candidates = v.candidates
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (candidates.includes(v.premium)) throw new Error("--candidates must not include the premium model");
  if (!["local", "remote", "off"].includes(v.d1)) throw new Error("--d1 must be local, remote or off");
  if (v.resume && v.fresh) throw new Error("--resume and --fresh exclude each other");
  const scorers = Object.fromEntries(
    Object.entries(pairs("scorers", v.scorers ?? "")).map(([category, s]) => {
      if (!(SCORERS as readonly string[]).includes(s))
        throw new Error(`--scorers: '${s}' is not one of ${SCORERS.join(", ")}`);
      return [category, s as ScorerName];
    }),
  );
  const volume = v["volume-per-day"];
  const volumePerDay =
    volume === undefined
      ? undefined
      : volume.includes("=")
        ? Object.fromEntries(
            Object.entries(pairs("volume-per-day", volume)).map(([k, n]) => [k, number("volume-per-day", n, 0, 1e12)]),
          )
        : number("volume-per-day", volume, 0, 1e12);
  return {
    dataset: v.dataset,
    premium: v.premium,
    candidates,
    config: v.config,
    concurrency: number("concurrency", v.concurrency, 1, 64),
    judge: v.judge,
    volumePerDay,
    costPerError: v["cost-per-error"] === undefined ? undefined : number("cost-per-error", v["cost-per-error"], 0, 1e9),
    maxQualityLoss: number("max-quality-loss", v["max-quality-loss"], 0, 1),
    minSamples: number("min-samples", v["min-samples"], 1, 1e9),
    maxCiHalfWidth:
      v["max-ci-half-width"] === undefined ? undefined : number("max-ci-half-width", v["max-ci-half-width"], 0, 1),
    scorers,
    out: v.out,
    resume: v.resume,
    fresh: v.fresh,
    sim: v.sim,
    simUrl: v["sim-url"],
    d1: v.d1 as D1Mode,
    persistTo: v["persist-to"],
    maxRetries: number("max-retries", v["max-retries"], 0, 5),
    timeoutMs: number("timeout-ms", v["timeout-ms"], 100, 3_600_000),
    progress: !v["no-progress"],
  };
}
