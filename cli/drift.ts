/**
 * `npm run drift -- [--recent 7d] [--baseline 28d] [--local|--remote] [--config rules/router.yaml]`
 * Compares each rule's recent window with the baseline window just before it and with the rule's own
 * `monitoring` thresholds; prints the rules that need review and why. Exit code 1 when any does,
 * 2 when the check itself failed, 0 otherwise — for a schedule (docs/telemetry.md).
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import pc from "picocolors";
import { RouterConfig, type Monitoring } from "../src/config/schema";
import { checkDrift, DEFAULT_DRIFT_OPTIONS, type DriftOptions, type RuleReview, type WindowStats } from "../eval/drift";
import { driftStatsSql, parseWindowStats } from "../eval/drift-sql";
import { parseSpan, queryD1, runAsCli, type D1Target } from "./audit-d1";
import { renderTable } from "./audit-table";
import { DEFAULT_RULES_FILE, loadConfigFile } from "./lib/rules-file";

export interface DriftThresholds {
  monitoring: Record<string, Monitoring | undefined>;
  /** Classifier confidence under which a request counts as low confidence. */
  lowConfidence: number;
}

/** Monitoring thresholds per rule id ("default" for the default rule) from a routing config file. */
export async function loadThresholds(file: string): Promise<DriftThresholds> {
  const { doc, errors } = await loadConfigFile(file);
  if (errors.length) throw new Error(`${file}: ${errors[0].path} ${errors[0].message}`);
  const parsed = RouterConfig.safeParse(doc);
  if (!parsed.success) throw new Error(`${file} is not a valid routing config (npm run rules -- validate shows why)`);
  const config = parsed.data;
  const monitoring: Record<string, Monitoring | undefined> = { default: config.default.monitoring };
  for (const rule of config.rules) monitoring[rule.id] = rule.monitoring;
  return { monitoring, lowConfidence: Math.min(1, config.classifier.minConfidence + 0.1) };
}

export interface DriftRun {
  recent: WindowStats[];
  baseline: WindowStats[];
  reviews: RuleReview[];
}

/** Queries both windows (recent = the last `recent`, baseline = the `baseline` before it) and compares them. */
export async function runDrift(
  target: D1Target,
  spans: { recentMs: number; baselineMs: number; now?: number },
  thresholds: DriftThresholds,
  options: Partial<DriftOptions> = {},
): Promise<DriftRun> {
  const now = spans.now ?? Date.now();
  const split = now - spans.recentMs;
  const sql = (fromMs: number, toMs: number) =>
    driftStatsSql({ fromMs, toMs, lowConfidence: thresholds.lowConfidence });
  const [recentRows, baselineRows] = await queryD1([sql(split, now), sql(split - spans.baselineMs, split)], target);
  const recent = parseWindowStats(recentRows);
  const baseline = parseWindowStats(baselineRows);
  return { recent, baseline, reviews: checkDrift(recent, baseline, thresholds.monitoring, options) };
}

function printRun(run: DriftRun): void {
  const rows = run.recent.map((s) => ({
    rule: s.rule,
    requests: s.requests,
    cost_per_request: s.avgCost,
    feedback: s.feedback,
    quality: s.avgQuality,
    correction_rate: s.feedback ? s.corrected / s.feedback : null,
    unclassified_share: s.unclassified / s.requests,
  }));
  console.log(renderTable("Recent window", rows));
  for (const review of run.reviews) {
    if (review.rule === "*" && !review.needsReview) continue;
    const mark = review.needsReview ? pc.red("✗ needs review") : pc.green("✓ ok");
    console.log(`${mark}  ${pc.bold(review.rule === "*" ? "all traffic" : review.rule)}`);
    for (const f of review.findings) console.log(`    ${f.message}`);
    for (const note of review.notes) console.log(pc.dim(`    ${note}`));
  }
}

function count(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive whole number, got '${text}'`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      recent: { type: "string", default: "7d" },
      baseline: { type: "string", default: "28d" },
      local: { type: "boolean", default: false },
      remote: { type: "boolean", default: false },
      "persist-to": { type: "string" },
      config: { type: "string" },
      "min-requests": { type: "string" },
      "min-feedback": { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (values.local && values.remote) throw new Error("choose one of --local and --remote");
  const file = values.config ?? DEFAULT_RULES_FILE;
  let thresholds: DriftThresholds = { monitoring: {}, lowConfidence: 0.7 };
  if (values.config || existsSync(file)) thresholds = await loadThresholds(file);
  else console.error(pc.yellow(`no ${file}: comparing with the baseline only (no rule thresholds)`));
  const options: Partial<DriftOptions> = {
    minRequests: count("--min-requests", values["min-requests"], DEFAULT_DRIFT_OPTIONS.minRequests),
    minFeedback: count("--min-feedback", values["min-feedback"], DEFAULT_DRIFT_OPTIONS.minFeedback),
  };
  const spans = { recentMs: parseSpan(values.recent).ms, baselineMs: parseSpan(values.baseline).ms };
  const run = await runDrift({ remote: values.remote, persistTo: values["persist-to"] }, spans, thresholds, options);
  if (values.json) console.log(JSON.stringify(run, null, 2));
  else printRun(run);
  const flagged = run.reviews.filter((r) => r.needsReview).length;
  if (!values.json)
    console.log(flagged ? pc.red(`\n${flagged} rule(s) need review`) : pc.green("\nno rule needs review"));
  return flagged ? 1 : 0;
}

runAsCli(import.meta.url, "drift", main);
