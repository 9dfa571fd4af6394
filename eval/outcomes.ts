import type { ModelEntry, Price, RouterConfig } from "../src/config/schema";
import { catalogModel, costOf } from "../src/core/catalog";
import type { Outcome, ReplayRow } from "./dataset";

/**
 * How a dataset's outcome names map onto a config: which outcome is the cheap end and which the
 * premium end of the cost–quality curve, and the catalog entry (price, tier) of each outcome name.
 */
export interface OutcomeIndex {
  cheap: string;
  premium: string;
  /** Dataset outcome name → catalog entry (undefined when the catalog lacks it). */
  entries: Map<string, ModelEntry | undefined>;
  /** Catalog id → the dataset outcome name recorded for it. */
  byCatalogId: Map<string, string>;
  /** Price of an outcome name; undefined when unknown (costs are then NaN). */
  priceOf(name: string): Price | undefined;
}

export interface OutcomeIndexOptions {
  /** Dataset outcome name (or a catalog id / alias of it) of the cheap end. */
  cheap?: string;
  premium?: string;
  /** Prices for outcome names the config's catalog lacks (e.g. the gate's proxy dataset). */
  extraPrices?: Record<string, Price>;
  /** Throw when an outcome's model has no price (the replay CLI); false: costs become NaN. */
  requirePrices?: boolean;
}

const perToken = (p: Price) => p.input + p.output;

/**
 * Resolves the dataset's outcome names through the config's catalog and picks the curve's ends:
 * the baseline model (or the dearest) as premium, the cheapest as cheap, unless named.
 * @example const idx = outcomeIndex(config, rows, { cheap: "mixtral-8x7b-instruct" })
 */
export function outcomeIndex(
  config: RouterConfig,
  rows: readonly ReplayRow[],
  opts: OutcomeIndexOptions = {},
): OutcomeIndex {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.outcomes)))];
  if (names.length < 2)
    throw new Error(`a replay needs outcomes of at least two models, found: ${names.join(", ") || "none"}`);
  const entries = new Map(names.map((n) => [n, catalogModel(config, n)] as const));
  const priceOf = (name: string) => opts.extraPrices?.[name] ?? entries.get(name)?.price;
  const unpriced = names.filter((n) => !priceOf(n));
  if (opts.requirePrices && unpriced.length) {
    throw new Error(
      `dataset model(s) ${unpriced.map((n) => `'${n}'`).join(", ")} not in the config's catalog: add them with their prices (see rules/replay-routellm.yaml)`,
    );
  }
  const byCatalogId = new Map<string, string>();
  for (const [name, entry] of entries) if (entry) byCatalogId.set(entry.id, name);
  const pick = (wanted: string | undefined, fallback: () => string) => {
    if (!wanted) return fallback();
    const found = names.find((n) => n === wanted) ?? byCatalogId.get(catalogModel(config, wanted)?.id ?? "");
    if (!found) throw new Error(`'${wanted}' has no outcomes in the dataset (models: ${names.join(", ")})`);
    return found;
  };
  const byCost = [...names].sort(
    (a, b) => (priceOf(a) ? perToken(priceOf(a)!) : Infinity) - (priceOf(b) ? perToken(priceOf(b)!) : Infinity),
  );
  const baseline = byCatalogId.get(catalogModel(config, config.baselineModel)?.id ?? "");
  const premium = pick(
    opts.premium,
    () => baseline ?? byCost.filter((n) => priceOf(n)).at(-1) ?? names[names.length - 1],
  );
  const cheap = pick(opts.cheap, () => byCost.find((n) => n !== premium)!);
  if (cheap === premium) throw new Error(`cheap and premium are the same model '${cheap}'`);
  return { cheap, premium, entries, byCatalogId, priceOf };
}

/** USD cost of one recorded outcome at the outcome model's list price (NaN when unpriced). */
export function outcomeCost(index: OutcomeIndex, name: string, o: Outcome): number {
  const price = index.priceOf(name);
  if (!price) return Number.NaN;
  return costOf(price, {
    inputTokens: o.in_tokens,
    cachedInputTokens: o.cached_tokens ?? 0,
    outputTokens: o.out_tokens,
  });
}

/**
 * The outcome that answers for a routed catalog model: its own recorded outcome, else (a model the
 * dataset never ran) the premium outcome for a premium-tier model and the cheap one otherwise.
 */
export function outcomeFor(
  index: OutcomeIndex,
  config: RouterConfig,
  row: ReplayRow,
  modelId: string,
): { name: string; byTier: boolean } {
  const own = index.byCatalogId.get(modelId) ?? (row.outcomes[modelId] ? modelId : undefined);
  if (own && row.outcomes[own]) return { name: own, byTier: false };
  const tier = catalogModel(config, modelId)?.tier;
  const name = tier === "premium" ? index.premium : index.cheap;
  if (!row.outcomes[name]) throw new Error(`row ${row.id} has no outcome for '${name}'`);
  return { name, byTier: true };
}
