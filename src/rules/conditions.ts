import type { Condition, Range } from "../config/schema";
import type { CategorySource } from "../classify/types";
import type { RequestContext } from "./types";

/** Three-valued truth: a `category` leaf is UNKNOWN until classification has run. */
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export type Tri = typeof FALSE | typeof TRUE | typeof UNKNOWN;

/** A condition compiled once per config version: sets, regexes and closures, no parsing per request. */
export interface CompiledCondition {
  test(ctx: RequestContext): Tri;
  /** Why the condition evaluates to `holds` for ctx: short, human-readable (only for the matched rule). */
  explain(ctx: RequestContext, holds: boolean): string;
  /** True for all / any / not (their explanation gets parentheses inside another compound). */
  compound: boolean;
}

type ConditionKey<C> = C extends unknown ? keyof C : never;
export type ConditionKind = Exclude<ConditionKey<Condition>, "flags">;

const KINDS: Record<ConditionKind, true> = {
  all: true,
  any: true,
  not: true,
  task: true,
  model: true,
  client: true,
  metadata: true,
  category: true,
  inputTokens: true,
  messageCount: true,
  complexity: true,
  language: true,
  script: true,
  hasCode: true,
  hasJson: true,
  hasTable: true,
  hasUrl: true,
  hasTools: true,
  hasImages: true,
  responseFormat: true,
  pattern: true,
};
/** Every condition kind, in the order the docs list them. */
export const CONDITION_KINDS = Object.keys(KINDS) as ConditionKind[];

const SOURCE_LABEL: Record<CategorySource, string> = {
  tag: "tag",
  alias: "alias",
  pattern: "pattern",
  cache: "cache",
  model: "classifier",
  fallback: "fallback",
  none: "none",
};

type Features = RequestContext["features"];
type BoolFeature = "hasCode" | "hasJson" | "hasTable" | "hasUrl" | "hasTools" | "hasImages";
type NumFeature = "inputTokens" | "messageCount" | "complexity";

const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);
const tri = (b: boolean): Tri => (b ? TRUE : FALSE);

/**
 * Compiles a (schema-valid) condition into a three-valued test and an explainer.
 * @example compileCondition({ all: [{ category: "extraction" }, { inputTokens: { lte: 2000 } }] }).test(ctx)
 */
export function compileCondition(cond: Condition): CompiledCondition {
  if ("all" in cond) return allOf(cond.all.map(compileCondition));
  if ("any" in cond) return anyOf(cond.any.map(compileCondition));
  if ("not" in cond) return notOf(compileCondition(cond.not));
  if ("task" in cond) return member("task", cond.task, (c) => c.task);
  if ("model" in cond) return member("model", cond.model, (c) => c.requestedModel);
  if ("client" in cond) return member("client", cond.client, (c) => c.clientId);
  if ("metadata" in cond) return metadata(cond.metadata);
  if ("category" in cond) return category(cond.category);
  if ("language" in cond) return member("language", cond.language, (c) => c.features.language, true);
  if ("script" in cond) return member("script", cond.script, (c) => c.features.script, true);
  if ("responseFormat" in cond) return member("responseFormat", cond.responseFormat, (c) => c.features.responseFormat);
  if ("pattern" in cond) return pattern(cond.pattern, cond.flags);
  for (const key of ["inputTokens", "messageCount", "complexity"] as const) {
    if (key in cond) return range(key, (cond as Record<NumFeature, Range>)[key]);
  }
  for (const key of ["hasCode", "hasJson", "hasTable", "hasUrl", "hasTools", "hasImages"] as const) {
    if (key in cond) return flag(key, (cond as Record<BoolFeature, boolean>)[key]);
  }
  throw new Error(`unknown condition: ${JSON.stringify(cond)}`);
}

function joinExplained(parts: CompiledCondition[], ctx: RequestContext, holds: boolean, op: string): string {
  const texts = parts.map((p) => {
    const text = p.explain(ctx, holds);
    return p.compound && parts.length > 1 && /[∧∨]/.test(text) ? `(${text})` : text;
  });
  return texts.join(op);
}

/** all: FALSE decides, else UNKNOWN if any is unknown, else TRUE; any: the same with TRUE deciding. */
function fold(parts: CompiledCondition[], decisive: Tri, otherwise: Tri): (ctx: RequestContext) => Tri {
  return (ctx) => {
    let unknown = false;
    for (const p of parts) {
      const t = p.test(ctx);
      if (t === decisive) return decisive;
      if (t === UNKNOWN) unknown = true;
    }
    return unknown ? UNKNOWN : otherwise;
  };
}

function allOf(parts: CompiledCondition[]): CompiledCondition {
  return {
    compound: true,
    test: fold(parts, FALSE, TRUE),
    explain(ctx, holds) {
      if (holds) return joinExplained(parts, ctx, true, " ∧ ");
      const failing = parts.find((p) => p.test(ctx) === FALSE);
      return failing ? failing.explain(ctx, false) : "not all held";
    },
  };
}

function anyOf(parts: CompiledCondition[]): CompiledCondition {
  return {
    compound: true,
    test: fold(parts, TRUE, FALSE),
    explain(ctx, holds) {
      if (!holds) return joinExplained(parts, ctx, false, " ∧ ");
      return joinExplained(
        parts.filter((p) => p.test(ctx) === TRUE),
        ctx,
        true,
        " ∨ ",
      );
    },
  };
}

function notOf(inner: CompiledCondition): CompiledCondition {
  return {
    compound: inner.compound,
    test(ctx) {
      const t = inner.test(ctx);
      return t === UNKNOWN ? UNKNOWN : t === TRUE ? FALSE : TRUE;
    },
    explain: (ctx, holds) => inner.explain(ctx, !holds),
  };
}

function describeMiss(name: string, actual: string | undefined, values: string[]): string {
  const shown = actual === undefined ? `${name} unset` : `${name}=${actual}`;
  return values.length === 1 ? `${shown} ≠ ${values[0]}` : `${shown} ∉ {${values.join(", ")}}`;
}

function member(
  name: string,
  value: string | string[],
  get: (ctx: RequestContext) => string | undefined,
  caseInsensitive = false,
): CompiledCondition {
  const values = list(value);
  const set = new Set(caseInsensitive ? values.map((v) => v.toLowerCase()) : values);
  const has = caseInsensitive
    ? (v: string | undefined) => v !== undefined && set.has(v.toLowerCase())
    : (v: string | undefined) => v !== undefined && set.has(v);
  return {
    compound: false,
    test: (ctx) => tri(has(get(ctx))),
    explain: (ctx, holds) => (holds ? `${name}=${get(ctx)}` : describeMiss(name, get(ctx), values)),
  };
}

function category(value: string | string[]): CompiledCondition {
  const values = list(value);
  const set = new Set(values);
  const shown = (ctx: RequestContext) =>
    ctx.categorySource ? `${ctx.category} (${SOURCE_LABEL[ctx.categorySource]})` : `${ctx.category}`;
  return {
    compound: false,
    test: (ctx) => (ctx.category === undefined ? UNKNOWN : tri(set.has(ctx.category))),
    explain: (ctx, holds) =>
      holds ? `category=${shown(ctx)}` : describeMiss("category", ctx.category && shown(ctx), values),
  };
}

function metadata(spec: Record<string, string | string[]>): CompiledCondition {
  const entries = Object.entries(spec).map(([key, v]) => [key, new Set(list(v)), list(v)] as const);
  const failing = (ctx: RequestContext) => entries.find(([key, set]) => !set.has(ctx.metadata[key] as string));
  return {
    compound: false,
    test: (ctx) => tri(failing(ctx) === undefined),
    explain(ctx, holds) {
      if (holds) return entries.map(([key]) => `metadata.${key}=${ctx.metadata[key]}`).join(" ∧ ") || "metadata";
      const miss = failing(ctx);
      return miss ? describeMiss(`metadata.${miss[0]}`, ctx.metadata[miss[0]], miss[2]) : "metadata";
    },
  };
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

function range(name: NumFeature, r: Range): CompiledCondition {
  const { gt, gte, lt, lte } = r;
  const checks: [(v: number) => boolean, string, string][] = [];
  if (gt !== undefined) checks.push([(v) => v > gt, `> ${fmt(gt)}`, `≤ ${fmt(gt)}`]);
  if (gte !== undefined) checks.push([(v) => v >= gte, `≥ ${fmt(gte)}`, `< ${fmt(gte)}`]);
  if (lt !== undefined) checks.push([(v) => v < lt, `< ${fmt(lt)}`, `≥ ${fmt(lt)}`]);
  if (lte !== undefined) checks.push([(v) => v <= lte, `≤ ${fmt(lte)}`, `> ${fmt(lte)}`]);
  const get = (f: Features) => f[name];
  const test = (ctx: RequestContext): Tri => {
    const v = get(ctx.features);
    for (const [ok] of checks) if (!ok(v)) return FALSE;
    return TRUE;
  };
  return {
    compound: false,
    test,
    explain(ctx, holds) {
      const v = get(ctx.features);
      const head = `${name}=${fmt(v)}`;
      if (holds) return `${head} ${checks.map((c) => c[1]).join(", ")}`;
      const miss = checks.find(([ok]) => !ok(v));
      return miss ? `${head} ${miss[2]}` : head;
    },
  };
}

function flag(name: BoolFeature, want: boolean): CompiledCondition {
  return {
    compound: false,
    test: (ctx) => tri(ctx.features[name] === want),
    explain: (ctx) => (ctx.features[name] ? name : `¬${name}`),
  };
}

/** Rule patterns match case-insensitively unless `flags` is given explicitly. */
export function patternRegExp(source: string, flags?: string): RegExp {
  return new RegExp(source, flags ?? "i");
}

function pattern(source: string, flags?: string): CompiledCondition {
  const re = patternRegExp(source, flags);
  const shown = `/${source.length > 40 ? `${source.slice(0, 37)}...` : source}/${re.flags}`;
  return {
    compound: false,
    test: (ctx) => tri(re.test(ctx.lastUserText)),
    explain: (_ctx, holds) => (holds ? `text ~ ${shown}` : `text !~ ${shown}`),
  };
}
