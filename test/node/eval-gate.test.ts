import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { expandDatasets, gateVerdict } from "../../cli/lib/eval-gate";
import { DEFAULT_RULES_FILE } from "../../cli/lib/rules-file";
import { PROJECT_ROOT, runWrangler } from "../../cli/lib/wrangler";
import type { RoutingSummary } from "../../eval/replay";

const run = promisify(execFile);
const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "eval-gate-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function rules(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ["cli/rules.ts", ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

const summary = (quality: number, qualityKept: number): RoutingSummary => ({
  n: 100,
  premiumShare: 0.5,
  quality,
  qualityCheap: 0.5,
  qualityPremium: quality / qualityKept,
  cost: 1,
  costCheap: 0.1,
  costPremium: 2,
  pgr: 0.5,
  qualityKept,
  costSaved: 0.5,
});

describe("the eval gate's verdict", () => {
  it("passes at the floor, fails below it or below the absolute bar", () => {
    expect(gateVerdict(summary(0.98, 0.95), summary(1, 0.97), { floor: 0.98 }).ok).toBe(true);
    const below = gateVerdict(summary(0.97, 0.94), summary(1, 0.97), { floor: 0.98 });
    expect(below.ok).toBe(false);
    expect(below.message).toMatch(/quality 97\.0 % of the live config's, below the 98\.0 % floor/);
    expect(gateVerdict(summary(1, 0.89), summary(1, 0.89), { floor: 0.98, minQualityKept: 0.9 }).message).toMatch(
      /quality kept 89\.0 % below 90\.0 %/,
    );
  });

  it("expands the validation set's file patterns", async () => {
    const files = await expandDatasets(["rules/validation/*.jsonl"]);
    expect(files.map((f) => path.relative(PROJECT_ROOT, f))).toEqual(["rules/validation/routellm-sample.jsonl"]);
  });
});

describe("rules push with the eval gate (local KV in a temporary directory)", () => {
  it("publishes an equal config, refuses a regression, and records an override", { timeout: 240_000 }, async () => {
    const kv = ["--persist-to", path.join(dir, "kv")];
    const first = await rules("push", ...kv);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(
      /pass eval: quality kept .* on 200 rows \(rules\/validation\/routellm-sample\.jsonl; vs built-in config/,
    );

    const doc = parse(await readFile(DEFAULT_RULES_FILE, "utf8"));
    for (const r of doc.rules) if (r.id === "analysis-and-code" || r.id === "unknown-to-premium") r.route = "economy";
    const worse = path.join(dir, "worse.json");
    await writeFile(worse, JSON.stringify(doc));
    const refused = await rules("push", worse, ...kv);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/FAIL eval: quality \d+\.\d % of the live config's, below the 98\.0 % floor/);
    expect(refused.out).toContain("not published");

    const forced = await rules("push", worse, ...kv, "--override", "accepting the loss for the holiday peak");
    expect(forced.code, forced.out).toBe(0);
    expect(forced.out).toMatch(/published [0-9a-f]+/);
    const meta = await runWrangler([
      "kv",
      "key",
      "get",
      "--binding",
      "RULES",
      "config:meta",
      "--text",
      "--local",
      ...kv,
    ]);
    expect(JSON.parse(meta.stdout)).toMatchObject({ override: "accepting the loss for the holiday peak" });
  });
});
