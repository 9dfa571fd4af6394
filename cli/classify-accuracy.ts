/**
 * Classification accuracy, measured: the rule-based pass alone and the full pipeline (with the
 * simulator's classifier model, started in-process) on the labelled set, then MT-Bench's own
 * categories as an outside check.
 *
 *   npm run classify:accuracy [-- --config rules/router.yaml] [--no-model]
 *
 * Without --config the built-in config's categories (DEFAULT_CATEGORIES, from rules/router.yaml) are measured.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { MemoryLru } from "../src/classify/category/cache";
import { DEFAULT_CATEGORIES } from "../src/config/default-config";
import { extractFeatures, lastUserText } from "../src/classify/features/features";
import { callModelVia, classifyWithModel, type CallModel } from "../src/classify/category/model-classifier";
import { classify, classifyLocal, type ClassifyInput } from "../src/classify/category/pipeline";
import { ClassifierSettings, RouterConfig, type Category } from "../src/config/schema";
import type { ChatCompletionRequest, ChatMessage } from "../src/core/chat";
import { createOpenAICompatibleProvider } from "../src/providers/openai-compatible/openai-compatible-provider";
import { startSimulator } from "../sim/server";
import { confusionTable, heading, pct, summary, tally, type Outcome } from "./classify-report";

interface Row {
  id: string;
  category: string;
  lang?: string;
  messages: ChatMessage[];
  tools?: ChatCompletionRequest["tools"];
  response_format?: ChatCompletionRequest["response_format"];
}

/**
 * MT-Bench category → ours. The first is the main label; the others also count as right, because
 * MT-Bench's categories are topics as much as tasks (its "extraction" includes rating reviews, its
 * "humanities" includes writing a lesson plan).
 */
const MT_BENCH_MAP: Record<string, string[]> = {
  writing: ["generation"],
  roleplay: ["generation", "chat"],
  reasoning: ["analysis"],
  math: ["analysis"],
  coding: ["code"],
  extraction: ["extraction", "classification"],
  stem: ["analysis"],
  humanities: ["analysis", "generation"],
};

const ROOT = resolve(import.meta.dirname, "..");
const readJsonl = <T>(path: string): T[] =>
  readFileSync(resolve(ROOT, path), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

function loadConfig(path: string | undefined): { categories: Record<string, Category>; settings: ClassifierSettings } {
  if (!path)
    return { categories: { ...DEFAULT_CATEGORIES }, settings: ClassifierSettings.parse({ model: "gpt-4o-mini" }) };
  const config = RouterConfig.parse(parseYaml(readFileSync(resolve(process.cwd(), path), "utf8")));
  return { categories: config.categories, settings: config.classifier };
}

function inputOf(row: Row, categories: Record<string, Category>, settings: ClassifierSettings): ClassifyInput {
  const req: ChatCompletionRequest = {
    model: "auto",
    messages: row.messages,
    tools: row.tools,
    response_format: row.response_format,
  };
  return { req, features: extractFeatures(req), lastUserText: lastUserText(req), settings, categories };
}

function rulePass(
  rows: Row[],
  truth: (r: Row) => string[],
  categories: Record<string, Category>,
  settings: ClassifierSettings,
): Outcome[] {
  return rows.map((r) => ({
    id: r.id,
    truth: truth(r),
    predicted: classifyLocal(inputOf(r, categories, settings))?.category,
  }));
}

function printPass(title: string, outcomes: Outcome[], labels: string[]): void {
  const s = summary(outcomes);
  heading(title);
  console.log(
    `decided ${s.decided}/${outcomes.length} (coverage ${pct(s.coverage)}), precision ${pct(s.precision)}, accuracy over all ${pct(s.accuracy)}`,
  );
  console.log(confusionTable(outcomes, labels));
}

interface PipelineRun {
  outcomes: Outcome[];
  sources: string[];
  failures: string[];
  costUsd: number;
  tokens: number;
}

async function pipelineRun(
  rows: Row[],
  truth: (r: Row) => string[],
  categories: Record<string, Category>,
  settings: ClassifierSettings,
  callModel: CallModel,
  cache = new MemoryLru(),
): Promise<PipelineRun> {
  const run: PipelineRun = { outcomes: [], sources: [], failures: [], costUsd: 0, tokens: 0 };
  const price = { input: 0.15, output: 0.6, asOf: "2026-11-24" };
  for (const r of rows) {
    const c = await classify(inputOf(r, categories, settings), {
      cache,
      callModel,
      classifierPrice: price,
      classifierJsonSchema: true,
    });
    run.outcomes.push({ id: r.id, truth: truth(r), predicted: c.category === "unknown" ? "unknown" : c.category });
    run.sources.push(c.source);
    if (c.classifier?.failure) run.failures.push(c.classifier.failure);
    run.costUsd += c.classifier?.costUsd ?? 0;
    run.tokens += (c.classifier?.inputTokens ?? 0) + (c.classifier?.outputTokens ?? 0);
  }
  return run;
}

function printPipeline(title: string, run: PipelineRun, labels: string[]): void {
  const s = summary(run.outcomes);
  const called = run.sources.filter((x) => x === "model" || x === "fallback").length;
  heading(title);
  console.log(
    `accuracy ${pct(s.accuracy)}; "unknown" (→ premium) ${pct(run.outcomes.filter((o) => o.predicted === "unknown").length / run.outcomes.length)}`,
  );
  console.log(`sources: ${tally(run.sources)}`);
  console.log(
    `needed the model call: ${called}/${run.outcomes.length} = ${pct(called / run.outcomes.length)}; failures: ${tally(run.failures) || "none"}`,
  );
  console.log(
    `classifier tokens ${run.tokens} (${called ? Math.round(run.tokens / called) : 0} per call), cost $${run.costUsd.toFixed(6)} at gpt-4o-mini prices`,
  );
  console.log(confusionTable(run.outcomes, [...labels, "unknown"]));
}

async function modelAlone(
  rows: Row[],
  categories: Record<string, Category>,
  settings: ClassifierSettings,
  callModel: CallModel,
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const r of rows) {
    const input = inputOf(r, categories, settings);
    const c = await classifyWithModel({
      text: lastUserText(input.req),
      categories,
      settings,
      callModel,
      jsonSchema: true,
    });
    out.push({ id: r.id, truth: [r.category], predicted: c.category });
  }
  return out;
}

async function main() {
  const { values } = parseArgs({
    options: { config: { type: "string" }, "no-model": { type: "boolean", default: false } },
  });
  const { categories, settings } = loadConfig(values.config);
  const labels = Object.keys(categories);
  const rows = readJsonl<Row>("test/fixtures/classification.jsonl");
  const mt = readJsonl<Row>("../shared/datasets/routellm-mtbench.jsonl");
  const mtTruth = (r: Row) => MT_BENCH_MAP[r.category] ?? ["unknown"];
  console.log(
    `categories: ${labels.join(", ")} (${values.config ?? "default set"}); labelled prompts: ${rows.length}; MT-Bench: ${mt.length}`,
  );

  printPass(
    "Rule-based pass alone (tag + keywords + patterns), labelled set",
    rulePass(rows, (r) => [r.category], categories, settings),
    labels,
  );
  const languages = rows.filter(
    (r) => extractFeatures(inputOf(r, categories, settings).req).language === (r.lang ?? "en"),
  ).length;
  console.log(`language detection on the labelled set: ${languages}/${rows.length} = ${pct(languages / rows.length)}`);
  if (values["no-model"])
    return printPass("MT-Bench, rule-based pass", rulePass(mt, mtTruth, categories, settings), labels);

  const sim = await startSimulator({ port: 0 });
  try {
    const target = {
      providerId: "openai",
      modelId: settings.model,
      upstreamModel: settings.model,
      baseUrl: `${sim.url}/v1`,
      apiKey: "sk-sim-accuracy-0123456789",
    };
    const callModel = callModelVia(createOpenAICompatibleProvider(), target);
    const cache = new MemoryLru();
    printPipeline(
      "Full pipeline (tag → patterns → cache → simulator classifier), labelled set",
      await pipelineRun(rows, (r) => [r.category], categories, settings, callModel, cache),
      labels,
    );
    const again = await pipelineRun(rows, (r) => [r.category], categories, settings, callModel, cache);
    console.log(
      `same prompts again with the warm cache: model calls ${again.sources.filter((x) => x === "model").length}, cache hits ${again.sources.filter((x) => x === "cache").length}`,
    );
    const alone = summary(await modelAlone(rows, categories, settings, callModel));
    const raw = summary(await modelAlone(rows, categories, { ...settings, minConfidence: 0 }, callModel));
    console.log(
      `for reference, the simulator's classifier alone on every prompt: right ${pct(raw.accuracy)}, right and above minConfidence ${pct(alone.accuracy)}`,
    );

    heading(
      "MT-Bench as an outside check (mapping: writing→generation, roleplay→generation|chat, reasoning/math/stem→analysis, coding→code, extraction→extraction|classification, humanities→analysis|generation)",
    );
    const mtRules = rulePass(mt, mtTruth, categories, settings);
    const r = summary(mtRules);
    console.log(`rule-based pass: coverage ${pct(r.coverage)}, precision ${pct(r.precision)}`);
    printPipeline("MT-Bench, full pipeline", await pipelineRun(mt, mtTruth, categories, settings, callModel), labels);
    for (const cat of Object.keys(MT_BENCH_MAP)) {
      const mine = mtRules.filter((o, i) => mt[i].category === cat);
      console.log(`  ${cat.padEnd(11)} rule pass predicted: ${mine.map((o) => o.predicted ?? "—").join(" ")}`);
    }
  } finally {
    await sim.close();
  }
}

await main();
