import * as z from "zod";
import type { WindowStats } from "./drift";

export interface StatsWindow {
  /** Epoch ms, inclusive. */
  fromMs: number;
  /** Epoch ms, exclusive. */
  toMs: number;
  /** Classifier confidence below this counts as "low confidence". */
  lowConfidence: number;
}

const int = (n: number, name: string) => {
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${n}`);
  return n;
};

/**
 * SQL returning one WindowStats row per rule (and `*` for all traffic) over a window. Numbers are
 * inlined (checked) because `wrangler d1 execute --command` cannot bind parameters. Shadow rows are
 * excluded; cost averages are over 2xx requests only.
 */
export function driftStatsSql({ fromMs, toMs, lowConfidence }: StatsWindow): string {
  if (!(lowConfidence >= 0 && lowConfidence <= 1)) throw new Error(`lowConfidence must be 0..1, got ${lowConfidence}`);
  const select = (ruleExpr: string, groupBy: string) => `SELECT ${ruleExpr} AS rule,
  COUNT(*) AS requests,
  SUM(r.status BETWEEN 200 AND 299) AS served,
  AVG(CASE WHEN r.status BETWEEN 200 AND 299 THEN r.total_cost_usd END) AS avgCost,
  AVG(CASE WHEN r.status BETWEEN 200 AND 299 THEN r.total_cost_usd * r.total_cost_usd END) AS avgCostSq,
  COUNT(f.request_id) AS feedback,
  AVG(f.quality_score) AS avgQuality,
  AVG(f.quality_score * f.quality_score) AS avgQualitySq,
  COALESCE(SUM(f.needed_correction), 0) AS corrected,
  SUM(r.category = 'unknown' OR COALESCE(r.classifier_confidence < ${lowConfidence}, 0)) AS unclassified
FROM requests r LEFT JOIN feedback f ON f.request_id = r.id
WHERE r.ts >= ${int(fromMs, "fromMs")} AND r.ts < ${int(toMs, "toMs")} AND r.shadow_of IS NULL${groupBy}`;
  return `SELECT * FROM (\n${select("r.rule", "\nGROUP BY r.rule")}\nUNION ALL\n${select("'*'", "")}\n)\nORDER BY rule = '*', rule`;
}

const count = z.coerce.number().int().nonnegative().catch(0);
const avg = z.number().nullable().catch(null);

const WindowStatsRow = z.object({
  rule: z.string(),
  requests: count,
  served: count,
  avgCost: avg,
  avgCostSq: avg,
  feedback: count,
  avgQuality: avg,
  avgQualitySq: avg,
  corrected: count,
  unclassified: count,
});

/** Rows of driftStatsSql (from D1 or `wrangler d1 execute --json`) as WindowStats; empty windows dropped. */
export function parseWindowStats(rows: unknown[]): WindowStats[] {
  return rows.map((row) => WindowStatsRow.parse(row)).filter((s) => s.requests > 0);
}
