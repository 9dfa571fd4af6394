/**
 * The full pipeline with the simulator's classifier (started in-process): tag → patterns → cache →
 * cheap model, on the labelled rows and on MT-Bench, plus the simulator's classifier alone.
 */
import { MemoryLru } from "../../src/classify/category/cache";
import { callModelVia, classifyWithModel, type CallModel } from "../../src/classify/category/model-classifier";
import { classify } from "../../src/classify/category/pipeline";
import { createOpenAICompatibleProvider } from "../../src/providers/openai-compatible/openai-compatible-provider";
import { startSimulator } from "../../sim/server";
import { confusionTable, heading, pct, summary, tally, type Outcome } from "../classify-report";
import type { Case } from "./classify-local-report";

interface PipelineRun {
  outcomes: Outcome[];
  sources: string[];
  failures: string[];
  costUsd: number;
  tokens: number;
}

async function pipelineRun(
  cases: readonly Case[],
  callModel: CallModel,
  cache = new MemoryLru(),
): Promise<PipelineRun> {
  const run: PipelineRun = { outcomes: [], sources: [], failures: [], costUsd: 0, tokens: 0 };
  const price = { input: 0.15, output: 0.6, asOf: "2026-11-24" };
  for (const c of cases) {
    const result = await classify(c.input, { cache, callModel, classifierPrice: price, classifierJsonSchema: true });
    run.outcomes.push({ id: c.id, truth: c.truth, predicted: result.category });
    run.sources.push(result.source);
    if (result.classifier?.failure) run.failures.push(result.classifier.failure);
    run.costUsd += result.classifier?.costUsd ?? 0;
    run.tokens += (result.classifier?.inputTokens ?? 0) + (result.classifier?.outputTokens ?? 0);
  }
  return run;
}

function printPipeline(title: string, run: PipelineRun, labels: string[]): void {
  const s = summary(run.outcomes);
  const called = run.sources.filter((x) => x === "model" || x === "fallback").length;
  const n = run.outcomes.length;
  heading(title);
  console.log(
    `accuracy ${pct(s.accuracy)}; "unknown" (→ premium) ${pct(run.outcomes.filter((o) => o.predicted === "unknown").length / n)}`,
  );
  console.log(`sources: ${tally(run.sources)}`);
  console.log(`needed the model call: ${called}/${n} = ${pct(called / n)}; failures: ${tally(run.failures) || "none"}`);
  console.log(
    `classifier tokens ${run.tokens} (${called ? Math.round(run.tokens / called) : 0} per call), cost $${run.costUsd.toFixed(6)} at gpt-4o-mini prices`,
  );
  console.log(confusionTable(run.outcomes, [...labels, "unknown"]));
}

async function modelAlone(cases: readonly Case[], callModel: CallModel, minConfidence?: number): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const c of cases) {
    const settings = minConfidence === undefined ? c.input.settings : { ...c.input.settings, minConfidence };
    const result = await classifyWithModel({
      text: c.input.lastUserText,
      categories: c.input.categories,
      settings,
      callModel,
      jsonSchema: true,
    });
    out.push({ id: c.id, truth: c.truth, predicted: result.category });
  }
  return out;
}

/**
 * Runs the simulator sections on `cases` (and `mtBench` when given).
 * @example await simReport(cases, mtCases, labels)
 */
export async function simReport(cases: readonly Case[], mtBench: readonly Case[], labels: string[]): Promise<void> {
  if (cases.length === 0) return;
  const settings = cases[0].input.settings;
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
      "Full pipeline with the simulator's classifier (tag → patterns → cache → cheap model)",
      await pipelineRun(cases, callModel, cache),
      labels,
    );
    const again = await pipelineRun(cases, callModel, cache);
    console.log(
      `same prompts again with the warm cache: model calls ${again.sources.filter((x) => x === "model").length}, cache hits ${again.sources.filter((x) => x === "cache").length}`,
    );
    const alone = summary(await modelAlone(cases, callModel));
    const raw = summary(await modelAlone(cases, callModel, 0));
    console.log(
      `the simulator's classifier alone on every prompt: right ${pct(raw.accuracy)}, right and above minConfidence ${pct(alone.accuracy)}`,
    );
    if (mtBench.length)
      printPipeline("MT-Bench, full pipeline with the simulator", await pipelineRun(mtBench, callModel), labels);
  } finally {
    await sim.close();
  }
}
