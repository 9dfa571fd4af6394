import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { DEFAULT_CATEGORIES } from "../../../src/config/default-config";
import { callModelVia, classifyWithModel } from "../../../src/classify/category/model-classifier";
import { createOpenAICompatibleProvider } from "../../../src/providers/openai-compatible/openai-compatible-provider";

/** The cheap-model path for real over HTTP: the openai-compatible adapter against the simulator. */
const provider = createOpenAICompatibleProvider();
const settings = { model: "gpt-4o-mini", timeoutMs: 1500, minConfidence: 0.6, maxInputChars: 2000 };
const price = { input: 0.15, output: 0.6, asOf: "2026-11-24" };

function viaSim(upstreamModel: string) {
  return callModelVia(provider, {
    providerId: "openai",
    modelId: "gpt-4o-mini",
    upstreamModel,
    baseUrl: `${inject("simUrl")}/v1`,
    apiKey: "sk-sim-classify-0123456789",
  });
}

const classify = (text: string, upstream = "gpt-4o-mini", extra: Partial<typeof settings> = {}) =>
  classifyWithModel({
    text,
    categories: DEFAULT_CATEGORIES,
    settings: { ...settings, ...extra },
    callModel: viaSim(upstream),
    price,
    jsonSchema: true,
  });

describe("cheap-model classifier against the simulator", () => {
  it("gets a category with usage and cost", async () => {
    const c = await classify("Please translate into French: the meeting is moved to Tuesday.");
    expect(c.source).toBe("model");
    expect(Object.keys(DEFAULT_CATEGORIES)).toContain(c.category);
    expect(c.confidence).toBeGreaterThanOrEqual(0.6);
    expect(c.classifier?.inputTokens).toBeGreaterThan(50);
    expect(c.classifier?.outputTokens).toBeGreaterThan(0);
    expect(c.classifier?.costUsd).toBeGreaterThan(0);
  });

  it.each([
    ["classifier:garbage", "unparseable"],
    ["classifier:truncated", "unparseable"],
    ["classifier:unknown", "unknown_category"],
    ["classifier:low", "low_confidence"],
    ["fail503", "error"],
  ])("falls back to unknown on %s (%s)", async (fault, failure) => {
    const c = await classify("Please translate into French: the meeting is moved to Tuesday.", `gpt-4o-mini~${fault}`);
    expect(c).toMatchObject({ category: "unknown", source: "fallback", classifier: { failure } });
  });

  it("gives up at the deadline when the upstream hangs", async () => {
    const started = Date.now();
    const c = await classify("Summarise this for me please.", "gpt-4o-mini~hang", { timeoutMs: 300 });
    expect(c).toMatchObject({ category: "unknown", source: "fallback", classifier: { failure: "timeout" } });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
