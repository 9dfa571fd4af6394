import type { BreakerState } from "./durable-object";
import type { BreakerRemote } from "./store";

/**
 * The BreakerRemote over the BREAKERS Durable Object namespace: one object per provider, called
 * by RPC. A fresh stub per call (stubs are cheap; no I/O object outlives its request).
 */
export function durableBreakerRemote(ns: DurableObjectNamespace): BreakerRemote {
  const typed = ns as unknown as DurableObjectNamespace<BreakerState>;
  const stub = (provider: string) => typed.get(typed.idFromName(provider));
  return {
    push: async (provider, events, cfg) => await stub(provider).push(events, cfg),
    pull: async (provider) => await stub(provider).pull(),
  };
}
