import type { ProviderKind } from "../config/provider-kinds";
import type { BindingProviderEntry, HttpProviderEntry, ModelEntry, RouterConfig } from "../config/schema";
import { catalogModel, catalogProvider } from "../core/catalog";
import { ProviderError } from "../core/errors";
import { createAnthropicProvider } from "./anthropic/anthropic-provider";
import { createOpenAICompatibleProvider } from "./openai-compatible/openai-compatible-provider";
import type { AiBinding, ChatProvider, ProviderTarget } from "./types";
import { createWorkersAIProvider } from "./workers-ai/workers-ai-provider";

export type {
  AiBinding,
  CallOptions,
  ChatProvider,
  CompletionOutcome,
  ProviderTarget,
  StreamOutcome,
  StreamSummary,
} from "./types";

/** One adapter per provider kind (config/provider-kinds.ts); a kind missing here does not compile. */
const PROVIDERS: Record<ProviderKind, ChatProvider> = {
  "openai-compatible": createOpenAICompatibleProvider(),
  anthropic: createAnthropicProvider(),
  "workers-ai": createWorkersAIProvider(),
};

/**
 * The adapter for a wire protocol.
 * @example getProvider("anthropic").stream(req, target, { signal })
 */
export function getProvider(kind: ProviderKind): ChatProvider {
  const provider = PROVIDERS[kind];
  if (!provider) throw new Error(`no provider adapter for kind "${String(kind)}"`);
  return provider;
}

/**
 * Everything needed to call one catalog model (looked up by id, then alias). HTTP kinds: the base
 * URL (`env[baseUrlEnv]` when set and non-empty, else `baseUrl`) and the key from `env[apiKeyEnv]`;
 * binding kinds: the binding `env[binding]`. Throws ProviderError "not_found" for a model or
 * provider missing from the config or a binding that is not bound, and "auth" naming the secret
 * (never a value) when the key is not set.
 * @example resolveTarget(config, "claude-haiku", env) // { providerId: "anthropic", upstreamModel: "claude-3-5-haiku-20241022", … }
 */
export function resolveTarget(config: RouterConfig, modelId: string, env: Record<string, unknown>): ProviderTarget {
  const model = catalogModel(config, modelId);
  if (!model) throw new ProviderError("router", "not_found", `model "${modelId}" is not in the catalog`);
  const provider = catalogProvider(config, model.provider);
  if (!provider) {
    throw new ProviderError(
      model.provider,
      "not_found",
      `model "${model.id}" names provider "${model.provider}", which is not configured`,
    );
  }
  const target = "binding" in provider ? bindingTarget(provider, model, env) : httpTarget(provider, model, env);
  if (model.maxOutputTokens) target.maxOutputTokens = model.maxOutputTokens;
  return target;
}

function httpTarget(provider: HttpProviderEntry, model: ModelEntry, env: Record<string, unknown>): ProviderTarget {
  const apiKey = env[provider.apiKeyEnv];
  if (typeof apiKey !== "string" || apiKey === "") {
    throw new ProviderError(provider.id, "auth", `${provider.id}: the secret ${provider.apiKeyEnv} is not set`);
  }
  const override = provider.baseUrlEnv ? env[provider.baseUrlEnv] : undefined;
  return {
    providerId: provider.id,
    modelId: model.id,
    upstreamModel: model.upstream,
    baseUrl: typeof override === "string" && override !== "" ? override : provider.baseUrl,
    apiKey,
    headers: provider.headers,
  };
}

function bindingTarget(
  provider: BindingProviderEntry,
  model: ModelEntry,
  env: Record<string, unknown>,
): ProviderTarget {
  const binding = env[provider.binding] as Partial<AiBinding> | undefined;
  if (typeof binding?.run !== "function") {
    throw new ProviderError(provider.id, "not_found", `${provider.id}: the binding ${provider.binding} is not bound`);
  }
  return {
    providerId: provider.id,
    modelId: model.id,
    upstreamModel: model.upstream,
    baseUrl: "",
    apiKey: "",
    binding: binding as AiBinding,
  };
}

/** The adapter that serves a resolved target's provider. */
export function providerFor(config: RouterConfig, target: ProviderTarget): ChatProvider {
  const entry = catalogProvider(config, target.providerId);
  if (!entry)
    throw new ProviderError(target.providerId, "not_found", `provider "${target.providerId}" is not configured`);
  return getProvider(entry.kind);
}
