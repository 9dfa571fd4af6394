/**
 * The simulator's models as dispatch targets, called through the router's real adapters: shared by
 * the dispatch tests (test/dispatch/) and the fault benchmark (bench/faults-lib.ts). The one sim/
 * file that imports src/.
 */
import type { DecisionTarget } from "../src/core/catalog";
import type { ResolvedTarget } from "../src/dispatch/types";
import { createAnthropicProvider } from "../src/providers/anthropic/anthropic-provider";
import { createOpenAICompatibleProvider } from "../src/providers/openai-compatible/openai-compatible-provider";
import type { ChatProvider } from "../src/providers/types";

export interface SimModel {
  /** Catalog id. */
  model: string;
  provider: "openai" | "anthropic";
  /** Model name sent to the simulator: faults go in a `~suffix`. */
  upstream: string;
  contextWindow?: number;
}

const adapters: Record<SimModel["provider"], ChatProvider> = {
  openai: createOpenAICompatibleProvider(),
  anthropic: createAnthropicProvider(),
};

const KEYS = { openai: "sk-sim-openai-0123456789", anthropic: "sk-ant-sim-0123456789" };

/** resolve() for models served by the simulator through the real adapters. */
export function simResolver(simUrl: string, models: SimModel[]): (id: string) => ResolvedTarget | undefined {
  const byId = new Map(models.map((m) => [m.model, m]));
  return (id) => {
    const m = byId.get(id);
    if (!m) return undefined;
    const baseUrl = m.provider === "openai" ? `${simUrl}/v1` : simUrl;
    const target = {
      providerId: m.provider,
      modelId: m.model,
      upstreamModel: m.upstream,
      baseUrl,
      apiKey: KEYS[m.provider],
      maxOutputTokens: 1024,
    };
    return { target, provider: adapters[m.provider], contextWindow: m.contextWindow ?? 128_000 };
  };
}

export const targetsOf = (models: SimModel[]): DecisionTarget[] =>
  models.map((m, i) => ({ model: m.model, provider: m.provider, role: i === 0 ? "primary" : "fallback" }));
