import type { ModelEntry, Price, ProviderEntry, RouterConfig } from "../config/schema";
import type { Usage } from "./chat";

/** Catalog models by id and by alias, and providers by id, built once per config. */
export interface CatalogIndex {
  models: Map<string, ModelEntry>;
  providers: Map<string, ProviderEntry>;
}

/** One target in the order the dispatcher will try it: a catalog model and its provider. */
export interface DecisionTarget {
  model: string;
  provider: string;
  /** "primary" for the route's (or the split's) pick, "fallback" for the rest of the chain. */
  role: "primary" | "fallback";
}

type CatalogConfig = Pick<RouterConfig, "models"> & Partial<Pick<RouterConfig, "providers">>;

const PER_TOKEN = 1 / 1_000_000;

/**
 * The catalog's lookup maps, for code that looks up many names (the rules compiler, once per config
 * version). Same answers as {@link catalogModel}: an id wins over an alias, the first model wins a
 * duplicate name (the config validator rejects duplicates).
 * @example catalogIndex(config).models.get("gpt-4o-mini")?.provider // "openai"
 */
export function catalogIndex(config: CatalogConfig): CatalogIndex {
  const models = new Map<string, ModelEntry>();
  for (const m of config.models) if (!models.has(m.id)) models.set(m.id, m);
  for (const m of config.models) for (const alias of m.aliases) if (!models.has(alias)) models.set(alias, m);
  return { models, providers: new Map((config.providers ?? []).map((p) => [p.id, p])) };
}

/** The catalog entry of a model id (or else one of its aliases), if any: how every module looks a model up. */
export function catalogModel(config: CatalogConfig, modelId: string): ModelEntry | undefined {
  return config.models.find((m) => m.id === modelId) ?? config.models.find((m) => m.aliases.includes(modelId));
}

/** The provider entry of a provider id, if any. */
export function catalogProvider(config: Pick<RouterConfig, "providers">, id: string): ProviderEntry | undefined {
  return config.providers.find((p) => p.id === id);
}

/**
 * USD cost of one call: uncached input at `input`, cached input at `cachedInput` (or `input` when the
 * provider gives no discount), output at `output`; prices are per 1M tokens.
 * @example costOf({ input: 2.5, output: 10, asOf: "2026-11-01" }, { inputTokens: 1000, cachedInputTokens: 0, outputTokens: 500 }) // 0.0075
 */
export function costOf(price: Price, usage: Usage): number {
  const input = Math.max(0, usage.inputTokens);
  const cached = Math.min(input, Math.max(0, usage.cachedInputTokens));
  const output = Math.max(0, usage.outputTokens);
  const cachedPrice = price.cachedInput ?? price.input;
  return ((input - cached) * price.input + cached * cachedPrice + output * price.output) * PER_TOKEN;
}
