/**
 * The provider kinds: one per wire protocol the router has an adapter for (src/providers/<kind>/).
 * The config schema's `kind` is read from these lists, and src/providers/index.ts maps every kind to
 * its adapter (a Record over ProviderKind: a kind without an adapter does not compile).
 * docs/providers.md says how to add a provider by config, and how to add a kind.
 */

/** Kinds reached over HTTP: a provider entry names `baseUrl` and the secret holding its key (`apiKeyEnv`). */
export const HTTP_PROVIDER_KINDS = ["openai-compatible", "anthropic"] as const;

/** Kinds reached through a Worker binding: a provider entry names the binding (`binding: AI`). */
export const BINDING_PROVIDER_KINDS = ["workers-ai"] as const;

export const PROVIDER_KINDS = [...HTTP_PROVIDER_KINDS, ...BINDING_PROVIDER_KINDS] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export type HttpProviderKind = (typeof HTTP_PROVIDER_KINDS)[number];
export type BindingProviderKind = (typeof BINDING_PROVIDER_KINDS)[number];
