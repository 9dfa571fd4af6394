import { dispatch, type DispatchInput, type DispatchResult } from "../../src/dispatch";
import { BreakerBoard } from "../../src/dispatch/breaker/store";
import type { ResolvedTarget } from "../../src/dispatch/types";
import { createAnthropicProvider } from "../../src/providers/anthropic/anthropic-provider";
import { createOpenAICompatibleProvider } from "../../src/providers/openai-compatible/openai-compatible-provider";
import type { ChatProvider } from "../../src/providers/types";
import type { DecisionTarget } from "../../src/core/catalog";

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

export interface SimRunner {
  run(over?: Partial<Omit<DispatchInput, "deps">>): Promise<DispatchResult>;
  board: BreakerBoard;
}

/** Dispatches over the simulator with one breaker board shared by every run (one "isolate"). */
export function simRunner(
  simUrl: string,
  models: SimModel[],
  base: Partial<Omit<DispatchInput, "deps">> = {},
  now?: () => number,
): SimRunner {
  const board = new BreakerBoard();
  const resolve = simResolver(simUrl, models);
  const run = (over: Partial<Omit<DispatchInput, "deps">> = {}) =>
    dispatch({
      req: {
        model: "auto",
        messages: [{ role: "user", content: "Say something short about failover." }],
        max_tokens: 40,
      },
      stream: false,
      targets: targetsOf(models),
      ...base,
      ...over,
      deps: { resolve, breakers: board.session(), now },
    });
  return { run, board };
}

/** Registers a fault with the simulator's control API. */
export async function simFault(
  simUrl: string,
  model: string,
  fault: string | Record<string, unknown>,
  extra: { rate?: number; count?: number } = {},
): Promise<void> {
  const res = await fetch(`${simUrl}/_sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, fault, ...extra }),
  });
  if (res.status !== 201) throw new Error(`sim fault registration failed: ${res.status} ${await res.text()}`);
}

export async function clearSimFaults(simUrl: string, model: string): Promise<void> {
  await fetch(`${simUrl}/_sim/faults?model=${encodeURIComponent(model)}`, { method: "DELETE" });
}

/** A unique model-name prefix per test, so that tests sharing the simulator do not share counters. */
export const uniq = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`;
