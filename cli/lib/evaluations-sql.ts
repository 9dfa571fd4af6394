import type { EvalSummary } from "../../eval/eval-summary";
import { sqlLiteral } from "./sql";

export interface EvaluationsSqlInput {
  summary: EvalSummary;
  dataset: string;
  /** YYYY-MM-DD. */
  date: string;
  premium: string;
  configVersion?: string;
  reportPath?: string;
  /** ms since epoch. */
  createdAt: number;
}

const COLUMNS = [
  "dataset",
  "date",
  "category",
  "model",
  "premium_model",
  "sample_size",
  "quality",
  "ci_low",
  "ci_high",
  "premium_quality",
  "gap",
  "cost_per_example",
  "premium_cost_per_example",
  "recommendation",
  "config_version",
  "report_path",
  "report_json",
  "created_at",
];

/**
 * INSERT statements for the D1 `evaluations` table (migrations/0003): one row per category and
 * candidate model, compared with the premium model, so audits (audits/quarterly.sql) can cite the
 * validation behind each routing destination. Categories without paired examples are skipped.
 * @example await writeFile("evaluations.sql", evaluationsSql({ summary, dataset, date, premium, createdAt: Date.now() }))
 */
export function evaluationsSql(input: EvaluationsSqlInput): string {
  const statements: string[] = [];
  for (const c of input.summary.categories) {
    for (const k of c.candidates) {
      if (k.gap.n === 0) continue;
      const detail = {
        scorer: c.scorer,
        reason: k.plan.reason,
        gapCi: [k.gap.low, k.gap.high],
        premiumCi: [k.plan.stats.premium.low, k.plan.stats.premium.high],
        split: k.plan.split
          ? {
              slice: k.plan.split.slice.label,
              condition: k.plan.split.slice.condition,
              easyN: k.plan.split.easy.n,
              easyGap: k.plan.split.easy.gap.mean,
            }
          : undefined,
        failureGroups: k.failures.groups.slice(0, 8),
        daily: k.daily,
      };
      const values = [
        input.dataset,
        input.date,
        c.category,
        k.model,
        input.premium,
        k.gap.n,
        k.quality.mean,
        k.quality.low,
        k.quality.high,
        k.plan.stats.premium.mean,
        k.gap.mean,
        k.costPerExample,
        k.premiumCostPerExample,
        k.recommendation,
        input.configVersion,
        input.reportPath,
        JSON.stringify(detail),
        input.createdAt,
      ];
      statements.push(`INSERT INTO evaluations (${COLUMNS.join(", ")}) VALUES (${values.map(sqlLiteral).join(", ")});`);
    }
  }
  return statements.join("\n") + (statements.length ? "\n" : "");
}
