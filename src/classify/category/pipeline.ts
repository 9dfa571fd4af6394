import type { Category, ClassifierSettings, Price } from "../../config/schema";
import type { ChatCompletionRequest } from "../../core/chat";
import { classificationCacheKey, type ClassificationCache } from "./cache";
import { compileCategoryPatterns, matchCategory, type CompiledCategoryPatterns } from "./categories";
import { classificationText } from "../features/features";
import { classifyWithModel, type CallModel } from "./model-classifier";
import { UNKNOWN_CATEGORY, type Classification, type Features } from "../types";

/** The request and the config's category settings: everything the local passes need. */
export interface ClassifyInput {
  req: ChatCompletionRequest;
  features: Features;
  lastUserText: string;
  /** Explicit task: header x-router-task, metadata.task, or a router/<category> alias. */
  task?: string;
  /** How the task was given; "tag" unless the client used a router/<category> alias. */
  taskSource?: "tag" | "alias";
  settings: ClassifierSettings;
  categories: Readonly<Record<string, Category>>;
  /** From `compileCategoryPatterns` once per config version; compiled (and memoised) when absent. */
  compiledPatterns?: CompiledCategoryPatterns;
  /** Valid category ids; `Object.keys(categories)` when absent. */
  categoryIds?: ReadonlySet<string>;
  /** `promptHash(lastUserText)` when the caller computes it anyway: the cache key reuses it. */
  promptHash?: Promise<string>;
}

/** What the remote passes need: the cache and the cheap model. */
export interface ClassifyDeps {
  cache?: ClassificationCache;
  callModel?: CallModel;
  /** Catalog price of settings.model, for the classifier's cost. */
  classifierPrice?: Price;
  /** settings.model accepts response_format json_schema. */
  classifierJsonSchema?: boolean;
  /** Lets the cache write finish after the response (ctx.waitUntil); awaited when absent. */
  waitUntil?: (promise: Promise<unknown>) => void;
  signal?: AbortSignal;
  now?: () => number;
}

const NOTHING: Classification = { category: UNKNOWN_CATEGORY, source: "none" };

function isCategory(input: ClassifyInput, id: string): boolean {
  return input.categoryIds ? input.categoryIds.has(id) : Object.hasOwn(input.categories, id);
}

/**
 * The local passes, pure and synchronous: an explicit task naming a known category, then the
 * rule-based keywords and patterns. Undefined when neither settles it (the replay and the CLI
 * stop here; the Worker goes on with `classify`).
 *
 * @example classifyLocal({ ...input, task: "extraction" }) // { category: "extraction", source: "tag", confidence: 1 }
 */
export function classifyLocal(input: ClassifyInput): Classification | undefined {
  if (input.task && isCategory(input, input.task)) {
    return { category: input.task, source: input.taskSource ?? "tag", confidence: 1, reason: "explicit task" };
  }
  const compiled = input.compiledPatterns ?? compileCategoryPatterns(input.categories);
  const match = matchCategory(
    classificationText(input.req, input.lastUserText),
    input.features,
    input.categories,
    compiled,
  );
  if (!match) return undefined;
  return {
    category: match.category,
    source: "pattern",
    confidence: match.confidence,
    reason: `matched ${match.matched}`,
  };
}

/**
 * The whole pipeline, cheapest first: explicit tag → rule patterns → classification cache → cheap
 * model (when settings.enabled and a callModel is given) → "unknown". Only successful model
 * answers are cached; a cache that fails is skipped, never an error.
 *
 * @example const c = await classify(input, { cache, callModel, classifierPrice, waitUntil: ctx.waitUntil.bind(ctx) })
 */
export async function classify(input: ClassifyInput, deps: ClassifyDeps = {}): Promise<Classification> {
  return classifyLocal(input) ?? classifyRemote(input, deps);
}

/**
 * The passes after the local ones, for a caller that has run `classifyLocal` already and got
 * nothing: classification cache → cheap model → "unknown".
 *
 * @example const c = classifyLocal(input) ?? (await classifyRemote(input, deps))
 */
export async function classifyRemote(input: ClassifyInput, deps: ClassifyDeps = {}): Promise<Classification> {
  const text = classificationText(input.req, input.lastUserText);
  if (!text.trim()) return NOTHING;
  const { settings, categories } = input;
  const textHash = text === input.lastUserText ? input.promptHash : undefined;
  const key = deps.cache ? await classificationCacheKey(text, categories, settings.model, textHash) : "";
  if (deps.cache) {
    const hit = await deps.cache.get(key).catch(() => undefined);
    if (hit && isCategory(input, hit.category)) {
      return {
        category: hit.category,
        source: "cache",
        confidence: hit.confidence,
        ...(hit.reason ? { reason: hit.reason } : {}),
      };
    }
  }
  if (!settings.enabled || !deps.callModel) return NOTHING;
  const result = await classifyWithModel({
    text,
    categories,
    settings,
    callModel: deps.callModel,
    price: deps.classifierPrice,
    jsonSchema: deps.classifierJsonSchema,
    signal: deps.signal,
    now: deps.now,
  });
  if (result.source === "model" && deps.cache) {
    const value = { category: result.category, confidence: result.confidence, reason: result.reason };
    const write = deps.cache.put(key, value, settings.cacheTtlSeconds).catch(() => undefined);
    if (deps.waitUntil) deps.waitUntil(write);
    else await write;
  }
  return result;
}
