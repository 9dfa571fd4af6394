import type { Condition, RouterConfig } from "../config/schema";
import { UNKNOWN_CATEGORY } from "../classify/types";
import { CATEGORY_ALIAS_PREFIX, routeChain } from "./compile";
import { formatPath } from "../core/path";
import type { Issue } from "./issues";

type Path = (string | number)[];

/** Every leaf condition of a rule with its path, for reference and regex checks. */
export function* conditionLeaves(cond: Condition, path: Path): Generator<[Condition, Path]> {
  if ("all" in cond) for (const [i, c] of cond.all.entries()) yield* conditionLeaves(c, [...path, "all", i]);
  else if ("any" in cond) for (const [i, c] of cond.any.entries()) yield* conditionLeaves(c, [...path, "any", i]);
  else if ("not" in cond) yield* conditionLeaves(cond.not, [...path, "not"]);
  else yield [cond, path];
}

/** Every regex in the config (rule `pattern` leaves and category patterns) with its path and flags. */
export function configPatterns(config: RouterConfig): { path: string; source: string; flags: string }[] {
  const out: { path: string; source: string; flags: string }[] = [];
  for (const [id, c] of Object.entries(config.categories)) {
    c.patterns.forEach((source, i) =>
      out.push({ path: formatPath(["categories", id, "patterns", i]), source, flags: "i" }),
    );
  }
  config.rules.forEach((rule, r) => {
    for (const [leaf, path] of conditionLeaves(rule.when, ["rules", r, "when"])) {
      if ("pattern" in leaf)
        out.push({ path: formatPath([...path, "pattern"]), source: leaf.pattern, flags: leaf.flags ?? "i" });
    }
  });
  return out;
}

/** Cross-reference checks on a schema-valid config: every name points at something, no cycles. */
export function referenceErrors(config: RouterConfig): Issue[] {
  const errors: Issue[] = [];
  const err = (path: Path, message: string) => errors.push({ path: formatPath(path), message });
  const names = catalogNames(config, err);
  const isModel = (name: string) => names.get(name)?.kind === "model";

  if (!isModel(config.baselineModel)) err(["baselineModel"], `unknown model '${config.baselineModel}'`);
  if (!isModel(config.classifier.model)) err(["classifier", "model"], `unknown model '${config.classifier.model}'`);
  config.policy.allowModels.forEach((m, i) => isModel(m) || err(["policy", "allowModels", i], `unknown model '${m}'`));
  checkRoutes(config, isModel, err);

  const routeExists = (id: string) => Object.hasOwn(config.routes, id);
  const ruleIds = new Map<string, number>();
  config.rules.forEach((rule, r) => {
    const first = ruleIds.get(rule.id);
    if (first !== undefined) err(["rules", r, "id"], `duplicate rule id '${rule.id}' (also rules[${first}])`);
    else ruleIds.set(rule.id, r);
    if (!routeExists(rule.route)) err(["rules", r, "route"], `unknown route '${rule.route}'`);
    for (const [leaf, path] of conditionLeaves(rule.when, ["rules", r, "when"]))
      checkLeaf(config, names, leaf, path, err);
  });
  if (!routeExists(config.default.route)) err(["default", "route"], `unknown route '${config.default.route}'`);
  return errors;
}

type NameKind = { kind: "model" | "alias"; where: string };

function catalogNames(config: RouterConfig, err: (path: Path, message: string) => void): Map<string, NameKind> {
  const names = new Map<string, NameKind>();
  const claim = (name: string, kind: NameKind["kind"], path: Path) => {
    const prior = names.get(name);
    if (prior) err(path, `'${name}' is already taken by ${prior.where}`);
    else names.set(name, { kind, where: formatPath(path) });
  };
  const providerIds = new Set<string>();
  config.providers.forEach((p, i) => {
    if (providerIds.has(p.id)) err(["providers", i, "id"], `duplicate provider id '${p.id}'`);
    providerIds.add(p.id);
  });
  config.models.forEach((m, i) => {
    claim(m.id, "model", ["models", i, "id"]);
    if (!providerIds.has(m.provider)) err(["models", i, "provider"], `unknown provider '${m.provider}'`);
  });
  config.models.forEach((m, i) => m.aliases.forEach((a, j) => claim(a, "model", ["models", i, "aliases", j])));
  config.policy.routeAliases.forEach((a, i) => claim(a, "alias", ["policy", "routeAliases", i]));
  for (const id of Object.keys(config.categories)) claim(`${CATEGORY_ALIAS_PREFIX}${id}`, "alias", ["categories", id]);
  return names;
}

function checkRoutes(
  config: RouterConfig,
  isModel: (n: string) => boolean,
  err: (path: Path, message: string) => void,
) {
  const reported = new Set<string>();
  for (const [id, route] of Object.entries(config.routes)) {
    const at = (...rest: Path): Path => ["routes", id, ...rest];
    const model = (name: string, path: Path) => isModel(name) || err(path, `unknown model '${name}'`);
    if (route.model !== undefined) model(route.model, at("model"));
    route.split?.forEach((s, i) => model(s.model, at("split", i, "model")));
    if (route.split) {
      const sum = route.split.reduce((acc, s) => acc + s.weight, 0);
      if (Math.abs(sum - 100) > 1e-9) err(at("split"), `split weights sum to ${sum}, not 100`);
    }
    route.fallbacks.forEach((f, i) => model(f, at("fallbacks", i)));
    if (route.shadow) model(route.shadow.model, at("shadow", "model"));
    if (route.fallbackRoute !== undefined && !Object.hasOwn(config.routes, route.fallbackRoute)) {
      err(at("fallbackRoute"), `unknown route '${route.fallbackRoute}'`);
    }
    const cycle = fallbackCycle(config, id);
    if (cycle && !reported.has([...cycle].sort().join())) {
      reported.add([...cycle].sort().join());
      err(at("fallbackRoute"), `fallbackRoute cycle: ${[...cycle, cycle[0]].join(" → ")}`);
    }
    if (routeChain(config, id).length === 0) err(at(), "empty chain: the route has no target");
  }
}

/** The routes of the fallbackRoute cycle starting at `start`, or undefined. */
function fallbackCycle(config: RouterConfig, start: string): string[] | undefined {
  const path: string[] = [];
  let id: string | undefined = start;
  while (id !== undefined && Object.hasOwn(config.routes, id)) {
    const at = path.indexOf(id);
    if (at >= 0) return at === 0 ? path : undefined;
    path.push(id);
    id = config.routes[id].fallbackRoute;
  }
  return undefined;
}

function checkLeaf(
  config: RouterConfig,
  names: Map<string, NameKind>,
  leaf: Condition,
  path: Path,
  err: (path: Path, message: string) => void,
) {
  const values = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
  if ("category" in leaf) {
    for (const c of values(leaf.category)) {
      if (c !== UNKNOWN_CATEGORY && !Object.hasOwn(config.categories, c))
        err([...path, "category"], `unknown category '${c}'`);
    }
  } else if ("model" in leaf) {
    for (const m of values(leaf.model)) if (!names.has(m)) err([...path, "model"], `unknown model or alias '${m}'`);
  }
}
