import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, runWrangler } from "../../cli/lib/wrangler";
import { startSimulator, type Simulator } from "../../sim/server";
import { parseEvalArgs } from "../../cli/lib/eval-args";

const run = promisify(execFile);
const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const FIXTURE = path.join(PROJECT_ROOT, "test", "fixtures", "eval", "support-eval.jsonl");

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1" });
  dir = await mkdtemp(path.join(tmpdir(), "eval-cli-"));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function evalCli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ["cli/eval.ts", "--sim-url", sim.url, "--no-progress", ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: "1" },
      maxBuffer: 1 << 24,
    });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

const simPost = (p: string, body?: unknown) =>
  fetch(`${sim.url}${p}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const requestsOf = async (model: string) =>
  ((await (await fetch(`${sim.url}/_sim/stats`)).json()) as { requests: { byModel: Record<string, number> } }).requests
    .byModel[model] ?? 0;
const lines = async (file: string) =>
  (await readFile(file, "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("npm run eval against the simulator", () => {
  it("runs, retries, records failures, and resumes only what is missing", { timeout: 120_000 }, async () => {
    const out = path.join(dir, "run");
    const common = [
      "--dataset",
      FIXTURE,
      "--premium",
      "gpt-4o",
      "--candidates",
      "gpt-4o-mini",
      "--judge",
      "gpt-4o",
      "--out",
      out,
      "--d1",
      "off",
      "--concurrency",
      "4",
    ];
    await simPost("/_sim/reset");
    // gpt-4o: three rate limits, retried within the run; gpt-4o-mini: five 503s with no retries left.
    await simPost("/_sim/faults", { model: "gpt-4o", fault: "fail429:20", count: 3 });
    await simPost("/_sim/faults", { model: "gpt-4o-mini", fault: "fail503", count: 5 });
    const first = await evalCli(...common, "--max-retries", "0");
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/answers: 192 new, 0 resumed, 8 failed/);
    const records = await lines(path.join(out, "results.jsonl"));
    const answers = records.filter((r) => r.kind === "answer");
    expect(answers).toHaveLength(200);
    expect(answers.filter((r) => !r.ok)).toHaveLength(8);
    expect(answers.filter((r) => !r.ok && r.model === "gpt-4o")).toHaveLength(3);

    await simPost("/_sim/faults", { model: "gpt-4o", fault: "fail429:20", count: 2 });
    const before = { mini: await requestsOf("gpt-4o-mini"), big: await requestsOf("gpt-4o") };
    const second = await evalCli(...common, "--resume", "--max-retries", "2");
    expect(second.code, second.out).toBe(0);
    expect(second.out).toMatch(/answers: 8 new, 192 resumed, 0 failed/);
    expect(await requestsOf("gpt-4o-mini")).toBe(before.mini + 5);
    const retried = (await lines(path.join(out, "results.jsonl"))).filter(
      (r) => r.kind === "answer" && r.ok && r.attempts > 1,
    );
    expect(retried.length).toBeGreaterThan(0);

    const third = await evalCli(...common, "--resume");
    expect(third.out).toMatch(/answers: 0 new, 200 resumed, 0 failed · grades: 0 new, 60 resumed/);
    expect(await evalCli(...common)).toMatchObject({
      code: 1,
      out: expect.stringContaining("--resume continues it, --fresh starts over"),
    });

    const summary = JSON.parse(await readFile(path.join(out, "summary.json"), "utf8"));
    expect(summary.categories.map((c: { category: string; scorer: string }) => [c.category, c.scorer])).toEqual([
      ["classification", "label"],
      ["extraction", "json"],
      ["summarization", "judge"],
      ["generation", "judge"],
    ]);
    const outcomes = await lines(path.join(out, "outcomes.jsonl"));
    expect(outcomes).toHaveLength(100);
    expect(Object.keys(outcomes[0].outcomes).sort()).toEqual(["gpt-4o", "gpt-4o-mini"]);
    expect(third.out).toMatch(/INSERT INTO evaluations/);
    const html = await readFile(path.join(out, "report.html"), "utf8");
    expect(html).toContain("<svg");
  });

  it("writes the evaluations to a local D1", { timeout: 180_000 }, async () => {
    const data = path.join(dir, "tiny.jsonl");
    const text = (await readFile(FIXTURE, "utf8")).split("\n").slice(0, 3).join("\n");
    await writeFile(data, text);
    const state = path.join(dir, "d1");
    const r = await evalCli(
      "--dataset",
      data,
      "--premium",
      "gpt-4o",
      "--candidates",
      "gpt-4o-mini",
      "--out",
      path.join(dir, "tiny"),
      "--min-samples",
      "2",
      "--d1",
      "local",
      "--persist-to",
      state,
    );
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("D1 (local): rows inserted into evaluations");
    const q = await runWrangler([
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      state,
      "--json",
      "--command",
      "SELECT category, model, premium_model, sample_size FROM evaluations",
    ]);
    const rows = JSON.parse(q.stdout)[0].results;
    expect(rows).toEqual([
      { category: "classification", model: "gpt-4o-mini", premium_model: "gpt-4o", sample_size: 3 },
    ]);
  });
});

describe("eval flags", () => {
  it("parses volumes, scorers and refuses bad combinations", () => {
    const a = parseEvalArgs([
      "--dataset",
      "d",
      "--premium",
      "p",
      "--candidates",
      "a, b",
      "--volume-per-day",
      "classification=1000,extraction=500",
      "--scorers",
      "generation=judge",
    ])!;
    expect(a.candidates).toEqual(["a", "b"]);
    expect(a.volumePerDay).toEqual({ classification: 1000, extraction: 500 });
    expect(a.scorers).toEqual({ generation: "judge" });
    expect(parseEvalArgs(["--dataset", "d", "--premium", "p"])).toBeUndefined();
    expect(() => parseEvalArgs(["--dataset", "d", "--premium", "p", "--candidates", "p"])).toThrow(
      /must not include the premium/,
    );
    expect(() =>
      parseEvalArgs(["--dataset", "d", "--premium", "p", "--candidates", "a", "--scorers", "x=fuzzy"]),
    ).toThrow(/not one of/);
    expect(() =>
      parseEvalArgs(["--dataset", "d", "--premium", "p", "--candidates", "a", "--concurrency", "0"]),
    ).toThrow(/--concurrency/);
  });
});
