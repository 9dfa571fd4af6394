import { describe, expect, it } from "vitest";
import { DEFAULT_CATEGORIES } from "../../../src/config/default-config";
import {
  CLASSIFIER_MARKER,
  buildClassifierRequest,
  classifyWithModel,
  parseClassifierAnswer,
  truncateMiddle,
  type CallModel,
} from "../../../src/classify/category/model-classifier";
import type { ChatCompletionRequest } from "../../../src/core/chat";
import { ProviderError } from "../../../src/core/errors";
import type { CompletionOutcome } from "../../../src/providers/types";

const settings = { model: "gpt-4o-mini", timeoutMs: 1500, minConfidence: 0.6, maxInputChars: 2000 };
const price = { input: 0.15, output: 0.6, asOf: "2026-11-24" };

function outcome(content: string, inputTokens = 300, outputTokens = 20): CompletionOutcome {
  return {
    body: {
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    },
    usage: { inputTokens, cachedInputTokens: 0, outputTokens },
    finishReason: "stop",
  };
}

function answering(content: string): { callModel: CallModel; calls: ChatCompletionRequest[] } {
  const calls: ChatCompletionRequest[] = [];
  return {
    calls,
    callModel: async (req) => {
      calls.push(req);
      return outcome(content);
    },
  };
}

const run = (callModel: CallModel, extra: Partial<typeof settings> = {}) =>
  classifyWithModel({
    text: "Pull the invoice number out of this PDF text",
    categories: DEFAULT_CATEGORIES,
    settings: { ...settings, ...extra },
    callModel,
    price,
  });

describe("the classifier prompt", () => {
  it("carries the marker, one line per category, the text, JSON output and a small budget", () => {
    const req = buildClassifierRequest("Where is my parcel?", DEFAULT_CATEGORIES, settings, true);
    const system = req.messages[0].content as string;
    expect(system.startsWith(CLASSIFIER_MARKER)).toBe(true);
    for (const [id, c] of Object.entries(DEFAULT_CATEGORIES)) expect(system).toContain(`- ${id}: ${c.description}`);
    expect(system.match(/^- /gm)).toHaveLength(Object.keys(DEFAULT_CATEGORIES).length);
    expect(req.messages[1]).toEqual({ role: "user", content: "Where is my parcel?" });
    expect(req).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0,
      max_tokens: 80,
      response_format: { type: "json_schema" },
    });
    expect(buildClassifierRequest("x", DEFAULT_CATEGORIES, settings, false).response_format).toBeUndefined();
    expect(system.length / 4).toBeLessThan(400);
  });

  it("truncates long texts keeping head and tail", () => {
    const text = `HEAD ${"middle ".repeat(1000)} TAIL`;
    const cut = truncateMiddle(text, 200);
    expect(cut.length).toBe(200);
    expect(cut.startsWith("HEAD")).toBe(true);
    expect(cut.endsWith("TAIL")).toBe(true);
    expect(
      buildClassifierRequest(text, DEFAULT_CATEGORIES, { ...settings, maxInputChars: 200 }).messages[1].content,
    ).toBe(cut);
  });
});

describe("parseClassifierAnswer", () => {
  it("reads JSON in fences or prose and scales percentages", () => {
    expect(parseClassifierAnswer('```json\n{"category":"code","confidence":0.9,"reason":"a bug"}\n```')).toEqual({
      category: "code",
      confidence: 0.9,
      reason: "a bug",
    });
    expect(parseClassifierAnswer('Sure: {"category": "chat", "confidence": 85}')).toMatchObject({
      category: "chat",
      confidence: 0.85,
    });
    expect(parseClassifierAnswer("I think it is code")).toBeUndefined();
    expect(parseClassifierAnswer('{"category": "code", "confid')).toBeUndefined();
    expect(parseClassifierAnswer('{"confidence": 0.9}')).toBeUndefined();
    expect(parseClassifierAnswer(undefined)).toBeUndefined();
  });
});

describe("classifyWithModel", () => {
  it("uses a good answer, with the call's tokens and cost", async () => {
    const { callModel, calls } = answering(
      '{"category":"extraction","confidence":0.92,"reason":"pull fields from a document"}',
    );
    const c = await run(callModel);
    expect(c).toMatchObject({
      category: "extraction",
      source: "model",
      confidence: 0.92,
      reason: "pull fields from a document",
    });
    expect(c.classifier).toMatchObject({ model: "gpt-4o-mini", inputTokens: 300, outputTokens: 20 });
    expect(c.classifier?.costUsd).toBeCloseTo((300 * 0.15 + 20 * 0.6) / 1e6, 12);
    expect(c.classifier?.failure).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it("falls back on a timeout and aborts the call", async () => {
    let signal: AbortSignal | undefined;
    const never: CallModel = (_req, s) => {
      signal = s;
      return new Promise<CompletionOutcome>(() => undefined);
    };
    const started = Date.now();
    const c = await run(never, { timeoutMs: 30 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(c).toMatchObject({
      category: "unknown",
      source: "fallback",
      classifier: { failure: "timeout", inputTokens: 0, costUsd: 0 },
    });
    expect(signal?.aborted).toBe(true);
  });

  it("falls back on errors; an upstream timeout counts as a timeout", async () => {
    const failing: CallModel = async () => {
      throw new ProviderError("openai", "server", "503 upstream");
    };
    expect((await run(failing)).classifier?.failure).toBe("error");
    const slow: CallModel = async () => {
      throw new ProviderError("openai", "timeout", "first byte deadline");
    };
    expect((await run(slow)).classifier?.failure).toBe("timeout");
  });

  it("falls back on unparseable output, keeping the call's cost", async () => {
    const c = await run(answering("Probably extraction, I am not sure.").callModel);
    expect(c).toMatchObject({
      category: "unknown",
      source: "fallback",
      classifier: { failure: "unparseable", inputTokens: 300 },
    });
    expect(c.classifier?.costUsd).toBeGreaterThan(0);
  });

  it("falls back below minConfidence and on categories outside the set", async () => {
    const low = await run(answering('{"category":"extraction","confidence":0.4,"reason":"maybe"}').callModel);
    expect(low).toMatchObject({
      category: "unknown",
      source: "fallback",
      confidence: 0.4,
      classifier: { failure: "low_confidence" },
    });
    const other = await run(answering('{"category":"billing","confidence":0.95,"reason":"money"}').callModel);
    expect(other).toMatchObject({
      category: "unknown",
      source: "fallback",
      classifier: { failure: "unknown_category" },
    });
    const unknown = await run(answering('{"category":"unknown","confidence":0.2,"reason":"none fits"}').callModel);
    expect(unknown.classifier?.failure).toBe("unknown_category");
  });

  it("matches the category id case-insensitively", async () => {
    expect((await run(answering('{"category":"Extraction","confidence":0.8}').callModel)).category).toBe("extraction");
  });
});
