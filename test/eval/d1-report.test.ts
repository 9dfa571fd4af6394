import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import quarterly from "../../audits/quarterly.sql?raw";
import { sweep } from "../../eval/curve";
import { evaluationsSql } from "../../cli/lib/evaluations-sql";
import { sqlLiteral } from "../../cli/lib/sql";
import type { EvalExample } from "../../eval/dataset";
import { indexResults, type AnswerRecord } from "../../eval/eval-records";
import { evalSummary } from "../../eval/eval-summary";
import { renderReport } from "../../eval/report/document";
import { evalReport } from "../../eval/report/eval-report";
import { replayReport } from "../../eval/report/replay-report";
import { replay } from "../../eval/replay";
import { activeOf, row, testConfig } from "./helpers";

const DATASET = `d1-${Date.now().toString(36)}.jsonl`;
const examples: EvalExample[] = Array.from({ length: 32 }, (_, i) => ({
  id: `t-${i}`,
  category: "triage-d1",
  messages: [{ role: "user", content: `Ticket ${i} <b>&</b>` }],
  reference: "billing",
}));
const answers: AnswerRecord[] = examples.flatMap((e, i) =>
  ["prem-m", "cheap-m"].map((model) => ({
    kind: "answer" as const,
    exampleId: e.id,
    category: e.category,
    model,
    ok: true,
    text: model === "cheap-m" && i === 0 ? "account" : "billing",
    inputTokens: 10,
    cachedInputTokens: 0,
    outputTokens: 2,
    costUsd: model === "prem-m" ? 0.001 : 0.0001,
    latencyMs: 1,
    attempts: 1,
    at: "2026-11-24T00:00:00Z",
  })),
);
const summary = evalSummary(examples, indexResults(answers), {
  premium: "prem-m",
  candidates: ["cheap-m"],
  maxQualityLoss: 0.05,
  volumePerDay: 1000,
  costPerError: 2,
});

describe("evaluations in D1", () => {
  beforeAll(() => applyD1Migrations(env.DB, env.TEST_MIGRATIONS));

  it("quotes SQL values safely", () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral(Number.NaN)).toBe("NULL");
    expect(sqlLiteral(undefined)).toBe("NULL");
    expect(sqlLiteral(0.5)).toBe("0.5");
  });

  it("the generated SQL inserts one row per category and candidate that the quarterly audit can cite", async () => {
    const sql = evaluationsSql({
      summary,
      dataset: DATASET,
      date: "2026-11-24",
      premium: "prem-m",
      configVersion: "abc123",
      reportPath: "reports/x/report.html",
      createdAt: Date.now(),
    });
    for (const statement of sql.trim().split("\n")) await env.DB.prepare(statement).run();
    const rows = await env.DB.prepare("SELECT * FROM evaluations WHERE dataset = ?")
      .bind(DATASET)
      .all<Record<string, unknown>>();
    expect(rows.results).toHaveLength(1);
    const r = rows.results[0];
    expect(r).toMatchObject({
      category: "triage-d1",
      model: "cheap-m",
      premium_model: "prem-m",
      sample_size: 32,
      premium_quality: 1,
      recommendation: "insufficient-data",
      config_version: "abc123",
    });
    expect(r.quality as number).toBeCloseTo(31 / 32, 12);
    expect(r.gap as number).toBeCloseTo(1 / 32, 12);
    expect(JSON.parse(r.report_json as string)).toMatchObject({
      scorer: "label",
      reason: expect.stringContaining("upper bound"),
    });
    const audit = await env.DB.prepare(quarterly).all();
    expect(audit.success).toBe(true);
  });
});

describe("reports", () => {
  it("the eval report is self-contained HTML with inline SVG, and Markdown with the same tables", () => {
    const { html, markdown } = renderReport(
      evalReport({
        dataset: "t.jsonl",
        date: "2026-11-24",
        premium: "prem-m",
        candidates: ["cheap-m"],
        maxQualityLoss: 0.05,
        summary,
        volumePerDay: 1000,
        costPerError: 2,
        failedCalls: 0,
      }),
    );
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|\bsrc=|href="http|@import|url\(/i);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(markdown).toContain("| category | scorer | n |");
    expect(markdown).toContain("## Net saving per day");
    expect(markdown).toMatch(/t-0/);
  });

  it("the replay report draws the curve, escapes text, and lists the README's baselines", async () => {
    const rows = [row("a", "easy", 1, 1), row("b", "hard", 0, 1), row("c", "hard<x>", 0, 1)];
    const result = await replay(activeOf(testConfig()), rows);
    const curve = sweep(
      result.decisions.map((d) => d.paired),
      [0, 1, 2],
    );
    const { html, markdown } = renderReport(
      replayReport({
        dataset: "d",
        config: "c.yaml",
        date: "2026-11-24",
        result,
        sweep: { curve, score: "complexity" },
      }),
    );
    expect(html).toContain("<polyline");
    expect(html).toContain("hard&lt;x&gt;");
    expect(html).not.toContain("hard<x>");
    for (const label of ["all cheap", "all premium", "random 50 %", "per-row oracle", "this config"])
      expect(markdown).toContain(label);
    expect(markdown).toMatch(/APGR \*\*\d\.\d{3}\*\*/);
  });
});
