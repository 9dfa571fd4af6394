import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATTEMPT_COLUMNS, REQUEST_COLUMNS, attemptRows } from "../src/telemetry/columns";
import { sqlLiteral } from "./lib/sql";
import type { RequestRecord } from "../src/telemetry/types";
import { AUDITS_DIR, parseSpan, queryD1, stripComments, withWindow } from "./audit-d1";
import { runReport } from "./audit";
import { runDrift } from "./drift";
import { PROJECT_ROOT, runWrangler } from "./lib/wrangler";

describe("audit SQL helpers", () => {
  it("parses spans into SQLite modifiers", () => {
    expect(parseSpan("30d")).toEqual({ modifier: "-30 days", ms: 30 * 86_400_000 });
    expect(parseSpan("12h")).toEqual({ modifier: "-12 hours", ms: 12 * 3_600_000 });
    expect(parseSpan("2w")).toEqual({ modifier: "-14 days", ms: 14 * 86_400_000 });
    for (const bad of ["30", "0d", "-3d", "1y", "d"]) expect(() => parseSpan(bad)).toThrow(/time span/);
  });

  it("every audit file has exactly one window and one statement", () => {
    const files = readdirSync(AUDITS_DIR).filter((f) => f.endsWith(".sql"));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const sql = stripComments(readFileSync(path.join(AUDITS_DIR, file), "utf8"));
      expect(() => withWindow(sql), file).not.toThrow();
      expect(withWindow(sql, parseSpan("7d")), file).toContain("unixepoch('now', '-7 days')");
      expect(sql.replace(/;\s*$/, ""), file).not.toContain(";");
    }
  });
});

const DAY = 86_400_000;

/** INSERT statements for records, as a file for `wrangler d1 execute --file` (local). */
function seedSql(records: RequestRecord[]): string {
  const lines = records.flatMap((r) => [
    `INSERT INTO requests (${REQUEST_COLUMNS.map((c) => c.name).join(", ")}, recorded_at) VALUES (${REQUEST_COLUMNS.map((c) => sqlLiteral(c.write(r))).join(", ")}, ${r.ts});`,
    ...attemptRows(r).map(
      (a) =>
        `INSERT INTO attempts (${ATTEMPT_COLUMNS.map((c) => c.name).join(", ")}) VALUES (${ATTEMPT_COLUMNS.map((c) => sqlLiteral(c.write(a))).join(", ")});`,
    ),
  ]);
  return lines.join("\n");
}

function record(id: string, rule: string, ts: number): RequestRecord {
  return {
    id,
    ts,
    clientId: "c",
    configVersion: "v1",
    rule,
    route: "economy",
    category: "classification",
    categorySource: "pattern",
    requestedModel: "auto",
    model: "gpt-4o-mini",
    provider: "openai",
    status: 200,
    streamed: false,
    truncated: false,
    inputTokens: 1000,
    cachedInputTokens: 0,
    outputTokens: 100,
    costUsd: 0.00021,
    baselineCostUsd: 0.0035,
    classifierCostUsd: 0,
    classifierInputTokens: 0,
    classifierOutputTokens: 0,
    totalCostUsd: 0.00021,
    latencyMs: 400,
    ttfbMs: 400,
    upstreamMs: 380,
    overheadMs: 20,
    inputTokensEstimate: 1000,
    language: "en",
    promptChars: 3000,
    promptHash: "h",
    attempts: [{ index: 0, provider: "openai", model: "gpt-4o-mini", status: 200, ok: true, latencyMs: 380, retry: 0 }],
  };
}

const CONFIG = {
  schemaVersion: 1,
  baselineModel: "gpt-4o",
  providers: [
    { id: "openai", kind: "openai-compatible", baseUrl: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY" },
  ],
  models: [
    {
      id: "gpt-4o",
      provider: "openai",
      upstream: "gpt-4o",
      tier: "premium",
      price: { input: 2.5, output: 10, asOf: "2026-11-01" },
      contextWindow: 128000,
    },
  ],
  categories: {},
  classifier: { model: "gpt-4o", minConfidence: 0.6 },
  routes: { premium: { model: "gpt-4o" } },
  rules: [{ id: "steady", when: { task: "a" }, route: "premium", monitoring: { maxCostPerRequestUsd: 0.01 } }],
  default: { route: "premium" },
};

describe("audit and drift CLIs against a local D1", () => {
  const state = mkdtempSync(path.join(tmpdir(), "model-router-audit-"));
  const target = { remote: false, persistTo: state };
  const now = Date.now();

  beforeAll(async () => {
    await runWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", state]);
    const records: RequestRecord[] = [];
    const feedback: string[] = [];
    for (const rule of ["steady", "drifty"]) {
      for (let i = 0; i < 100; i++) {
        const baseline = record(`${rule}-b${i}`, rule, now - 10 * DAY - i * 60_000);
        const recent = record(`${rule}-r${i}`, rule, now - 1 * DAY - i * 60_000);
        records.push(baseline, recent);
        if (i < 40) {
          const recentCorrected = rule === "drifty" ? i < 20 : i < 4;
          feedback.push(`INSERT INTO feedback VALUES ('${baseline.id}', 'c', 0.9, ${i < 4 ? 1 : 0}, NULL, NULL, 0);`);
          feedback.push(
            `INSERT INTO feedback VALUES ('${recent.id}', 'c', 0.9, ${recentCorrected ? 1 : 0}, NULL, NULL, 0);`,
          );
        }
      }
    }
    const file = path.join(state, "seed.sql");
    writeFileSync(file, `${seedSql(records)}\n${feedback.join("\n")}\n`);
    await runWrangler(["d1", "execute", "DB", "--local", "--persist-to", state, "--file", file]);
    writeFileSync(path.join(state, "router.json"), JSON.stringify(CONFIG));
  }, 120_000);
  afterAll(() => rmSync(state, { recursive: true, force: true }));

  it("prints the summary report's numbers", async () => {
    const sections = await runReport("summary", target);
    expect(sections.map((s) => s.title)).toEqual([
      "Cost and quality per rule",
      "Savings against the all-premium baseline",
      "Providers: errors, latency, failover",
      "Router overhead and time to first byte",
    ]);
    const drifty = sections[0].rows.find((r) => r.rule === "drifty");
    expect(drifty).toMatchObject({ requests: 200, served: 200, feedback: 80, correction_rate: 0.3 });
    const week = await runReport("rules", target, parseSpan("7d"));
    expect(week[0].rows.find((r) => r.rule === "drifty")).toMatchObject({ requests: 100, correction_rate: 0.5 });
  });

  it("finds the drifting rule and leaves the steady one alone", async () => {
    const run = await runDrift(
      target,
      { recentMs: 7 * DAY, baselineMs: 28 * DAY },
      { monitoring: {}, lowConfidence: 0.7 },
    );
    const byRule = Object.fromEntries(run.reviews.map((r) => [r.rule, r]));
    expect(byRule.drifty.needsReview).toBe(true);
    expect(byRule.drifty.findings.map((f) => f.metric)).toEqual(["correction_rate"]);
    expect(byRule.steady.needsReview).toBe(false);
  });

  it("exits 1 from `npm run drift` when a rule needs review, and prints why", () => {
    const res = spawnSync(
      "npm",
      ["run", "--silent", "drift", "--", "--persist-to", state, "--config", path.join(state, "router.json")],
      {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    expect(res.status, res.stderr).toBe(1);
    expect(res.stdout).toMatch(/✗ needs review\s+drifty/);
    expect(res.stdout).toMatch(/correction_rate 50\.0% vs baseline 10\.0%/);
    expect(res.stdout).toMatch(/✓ ok\s+steady/);
  });

  it("reads rows back through wrangler's JSON output", async () => {
    const [rows] = await queryD1(["SELECT COUNT(*) AS n FROM requests"], target);
    expect(rows).toEqual([{ n: 400 }]);
  });
});
