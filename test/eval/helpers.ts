import type { RouterConfigInput } from "../../src/config/schema";
import type { ReplayRow } from "../../eval/dataset";
import { compileConfig } from "../../src/rules/compile";
import type { ActiveConfig } from "../../src/rules/store";
import { validateConfig } from "../../src/rules/validate";

/** A config document validated and compiled the way the Worker serves it; throws on errors. */
export function activeOf(doc: RouterConfigInput): ActiveConfig {
  const report = validateConfig(doc);
  if (!report.config) throw new Error(JSON.stringify(report.errors));
  return {
    config: report.config,
    compiled: compileConfig(report.config),
    version: "test",
    source: "builtin",
    loadedAt: 0,
  };
}

const PRICE = (input: number, output: number) => ({ input, output, asOf: "2026-11-01" });

/**
 * A small config: `cheap-m` (economy, $1/$2 per 1M), `prem-m` (premium, $10/$20) and `mid-m`
 * (standard, a model the datasets never ran). Rules: inputs over 200 tokens → premium; category
 * easy → cheap; category mid → mid-m; everything else → premium.
 */
export function testConfig(overrides: Partial<RouterConfigInput> = {}): RouterConfigInput {
  return {
    schemaVersion: 1,
    baselineModel: "prem-m",
    providers: [
      {
        id: "p1",
        kind: "openai-compatible",
        baseUrl: "https://p1.example/v1",
        apiKeyEnv: "P1_KEY",
        baseUrlEnv: "P1_URL",
      },
      { id: "p2", kind: "anthropic", baseUrl: "https://p2.example", apiKeyEnv: "P2_KEY", baseUrlEnv: "P2_URL" },
    ],
    models: [
      { id: "cheap-m", provider: "p1", upstream: "cheap", tier: "economy", price: PRICE(1, 2), contextWindow: 100_000 },
      { id: "prem-m", provider: "p2", upstream: "prem", tier: "premium", price: PRICE(10, 20), contextWindow: 100_000 },
      { id: "mid-m", provider: "p1", upstream: "mid", tier: "standard", price: PRICE(3, 6), contextWindow: 100_000 },
    ],
    categories: {
      easy: { description: "easy tasks", keywords: ["easy"] },
      hard: { description: "hard tasks", keywords: ["hard"] },
      mid: { description: "middling tasks", keywords: ["middling"] },
    },
    classifier: { model: "cheap-m" },
    routes: {
      cheap: { model: "cheap-m", fallbacks: ["prem-m"] },
      premium: { model: "prem-m", fallbacks: ["cheap-m"] },
      mid: { model: "mid-m", fallbacks: ["prem-m"] },
    },
    rules: [
      { id: "long", when: { inputTokens: { gt: 200 } }, route: "premium" },
      { id: "easy-cheap", when: { category: "easy" }, route: "cheap" },
      { id: "mid-route", when: { category: "mid" }, route: "mid" },
    ],
    default: { route: "premium" },
    ...overrides,
  };
}

/** A replay row with 100 input and 100 output tokens for both models. */
export function row(
  id: string,
  category: string,
  cheap: number,
  premium: number,
  text = `Please handle this ${category} request.`,
): ReplayRow {
  return {
    id,
    category,
    messages: [{ role: "user", content: text }],
    outcomes: {
      "cheap-m": { score: cheap, in_tokens: 100, out_tokens: 100 },
      "prem-m": { score: premium, in_tokens: 100, out_tokens: 100 },
    },
  };
}
