import type { Env } from "../env";
import type { ActiveConfig } from "../rules/store";
import { getProvider, resolveTarget, type ChatProvider } from "../providers";
import { breakerStore, type DispatchDeps, type ResolvedTarget } from "../dispatch";
import { ProviderError } from "../core/errors";
import { isolateClassificationCache } from "../classify/category/cache";
import { callModelVia } from "../classify/category/model-classifier";
import type { ClassifyDeps } from "../classify/category/pipeline";

/**
 * Dispatch's view of the catalog: a model id → its adapter, target and context window. A model
 * whose provider key is missing still resolves: its attempts fail with the "auth" ProviderError
 * naming the secret, so the chain moves on and the record says why.
 */
export function dispatchDeps(env: Env, active: ActiveConfig, waitUntil?: (p: Promise<unknown>) => void): DispatchDeps {
  const resolved = new Map<string, ResolvedTarget | undefined>();
  return {
    breakers: breakerStore(env, waitUntil),
    resolve(modelId) {
      if (resolved.has(modelId)) return resolved.get(modelId);
      const entry = active.compiled.models.get(modelId);
      const providerEntry = entry && active.compiled.providers.get(entry.provider);
      let result: ResolvedTarget | undefined;
      if (entry && providerEntry) {
        result = { ...callable(active, modelId, env, providerEntry.kind), contextWindow: entry.contextWindow };
      }
      resolved.set(modelId, result);
      return result;
    },
  };
}

function callable(active: ActiveConfig, modelId: string, env: Env, kind: ChatProvider["kind"]) {
  try {
    return { target: resolveTarget(active.config, modelId, env), provider: getProvider(kind) };
  } catch (err) {
    if (err instanceof ProviderError) return unusable(err, modelId);
    throw err;
  }
}

/** A target that cannot be called (its key is missing): every call fails with the same error. */
function unusable(error: ProviderError, modelId: string): Pick<ResolvedTarget, "target" | "provider"> {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return {
    target: { providerId: error.provider, modelId, upstreamModel: modelId, baseUrl: "", apiKey: "" },
    provider: { kind: "openai-compatible", complete: fail, stream: fail },
  };
}

/**
 * The classifier's cache (isolate LRU in front of the Cache API) and its cheap model, called
 * through the same provider adapters as any request. The classifier enforces its own deadline.
 */
export function classifierDeps(
  env: Env,
  active: ActiveConfig,
  waitUntil?: (p: Promise<unknown>) => void,
  signal?: AbortSignal,
): ClassifyDeps {
  const settings = active.config.classifier;
  const entry = active.compiled.models.get(settings.model);
  const providerEntry = entry && active.compiled.providers.get(entry.provider);
  const deps: ClassifyDeps = { cache: isolateClassificationCache(), waitUntil, signal };
  if (!entry || !providerEntry) return deps;
  const { target, provider } = callable(active, entry.id, env, providerEntry.kind);
  deps.callModel = callModelVia(provider, target);
  deps.classifierPrice = entry.price;
  deps.classifierJsonSchema = entry.capabilities.jsonSchema;
  return deps;
}
