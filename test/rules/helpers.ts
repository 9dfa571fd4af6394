import type { Features } from "../../src/classify/types";
import type { RouterConfigInput } from "../../src/config/schema";
import { compileConfig } from "../../src/rules/compile";
import type { RequestContext } from "../../src/rules/types";
import { validateConfig } from "../../src/rules/validate";

export function features(over: Partial<Features> = {}): Features {
  return {
    inputTokens: 500,
    messageCount: 2,
    turnCount: 1,
    lastUserChars: 400,
    language: "en",
    script: "Latin",
    hasCode: false,
    hasJson: false,
    hasTable: false,
    hasUrl: false,
    hasTools: false,
    hasImages: false,
    responseFormat: "text",
    complexity: 0.2,
    ...over,
  };
}

export function ctx(over: Partial<RequestContext> = {}, feat: Partial<Features> = {}): RequestContext {
  return {
    requestedModel: "auto",
    metadata: {},
    lastUserText: "hello",
    ...over,
    features: features({ ...over.features, ...feat }),
  };
}

const price = { input: 1, output: 2, asOf: "2026-11-01" };

/** A small valid config: two providers, four models, economy/premium routes crossing providers. */
export function baseConfig(over: Partial<RouterConfigInput> = {}): RouterConfigInput {
  return {
    schemaVersion: 1,
    baselineModel: "big-a",
    providers: [
      { id: "pa", kind: "openai-compatible", baseUrl: "https://a.example/v1", apiKeyEnv: "A_KEY" },
      { id: "pb", kind: "anthropic", baseUrl: "https://b.example", apiKeyEnv: "B_KEY" },
    ],
    models: [
      {
        id: "small-a",
        provider: "pa",
        upstream: "small-a-1",
        tier: "economy",
        price,
        contextWindow: 128000,
        aliases: ["small-a-2024"],
      },
      { id: "small-b", provider: "pb", upstream: "small-b-1", tier: "economy", price, contextWindow: 200000 },
      { id: "big-a", provider: "pa", upstream: "big-a-1", tier: "premium", price, contextWindow: 128000 },
      { id: "big-b", provider: "pb", upstream: "big-b-1", tier: "premium", price, contextWindow: 200000 },
    ],
    categories: {
      extraction: { description: "pull fields out" },
      analysis: { description: "reason", patterns: ["\\banaly[sz]e\\b"] },
    },
    classifier: { model: "small-a" },
    routes: {
      economy: { model: "small-a", fallbacks: ["small-b"] },
      premium: { model: "big-a", fallbacks: ["big-b"] },
    },
    rules: [],
    default: { route: "premium" },
    ...over,
  };
}

/** Validates (must pass) and compiles a config. */
export function compiled(over: Partial<RouterConfigInput> = {}) {
  const report = validateConfig(baseConfig(over), { now: Date.parse("2026-11-24") });
  if (!report.config) throw new Error(`invalid test config: ${JSON.stringify(report.errors)}`);
  return compileConfig(report.config);
}
