import type { DefaultRule, ModelEntry, ProviderEntry, Route, RouterConfig, Rule } from "../config/schema";
import { compileCondition, type CompiledCondition } from "./conditions";
import { catalogIndex, type DecisionTarget } from "../core/catalog";

/** A route with its target orders precomputed: one frozen list per possible primary. */
export interface CompiledRoute {
  id: string;
  /** The route's settings with the config-wide deadlines and retry merged in (route wins). */
  routeConfig: Route;
  /** Primary candidates with the upper bound of their weight bucket (percent, cumulative). */
  picks: { model: string; upTo: number }[];
  /** targetsByPick[i]: pick i first, then the other split members, then the fallbacks (expanded). */
  targetsByPick: readonly (readonly DecisionTarget[])[];
}

export interface CompiledRule {
  id: string;
  rule: Rule;
  when: CompiledCondition;
  route: CompiledRoute;
}

/** Everything the evaluator needs, resolved once per config version. Treat as read-only. */
export interface CompiledConfig {
  config: RouterConfig;
  /** Catalog models by id and by alias. */
  models: Map<string, ModelEntry>;
  providers: Map<string, ProviderEntry>;
  routes: Map<string, CompiledRoute>;
  /** Model names meaning "route this for me": "auto" → undefined, "router/extraction" → "extraction". */
  routeAliases: Map<string, string | undefined>;
  /** Enabled rules, in order. */
  rules: CompiledRule[];
  defaultRule: { rule: DefaultRule; route: CompiledRoute };
  /** Explicit-model policy with the allow list resolved to catalog ids. */
  explicitModels: RouterConfig["policy"]["explicitModels"];
  allowModels: Set<string>;
}

export type ModelNameResolution = { kind: "alias"; task?: string } | { kind: "model"; model: ModelEntry } | undefined;

/** The prefix of the per-category route aliases: `router/extraction` routes with task=extraction. */
export const CATEGORY_ALIAS_PREFIX = "router/";

/**
 * Precomputes maps, route chains and regexes for a config that passed validateConfig.
 * Throws on a dangling reference (validation rejects those first).
 * @example const compiled = compileConfig(validateConfig(json).config!)
 */
export function compileConfig(config: RouterConfig): CompiledConfig {
  const { models, providers } = catalogIndex(config);
  const routeAliases = new Map<string, string | undefined>(config.policy.routeAliases.map((a) => [a, undefined]));
  for (const category of Object.keys(config.categories))
    routeAliases.set(`${CATEGORY_ALIAS_PREFIX}${category}`, category);

  const routes = new Map<string, CompiledRoute>();
  for (const id of Object.keys(config.routes)) routes.set(id, compileRoute(config, id, models));
  const routeOf = (id: string, where: string) => {
    const route = routes.get(id);
    if (!route) throw new Error(`${where}: unknown route '${id}'`);
    return route;
  };

  const rules = config.rules
    .filter((r) => r.enabled)
    .map((rule) => ({
      id: rule.id,
      rule,
      when: compileCondition(rule.when),
      route: routeOf(rule.route, `rule ${rule.id}`),
    }));
  const allowModels = new Set(config.policy.allowModels.map((name) => models.get(name)?.id ?? name));
  return {
    config,
    models,
    providers,
    routes,
    routeAliases,
    rules,
    defaultRule: { rule: config.default, route: routeOf(config.default.route, "default") },
    explicitModels: config.policy.explicitModels,
    allowModels,
  };
}

/**
 * What a client's `model` names: a routing alias (with its task for `router/<category>`), a catalog
 * model (by id or alias), or nothing (the API answers 404).
 * @example resolveModelName(compiled, "router/extraction") // { kind: "alias", task: "extraction" }
 */
export function resolveModelName(compiled: CompiledConfig, name: string): ModelNameResolution {
  if (compiled.routeAliases.has(name)) {
    const task = compiled.routeAliases.get(name);
    return task === undefined ? { kind: "alias" } : { kind: "alias", task };
  }
  const model = compiled.models.get(name);
  return model ? { kind: "model", model } : undefined;
}

/** Model names of a route's chain, primaries first, fallbackRoute chains appended (cycle-safe). */
export function routeChain(config: RouterConfig, routeId: string, seen = new Set<string>()): string[] {
  const route = config.routes[routeId];
  if (!route || seen.has(routeId)) return [];
  seen.add(routeId);
  const primaries = route.split ? route.split.map((s) => s.model) : route.model ? [route.model] : [];
  const tail = route.fallbackRoute ? routeChain(config, route.fallbackRoute, seen) : [];
  return [...primaries, ...route.fallbacks, ...tail];
}

function compileRoute(config: RouterConfig, id: string, models: Map<string, ModelEntry>): CompiledRoute {
  const route = config.routes[id];
  const resolve = (name: string): ModelEntry => {
    const model = models.get(name);
    if (!model) throw new Error(`route ${id}: unknown model '${name}'`);
    return model;
  };
  const chain = routeChain(config, id).map((name) => resolve(name).id);
  let total = 0;
  const picks = route.split
    ? route.split.map((s) => ({ model: resolve(s.model).id, upTo: (total += s.weight) }))
    : [{ model: chain[0], upTo: 100 }];
  const targetsByPick = picks.map((pick) => {
    const order = [...new Set([pick.model, ...chain])];
    return Object.freeze(
      order.map((model, i): DecisionTarget => {
        const provider = resolve(model).provider;
        return Object.freeze({ model, provider, role: i === 0 ? "primary" : "fallback" });
      }),
    );
  });
  const { resilience } = config;
  const routeConfig: Route = {
    ...route,
    deadlines: { ...resilience.deadlines, ...route.deadlines },
    retry: { ...resilience.retry, ...route.retry },
  };
  return { id, routeConfig, picks, targetsByPick };
}
