/**
 * What the local linear classifier costs: µs per call by prompt length and on hostile inputs, in
 * Node, for the classifier alone (features already extracted, as in decide()) and for the whole
 * local decision (extractFeatures + keyword/pattern pass + classifier); and the bundle bytes of the
 * classifier with its default model (esbuild, minified, gzip -9).
 * Budget: classifier p50 ≤ 20 µs, p99 ≤ 80 µs on realistic prompts; default model ≤ ~40 KB gzipped.
 *
 *   npm run bench:classify-model [-- --samples 4000] [--model FILE]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { bundledModel } from "../src/classify/category/default-model";
import { predictCategory, type LinearModel } from "../src/classify/category/linear-model";
import { validateModel } from "../src/classify/category/model-format";
import type { FeatureSource } from "../src/classify/category/text-features";
import { DEFAULT_CATEGORIES } from "../src/config/default-config";
import { extractFeatures, lastUserText } from "../src/classify/features/features";
import { classifyLocal } from "../src/classify/category/pipeline";
import { ClassifierSettings } from "../src/config/schema";
import type { ChatCompletionRequest, ChatMessage } from "../src/core/chat";
import { kib, readJsonl, ROOT, us } from "./classify-lib";
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const MIB = 1 << 20;

interface Workload {
  name: string;
  sources: FeatureSource[];
}

function sourceOf(messages: ChatMessage[]): FeatureSource {
  const req: ChatCompletionRequest = { model: "auto", messages };
  return { req, features: extractFeatures(req), lastUserText: lastUserText(req) };
}

function corpusWorkloads(): Workload[] {
  const dir = resolve(ROOT, "corpus/prompts");
  const rows = readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => readJsonl<{ messages: ChatMessage[]; lang?: string }>(`corpus/prompts/${f}`));
  const sources = rows.map((r) => sourceOf(r.messages));
  const band = (lo: number, hi: number) =>
    sources.filter((s) => s.lastUserText.length >= lo && s.lastUserText.length < hi);
  return [
    { name: "corpus: all prompts", sources },
    { name: "corpus: < 300 chars", sources: band(0, 300) },
    { name: "corpus: 300-1,500 chars", sources: band(300, 1500) },
    { name: "corpus: 1,500-6,000 chars", sources: band(1500, 6000) },
    { name: "corpus: ≥ 6,000 chars", sources: band(6000, Infinity) },
    { name: "corpus: zh/ja prompts", sources: sources.filter((_, i) => ["zh", "ja"].includes(rows[i].lang ?? "")) },
  ].filter((w) => w.sources.length > 0);
}

function hostileWorkloads(): Workload[] {
  const mixed = "Hello 你好世界 Привет мир مرحبا بالعالم नमस्ते दुनिया สวัสดีชาวโลก 안녕하세요 こんにちは ";
  const texts: [string, string][] = [
    ["1 MiB of one character", "a".repeat(MIB)],
    ["1 MiB of nested brackets", "[{(".repeat(MIB / 6) + ")}]".repeat(MIB / 6)],
    ["1 MiB of mixed scripts", mixed.repeat(Math.ceil(MIB / mixed.length)).slice(0, MIB)],
    ["1 MiB of Han", "数据分析报告".repeat(MIB / 6)],
    ["1 MiB of one-letter words", "a b ".repeat(MIB / 4)],
    ["1 MiB system prompt + short user", ""],
  ];
  return texts.map(([name, text]) => ({
    name: `hostile: ${name}`,
    sources: [
      text
        ? sourceOf([{ role: "user", content: text }])
        : sourceOf([
            { role: "system", content: "x ".repeat(MIB / 2) },
            { role: "user", content: "Summarise this please." },
          ]),
    ],
  }));
}

interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** µs per call, one sample per call, after a warm-up; inputs cycled. */
function time<T>(inputs: T[], fn: (x: T) => unknown, samples: number): Percentiles {
  let sink = 0;
  for (let i = 0; i < Math.min(samples, 500); i++) sink ^= fn(inputs[i % inputs.length]) ? 1 : 0;
  const t = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const x = inputs[i % inputs.length];
    const t0 = performance.now();
    sink ^= fn(x) ? 1 : 0;
    t[i] = (performance.now() - t0) * 1000;
  }
  if (sink === 42) console.log("");
  t.sort();
  const at = (q: number) => t[Math.min(samples - 1, Math.floor(samples * q))];
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: t[samples - 1] };
}

function localDecision(model: LinearModel, settings: ClassifierSettings) {
  return (s: FeatureSource) => {
    const features = extractFeatures(s.req as ChatCompletionRequest);
    const input = { ...s, req: s.req as ChatCompletionRequest, features, settings, categories: DEFAULT_CATEGORIES };
    return classifyLocal(input) ?? predictCategory(model, input);
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { samples: { type: "string", default: "4000" }, model: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) return console.log("Usage: npm run bench:classify-model [-- --samples N] [--model FILE]");
  const samples = Number(values.samples);
  const started = performance.now();
  let model = bundledModel();
  const firstUseMs = performance.now() - started;
  if (values.model) {
    const report = validateModel(JSON.parse(readFileSync(values.model, "utf8")));
    if (!report.model) throw new Error(`${values.model}: ${JSON.stringify(report.issues)}`);
    model = report.model;
  }
  const settings = ClassifierSettings.parse({ model: "gpt-4o-mini" });
  const table = new Table({
    head: [
      "workload",
      "n",
      "classifier p50",
      "p90",
      "p99",
      "max",
      "extractFeatures p50",
      "p99",
      "local decision p50",
      "p99",
    ],
    style: { head: [], compact: true },
  });
  for (const w of [...corpusWorkloads(), ...hostileWorkloads()]) {
    const n = w.name.startsWith("hostile") ? Math.min(samples, 400) : samples;
    const c = time(w.sources, (s) => predictCategory(model, s), n);
    const slow = w.name.startsWith("hostile") ? 20 : n;
    const f = time(w.sources, (s) => extractFeatures(s.req as ChatCompletionRequest), slow);
    const d = time(w.sources, localDecision(model, settings), slow);
    table.push([w.name, String(w.sources.length), ...[c.p50, c.p90, c.p99, c.max, f.p50, f.p99, d.p50, d.p99].map(us)]);
  }
  console.log(
    `µs per call (Node ${process.version}; buckets ${model.buckets}, ${model.categories.length} categories; local decision = extractFeatures + keywords/patterns + classifier); validating and decoding the bundled model on first use: ${firstUseMs.toFixed(1)} ms`,
  );
  console.log(table.toString());

  await bundleReport();
}

/** Minified and gzipped bytes of an entry bundled like the Worker (esbuild, ESM, workerd conditions). */
async function bundled(source: string): Promise<{ min: number; gz: number }> {
  const out = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser", "import"],
    external: ["cloudflare:*", "node:*"],
    write: false,
    logLevel: "error",
  });
  const bytes = out.outputFiles[0].contents;
  return { min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
}

/** What the classifier and its default model add to the Worker bundle. */
async function bundleReport(): Promise<void> {
  const worker = `export { default } from "./src/index";`;
  const withClassifier = `${worker}
import { bundledModel } from "./src/classify/category/default-model";
import { predictCategory } from "./src/classify/category/linear-model";
export const classifyLinear = (s) => predictCategory(bundledModel(), s);`;
  const [base, grown] = [await bundled(worker), await bundled(withClassifier)];
  const file = readFileSync(resolve(ROOT, "src/classify/category/default-model.json"));
  console.log(
    `Worker bundle (esbuild --minify, gzip -9): ${kib(base.min)} / ${kib(base.gz)} gz without the classifier, ${kib(grown.min)} / ${kib(grown.gz)} gz with it: +${kib(grown.min - base.min)} / +${kib(grown.gz - base.gz)} gz; the default model file alone ${kib(file.length)} / ${kib(gzipSync(file, { level: 9 }).length)} gz`,
  );
}

await main();
