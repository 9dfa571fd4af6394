import { describe, expect, it } from "vitest";
import { MemoryLru, classificationCacheKey } from "../../../src/classify/category/cache";
import { DEFAULT_CATEGORIES } from "../../../src/config/default-config";
import { extractFeatures, lastUserText } from "../../../src/classify/features/features";
import type { CallModel } from "../../../src/classify/category/model-classifier";
import { classify, classifyLocal, classifyRemote, type ClassifyInput } from "../../../src/classify/category/pipeline";
import type { ClassifierSettings } from "../../../src/config/schema";
import type { CompletionOutcome } from "../../../src/providers/types";
import { userRequest } from "../fixtures";

const settings: ClassifierSettings = {
  enabled: true,
  model: "gpt-4o-mini",
  timeoutMs: 1500,
  minConfidence: 0.6,
  cacheTtlSeconds: 86_400,
  maxInputChars: 2000,
};

function input(text: string, extra: Partial<ClassifyInput> = {}): ClassifyInput {
  const req = userRequest(text);
  return {
    req,
    features: extractFeatures(req),
    lastUserText: lastUserText(req),
    settings,
    categories: DEFAULT_CATEGORIES,
    ...extra,
  };
}

function model(content: string) {
  const calls: string[] = [];
  const callModel: CallModel = async (req) => {
    calls.push(String(req.messages[1].content));
    const out: CompletionOutcome = {
      body: { choices: [{ index: 0, message: { role: "assistant", content } }] },
      usage: { inputTokens: 250, cachedInputTokens: 0, outputTokens: 18 },
      finishReason: "stop",
    };
    return out;
  };
  return { calls, callModel };
}

const PATTERNED = "Translate to French: 'Your order has shipped.'";
const UNMATCHED = "What's the capital of Australia?";

describe("classify: cheapest first", () => {
  it("an explicit tag beats the patterns", async () => {
    const { calls, callModel } = model('{"category":"chat","confidence":0.9}');
    const c = await classify(input(PATTERNED, { task: "extraction" }), { callModel, cache: new MemoryLru() });
    expect(c).toMatchObject({ category: "extraction", source: "tag", confidence: 1 });
    expect(calls).toHaveLength(0);
    expect((await classify(input(PATTERNED, { task: "extraction", taskSource: "alias" }))).source).toBe("alias");
  });

  it("ignores a tag that names no category", async () => {
    expect(await classify(input(PATTERNED, { task: "billing" }))).toMatchObject({
      category: "translation",
      source: "pattern",
    });
  });

  it("patterns beat the cache", async () => {
    const cache = new MemoryLru();
    await cache.put(
      await classificationCacheKey(PATTERNED, DEFAULT_CATEGORIES, settings.model),
      { category: "chat" },
      60,
    );
    expect(await classify(input(PATTERNED), { cache })).toMatchObject({ category: "translation", source: "pattern" });
  });

  it("the cache beats the model", async () => {
    const cache = new MemoryLru();
    await cache.put(
      await classificationCacheKey(UNMATCHED, DEFAULT_CATEGORIES, settings.model),
      { category: "chat", confidence: 0.8 },
      60,
    );
    const { calls, callModel } = model('{"category":"analysis","confidence":0.9}');
    expect(await classify(input(UNMATCHED), { cache, callModel })).toMatchObject({
      category: "chat",
      source: "cache",
      confidence: 0.8,
    });
    expect(calls).toHaveLength(0);
  });

  it("the model answers the rest, and its answer is cached for the next identical prompt", async () => {
    const cache = new MemoryLru();
    const { calls, callModel } = model('{"category":"chat","confidence":0.85,"reason":"trivia question"}');
    const writes: Promise<unknown>[] = [];
    const first = await classify(input(UNMATCHED), { cache, callModel, waitUntil: (p) => writes.push(p) });
    expect(first).toMatchObject({
      category: "chat",
      source: "model",
      classifier: { inputTokens: 250, outputTokens: 18 },
    });
    expect(writes).toHaveLength(1);
    await Promise.all(writes);
    const second = await classify(input("what's the capital of   australia?"), { cache, callModel });
    expect(second).toMatchObject({ category: "chat", source: "cache", reason: "trivia question" });
    expect(second.classifier).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it("does not cache failures", async () => {
    const cache = new MemoryLru();
    const { calls, callModel } = model("no idea");
    expect(await classify(input(UNMATCHED), { cache, callModel })).toMatchObject({
      category: "unknown",
      source: "fallback",
    });
    expect(await classify(input(UNMATCHED), { cache, callModel })).toMatchObject({ source: "fallback" });
    expect(calls).toHaveLength(2);
    expect(cache.size).toBe(0);
  });

  it("says 'unknown' with source none when the model is disabled or not given", async () => {
    const { calls, callModel } = model('{"category":"chat","confidence":0.9}');
    expect(await classify(input(UNMATCHED, { settings: { ...settings, enabled: false } }), { callModel })).toEqual({
      category: "unknown",
      source: "none",
    });
    expect(await classify(input(UNMATCHED))).toEqual({ category: "unknown", source: "none" });
    expect(calls).toHaveLength(0);
  });

  it("reads the system prompt as part of the task", async () => {
    const req = {
      model: "auto",
      messages: [
        { role: "system" as const, content: "Extract the invoice number and total as JSON." },
        { role: "user" as const, content: "ACME Ltd, invoice 4471, total £120.00" },
      ],
    };
    const c = classifyLocal({
      req,
      features: extractFeatures(req),
      lastUserText: lastUserText(req),
      settings,
      categories: DEFAULT_CATEGORIES,
    });
    expect(c).toMatchObject({ category: "extraction", source: "pattern" });
  });
});

describe("classifyRemote", () => {
  it("goes straight to the cache: the caller has run the local pass", async () => {
    const cache = new MemoryLru();
    await cache.put(
      await classificationCacheKey(PATTERNED, DEFAULT_CATEGORIES, settings.model),
      { category: "chat" },
      60,
    );
    expect(await classifyRemote(input(PATTERNED), { cache })).toMatchObject({ category: "chat", source: "cache" });
  });

  it("keys the cache by the caller's prompt hash only when the system prompt is not part of the text", async () => {
    const keys: string[] = [];
    const cache = { get: async (k: string) => void keys.push(k), put: async () => {} };
    const given = Promise.resolve("f".repeat(64));
    await classifyRemote(input(UNMATCHED, { promptHash: given }), { cache });
    expect(keys[0].slice(64)).toBe("f".repeat(64));
    const req = {
      model: "auto",
      messages: [
        { role: "system" as const, content: "Be brief." },
        { role: "user" as const, content: UNMATCHED },
      ],
    };
    await classifyRemote(input(UNMATCHED, { req, promptHash: given }), { cache });
    expect(keys[1]).toBe(await classificationCacheKey(`Be brief.\n\n${UNMATCHED}`, DEFAULT_CATEGORIES, settings.model));
  });
});

describe("classifyLocal", () => {
  it("returns undefined when neither tag nor patterns settle it", () => {
    expect(classifyLocal(input(UNMATCHED))).toBeUndefined();
    expect(classifyLocal(input(PATTERNED))).toMatchObject({ category: "translation", source: "pattern" });
  });
});
