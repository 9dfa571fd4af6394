import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/default-config";
import { RouterConfig, type RouterConfigInput } from "../../src/config/schema";
import { ProviderError } from "../../src/core/errors";
import { getProvider, providerFor, resolveTarget } from "../../src/providers";

const input: RouterConfigInput = {
  schemaVersion: 1,
  baselineModel: "big",
  providers: [
    {
      id: "openai",
      kind: "openai-compatible",
      baseUrl: "https://api.openai.com/v1",
      apiKeyEnv: "OPENAI_API_KEY",
      baseUrlEnv: "OPENAI_BASE_URL",
    },
    {
      id: "anthropic",
      kind: "anthropic",
      baseUrl: "https://api.anthropic.com",
      apiKeyEnv: "ANTHROPIC_API_KEY",
      headers: { "anthropic-beta": "b1" },
    },
  ],
  models: [
    {
      id: "big",
      provider: "openai",
      upstream: "gpt-4o-2024-08-06",
      tier: "premium",
      price: { input: 2.5, output: 10, asOf: "2025-01-01" },
      contextWindow: 128000,
      aliases: ["gpt-4o"],
    },
    {
      id: "haiku",
      provider: "anthropic",
      upstream: "claude-3-5-haiku-20241022",
      tier: "economy",
      price: { input: 0.8, output: 4, asOf: "2025-01-01" },
      contextWindow: 200000,
      maxOutputTokens: 8192,
    },
    {
      id: "ghost",
      provider: "nowhere",
      upstream: "x",
      tier: "economy",
      price: { input: 1, output: 1, asOf: "2025-01-01" },
      contextWindow: 1000,
    },
  ],
  categories: {},
  classifier: { model: "haiku" },
  routes: { main: { model: "big" } },
  rules: [],
  default: { route: "main" },
};
const config = RouterConfig.parse(input);

describe("provider registry", () => {
  it("returns one adapter per kind", () => {
    expect(getProvider("openai-compatible").kind).toBe("openai-compatible");
    expect(getProvider("anthropic").kind).toBe("anthropic");
  });

  it("resolves a model to its provider, key and upstream name", () => {
    const target = resolveTarget(config, "haiku", { ANTHROPIC_API_KEY: "sk-ant-1" });
    expect(target).toEqual({
      providerId: "anthropic",
      modelId: "haiku",
      upstreamModel: "claude-3-5-haiku-20241022",
      baseUrl: "https://api.anthropic.com",
      apiKey: "sk-ant-1",
      headers: { "anthropic-beta": "b1" },
      maxOutputTokens: 8192,
    });
    expect(providerFor(config, target).kind).toBe("anthropic");
  });

  it("uses the base URL override only when it is set and non-empty; aliases resolve too", () => {
    const keys = { OPENAI_API_KEY: "sk-o" };
    expect(resolveTarget(config, "big", { ...keys, OPENAI_BASE_URL: "http://127.0.0.1:9/v1" }).baseUrl).toBe(
      "http://127.0.0.1:9/v1",
    );
    expect(resolveTarget(config, "big", { ...keys, OPENAI_BASE_URL: "" }).baseUrl).toBe("https://api.openai.com/v1");
    expect(resolveTarget(config, "gpt-4o", keys).modelId).toBe("big");
  });

  it("a missing key is an auth error that names the secret, not a value", () => {
    const call = () => resolveTarget(config, "big", { OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "sk-ant-secret" });
    expect(call).toThrow(ProviderError);
    expect(call).toThrow(
      expect.objectContaining({
        kind: "auth",
        provider: "openai",
        message: "openai: the secret OPENAI_API_KEY is not set",
      }),
    );
  });

  it("an unknown model or provider is not_found", () => {
    expect(() => resolveTarget(config, "gpt-9", {})).toThrow(expect.objectContaining({ kind: "not_found" }));
    expect(() => resolveTarget(config, "ghost", {})).toThrow(
      expect.objectContaining({ kind: "not_found", provider: "nowhere" }),
    );
  });

  it("resolves the built-in config against the Worker's bindings (simulator URLs)", () => {
    const builtIn = RouterConfig.parse(DEFAULT_CONFIG);
    const openai = resolveTarget(builtIn, "gpt-4o-mini", env);
    expect(openai).toMatchObject({ providerId: "openai", baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY });
    const anthropic = resolveTarget(builtIn, "claude-3-5-haiku", env);
    expect(anthropic).toMatchObject({
      providerId: "anthropic",
      baseUrl: env.ANTHROPIC_BASE_URL,
      maxOutputTokens: 8192,
    });
  });
});
