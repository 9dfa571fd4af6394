import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError, parseLabelled, readLabelled, splitOf } from "../../cli/lib/classify-data";
import { PROJECT_ROOT } from "../../cli/lib/wrangler";
import { validateModel } from "../../src/classify/category/model-format";

const run = promisify(execFile);
const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const CATEGORIES = [
  "classification",
  "extraction",
  "summarization",
  "generation",
  "analysis",
  "code",
  "translation",
  "chat",
];

async function cli(script: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [script, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const row = (id: string, category: string, content: string) =>
  JSON.stringify({ id, category, messages: [{ role: "user", content }] });

/** 8 categories × 40 prompts, each category with its own cue words and shared filler. */
function toyCorpus(): string {
  const cues: Record<string, string[]> = {
    classification: ["label", "triage", "categorise"],
    extraction: ["extract", "fields", "json"],
    summarization: ["summarise", "tldr", "recap"],
    generation: ["write", "draft", "compose"],
    analysis: ["analyse", "compare", "assess"],
    code: ["function", "regex", "bug"],
    translation: ["translate", "french", "german"],
    chat: ["hello", "thanks", "weather"],
  };
  const filler = ["the", "customer", "invoice", "team", "order", "please", "today", "report", "account", "note"];
  const lines: string[] = [];
  for (const [category, words] of Object.entries(cues)) {
    for (let i = 0; i < 40; i++) {
      const text = [filler[i % 10], words[i % 3], filler[(i * 7) % 10], words[(i + 1) % 3], filler[(i * 3) % 10]];
      lines.push(row(`${category}-${i}`, category, text.join(" ")));
    }
  }
  return `${lines.join("\n")}\n`;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "classify-train-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("labelled data", () => {
  const bad: [string, string, RegExp][] = [
    ["invalid JSON", '{"id": "a", ', /^x\.jsonl:2: invalid JSON/],
    [
      "a missing field",
      JSON.stringify({ id: "a", messages: [{ role: "user", content: "hi" }] }),
      /^x\.jsonl:2: missing field "category"$/,
    ],
    [
      "an unknown category",
      row("a", "coding", "fix this"),
      /^x\.jsonl:2: unknown category "coding" \(expected one of: classification, /,
    ],
    ["an empty prompt", row("a", "chat", "  "), /^x\.jsonl:2: empty prompt/],
    [
      "a bad message",
      JSON.stringify({ id: "a", category: "chat", messages: [{ role: "robot", content: "x" }] }),
      /^x\.jsonl:2: messages\.0/,
    ],
  ];
  for (const [what, line, message] of bad) {
    it(`names the file and line of ${what}`, () => {
      const text = `${row("ok", "chat", "hello")}\n${line}\n`;
      expect(() => parseLabelled(text, "x.jsonl", CATEGORIES)).toThrow(DataError);
      expect(() => parseLabelled(text, "x.jsonl", CATEGORIES)).toThrow(message);
    });
  }

  it("rejects an id repeated across files", async () => {
    const [a, b] = [path.join(dir, "a.jsonl"), path.join(dir, "b.jsonl")];
    await writeFile(a, `${row("same", "chat", "hello")}\n`);
    await writeFile(b, `\n${row("same", "code", "fix my regex")}\n`);
    expect(() => readLabelled([a, b], CATEGORIES)).toThrow(/b\.jsonl:2: duplicate id "same" \(first at .*a\.jsonl:1\)/);
  });

  it("splits by the id's hash alone, in the shares asked for", () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `row-${i}`);
    const splits = ids.map((id) => splitOf(id));
    expect(ids.map((id) => splitOf(id))).toEqual(splits);
    const share = (s: string) => splits.filter((x) => x === s).length / ids.length;
    expect(share("heldOut")).toBeCloseTo(0.2, 1);
    expect(share("validation")).toBeCloseTo(0.15, 1);
    expect(splitOf("row-1", { heldOut: 0, validation: 0 })).toBe("train");
  });
});

describe("npm run classify:train", () => {
  it("prints its usage on --help", async () => {
    const { code, stdout } = await cli("cli/classify-train.ts", "--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run classify:train -- --data FILE/);
  });

  it("stops on a bad row with one line naming it, and writes nothing", async () => {
    const data = path.join(dir, "bad.jsonl");
    const out = path.join(dir, "never.json");
    await writeFile(data, `${row("a", "chat", "hello")}\n${row("b", "poetry", "a sonnet please")}\n`);
    const { code, stderr } = await cli("cli/classify-train.ts", "--data", data, "--out", out);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^classify:train: .*bad\.jsonl:2: unknown category "poetry"/);
    expect(existsSync(out)).toBe(false);
  });

  it("trains a valid model that separates separable data, the same for the same seed", async () => {
    const data = path.join(dir, "toy.jsonl");
    await writeFile(data, toyCorpus());
    const outs = [path.join(dir, "m1.json"), path.join(dir, "m2.json")];
    for (const out of outs) {
      const { code, stdout, stderr } = await cli(
        "cli/classify-train.ts",
        "--data",
        data,
        "--out",
        out,
        "--buckets",
        "10",
      );
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toMatch(/Held-out \(\d+ rows\): accuracy/);
    }
    const [a, b] = await Promise.all(outs.map(async (f) => JSON.parse(await readFile(f, "utf8"))));
    const { model, issues } = validateModel(a, { categories: CATEGORIES });
    expect(issues).toEqual([]);
    expect(model?.buckets).toBe(1024);
    expect(a.metrics.heldOut.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(a.weights).toBe(b.weights);
    expect(a.temperature).toBe(b.temperature);
  });
});

describe("npm run classify:accuracy", () => {
  it("prints its usage on --help", async () => {
    const { code, stdout } = await cli("cli/classify-accuracy.ts", "--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run classify:accuracy/);
  });

  it("reports the three local passes on a --data file", async () => {
    const data = path.join(dir, "toy-acc.jsonl");
    await writeFile(data, toyCorpus());
    const { code, stdout } = await cli("cli/classify-accuracy.ts", "--data", data);
    expect(code).toBe(0);
    expect(stdout).toContain("320 labelled rows");
    expect(stdout).toMatch(
      /Keywords and patterns alone[\s\S]*Linear model alone[\s\S]*Combined, as the Worker decides/,
    );
    expect(stdout).toMatch(/needs the cheap-model classifier: \d+\.\d%/);
  });
});
