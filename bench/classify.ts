/**
 * What classification costs per request: feature extraction (and its parts) on ~2,000-token
 * prompts and on typical short ones, the language detector, and the rule-based pass.
 * Target: extractFeatures under 200 µs median on a 2,000-token prompt.
 * Run: npm run bench:classify
 */
import Table from "cli-table3";
import { compileCategoryPatterns } from "../src/classify/category/categories";
import { DEFAULT_CATEGORIES } from "../src/config/default-config";
import { complexity } from "../src/classify/features/complexity";
import { flagSample, hasCode, hasJson, hasTable, hasUrl } from "../src/classify/features/content-flags";
import { extractFeatures, lastUserText } from "../src/classify/features/features";
import { analyzeLanguage } from "../src/classify/features/language";
import { classifyLocal } from "../src/classify/category/pipeline";
import { estimateTokens } from "../src/classify/features/tokens";
import { ClassifierSettings } from "../src/config/schema";
import type { ChatCompletionRequest, ChatMessage } from "../src/core/chat";
import { testCorpus } from "./classify-corpus";
import { readJsonl, timeCalls, us, type Timing } from "./classify-lib";

const SYSTEM = "You are a helpful assistant for an online retailer. Answer clearly and concisely.";
const asRequest = (text: string): ChatCompletionRequest => ({
  model: "auto",
  messages: [
    { role: "system", content: SYSTEM },
    { role: "user", content: text },
  ],
});

/** ~2,000-token prompt with code, JSON and a table in it: the content flags' worst case. */
function mixedLongPrompt(): string {
  const code =
    "```ts\nexport function total(items: { price: number; qty: number }[]): number {\n  return items.reduce((sum, i) => sum + i.price * i.qty, 0);\n}\n```\n";
  const json = '{"order": 4471, "items": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}], "currency": "EUR"}\n';
  const table = "| sku | qty | price |\n|---|---|---|\n| A-1 | 2 | 9.90 |\n| B-7 | 1 | 24.00 |\n";
  const prose = "The checkout total differs from the invoice for some orders; explain why and propose a fix. ";
  const parts: string[] = [];
  for (let len = 0; len < 8000; len += code.length + json.length + table.length + prose.length * 3)
    parts.push(prose.repeat(3), code, json, table);
  return parts.join("\n");
}

interface Workload {
  name: string;
  requests: ChatCompletionRequest[];
}

function workloads(): Workload[] {
  const long = testCorpus()
    .filter((t) => t.group === "2k-token prompt")
    .map((t) => asRequest(t.text));
  const labelled = readJsonl<{ messages: ChatMessage[] }>("test/fixtures/classification.jsonl").map((r) => ({
    model: "auto",
    messages: r.messages,
  }));
  const mt = readJsonl<{ messages: ChatMessage[] }>("../shared/datasets/routellm-mtbench.jsonl").map((r) => ({
    model: "auto",
    messages: r.messages,
  }));
  return [
    { name: "2,000-token prompt (MT-Bench questions)", requests: long },
    { name: "2,000-token prompt (prose + code + JSON + table)", requests: [asRequest(mixedLongPrompt())] },
    { name: "labelled prompts (typical, 232)", requests: labelled },
    { name: "MT-Bench prompts (72)", requests: mt },
  ];
}

/** The four content flags as extractFeatures computes them. */
function flags(text: string): boolean {
  const sample = flagSample(text);
  return [hasCode(sample), hasJson(text), hasTable(sample), hasUrl(sample)].includes(true);
}

const cell = (t: Timing) => `${us(t.medianUs)} / ${us(t.p99Us)}`;

function main() {
  const settings = ClassifierSettings.parse({ model: "gpt-4o-mini" });
  const compiledPatterns = compileCategoryPatterns(DEFAULT_CATEGORIES);
  const table = new Table({
    head: ["µs per request, median / p99", "extractFeatures", "tokens", "language", "flags", "complexity", "rule pass"],
    style: { head: [] },
  });
  for (const w of workloads()) {
    const texts = w.requests.map((r) => lastUserText(r));
    const tokens = estimateTokens(texts[0]);
    const samples = w.requests.length > 10 ? 20_000 : 4_000;
    const input = (req: ChatCompletionRequest) => ({
      req,
      features: extractFeatures(req),
      lastUserText: lastUserText(req),
      settings,
      categories: DEFAULT_CATEGORIES,
      compiledPatterns,
    });
    const inputs = w.requests.map(input);
    table.push([
      `${w.name}${w.requests.length <= 12 ? ` (~${tokens} tokens)` : ""}`,
      cell(timeCalls(w.requests, extractFeatures, samples)),
      cell(timeCalls(texts, estimateTokens, samples)),
      cell(timeCalls(texts, analyzeLanguage, samples)),
      cell(timeCalls(texts, flags, samples)),
      cell(timeCalls(texts, (t) => complexity(t, 500), samples)),
      cell(timeCalls(inputs, classifyLocal, samples)),
    ]);
  }
  console.log(table.toString());
  console.log(
    "flags = hasCode, hasJson, hasTable and hasUrl, all four computed as extractFeatures does (on flagSample).",
  );
  console.log("The share of requests that needed the model call is printed by `npm run classify:accuracy`.");
}

main();
