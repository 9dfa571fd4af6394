import * as z from "zod";
import { BINDING_PROVIDER_KINDS, HTTP_PROVIDER_KINDS } from "./provider-kinds";

/**
 * The routing config: one document, kept in KV under `config:active`, edited as rules/router.yaml.
 * Everything the router decides comes from here: the model catalog with prices, the providers, the
 * task categories, the routes (target + fallback chain + canary split + shadow + deadlines), and the
 * ordered, documented rules. Cross-reference checks (unknown models, cycles, regexes) live in
 * src/rules/validate.ts; this file is the shape.
 */

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, "ids use letters, digits and . _ : / @ -");
const oneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1)]);

export const Price = z.strictObject({
  /** USD per 1M input tokens. */
  input: z.number().nonnegative(),
  /** USD per 1M cached input tokens; defaults to `input` when the provider has no discount. */
  cachedInput: z.number().nonnegative().optional(),
  /** USD per 1M output tokens. */
  output: z.number().nonnegative(),
  /** When the list price was taken, YYYY-MM-DD. */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: z.string().optional(),
});
export type Price = z.infer<typeof Price>;

export const Tier = z.enum(["economy", "standard", "premium"]);
export type Tier = z.infer<typeof Tier>;

export const ModelEntry = z.strictObject({
  /** The id clients send and see, e.g. "gpt-4o-mini". */
  id,
  provider: id,
  /** The model name sent upstream, e.g. "claude-3-5-haiku-20241022". */
  upstream: z.string().min(1),
  tier: Tier,
  price: Price,
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive().optional(),
  capabilities: z
    .strictObject({
      tools: z.boolean().default(true),
      images: z.boolean().default(false),
      jsonSchema: z.boolean().default(false),
    })
    .default({ tools: true, images: false, jsonSchema: false }),
  aliases: z.array(id).default([]),
  description: z.string().optional(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/);

/** A provider reached over HTTP (config/provider-kinds.ts: HTTP_PROVIDER_KINDS). */
export const HttpProviderEntry = z.strictObject({
  id,
  kind: z.enum(HTTP_PROVIDER_KINDS),
  baseUrl: z.url(),
  /** Name of the Worker secret holding the API key (never the key itself). */
  apiKeyEnv: envName,
  /** Name of a Worker var that, when set, overrides baseUrl (local simulator, proxies). */
  baseUrlEnv: envName.optional(),
  headers: z.record(z.string(), z.string()).default({}),
});
export type HttpProviderEntry = z.infer<typeof HttpProviderEntry>;

/** A provider reached through a Worker binding, e.g. Workers AI (`binding: AI`, declared in wrangler.toml). */
export const BindingProviderEntry = z.strictObject({
  id,
  kind: z.enum(BINDING_PROVIDER_KINDS),
  /** Name of the Worker binding that serves the provider's models. */
  binding: envName,
});
export type BindingProviderEntry = z.infer<typeof BindingProviderEntry>;

export const ProviderEntry = z.discriminatedUnion("kind", [HttpProviderEntry, BindingProviderEntry]);
export type ProviderEntry = z.infer<typeof ProviderEntry>;

export const Category = z.strictObject({
  description: z.string().min(1),
  /** Case-insensitive keywords/phrases for the rule-based pass. */
  keywords: z.array(z.string().min(1)).default([]),
  /** Regexes (JavaScript syntax, matched case-insensitively) for the rule-based pass. */
  patterns: z.array(z.string().min(1)).default([]),
});
export type Category = z.infer<typeof Category>;

const Range = z
  .strictObject({ gt: z.number(), gte: z.number(), lt: z.number(), lte: z.number() })
  .partial()
  .refine((r) => Object.keys(r).length > 0, "a range needs at least one of gt, gte, lt, lte");
export type Range = z.infer<typeof Range>;

/** A rule condition. Leaves test one fact about the request; all / any / not compose them. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { task: string | string[] }
  | { model: string | string[] }
  | { client: string | string[] }
  | { metadata: Record<string, string | string[]> }
  | { category: string | string[] }
  | { inputTokens: Range }
  | { messageCount: Range }
  | { complexity: Range }
  | { language: string | string[] }
  | { script: string | string[] }
  | { hasCode: boolean }
  | { hasJson: boolean }
  | { hasTable: boolean }
  | { hasUrl: boolean }
  | { hasTools: boolean }
  | { hasImages: boolean }
  | { responseFormat: string | string[] }
  | { pattern: string; flags?: string };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
    z.strictObject({ task: oneOrMany(z.string().min(1)) }),
    z.strictObject({ model: oneOrMany(z.string().min(1)) }),
    z.strictObject({ client: oneOrMany(z.string().min(1)) }),
    z.strictObject({ metadata: z.record(z.string(), oneOrMany(z.string())) }),
    z.strictObject({ category: oneOrMany(z.string().min(1)) }),
    z.strictObject({ inputTokens: Range }),
    z.strictObject({ messageCount: Range }),
    z.strictObject({ complexity: Range }),
    z.strictObject({ language: oneOrMany(z.string().min(2)) }),
    z.strictObject({ script: oneOrMany(z.string().min(2)) }),
    z.strictObject({ hasCode: z.boolean() }),
    z.strictObject({ hasJson: z.boolean() }),
    z.strictObject({ hasTable: z.boolean() }),
    z.strictObject({ hasUrl: z.boolean() }),
    z.strictObject({ hasTools: z.boolean() }),
    z.strictObject({ hasImages: z.boolean() }),
    z.strictObject({ responseFormat: oneOrMany(z.enum(["text", "json_object", "json_schema"])) }),
    z.strictObject({
      pattern: z.string().min(1),
      flags: z
        .string()
        .regex(/^[imsu]*$/)
        .optional(),
    }),
  ]),
);

export const Deadlines = z.strictObject({
  /** Time to the first byte of a streaming attempt. */
  firstByteMs: z.number().int().positive().optional(),
  /** Time to the whole body of a non-streaming attempt (upstreams send nothing before it is done). */
  responseMs: z.number().int().positive().optional(),
  /** Longest silence between two stream chunks. */
  idleMs: z.number().int().positive().optional(),
  /** The whole request, all attempts included. */
  totalMs: z.number().int().positive().optional(),
});

export const RetryPolicy = z.strictObject({
  /** Extra attempts on the same target for retryable errors (0 = fail over straight away). */
  maxRetries: z.number().int().min(0).max(5).optional(),
  baseDelayMs: z.number().int().min(0).optional(),
  maxDelayMs: z.number().int().min(0).optional(),
});

export const Route = z
  .strictObject({
    description: z.string().optional(),
    /** The primary target. Exactly one of `model` and `split`. */
    model: z.string().min(1).optional(),
    /** Weighted primaries (canary): weights are percentages summing to 100. */
    split: z
      .array(z.strictObject({ model: z.string().min(1), weight: z.number().positive() }))
      .min(2)
      .optional(),
    /** Ordered fallbacks tried after the primary; should cross providers. */
    fallbacks: z.array(z.string().min(1)).default([]),
    /** Continue with another route's chain after these fallbacks (checked for cycles). */
    fallbackRoute: z.string().optional(),
    /** Copy a sample of requests to another model, record only; never affects the client. */
    shadow: z.strictObject({ model: z.string().min(1), sampleRate: z.number().min(0).max(1) }).optional(),
    deadlines: Deadlines.optional(),
    retry: RetryPolicy.optional(),
    /** Start the next target when the current one has sent nothing after this long; first answer wins. */
    hedge: z.strictObject({ afterMs: z.number().int().positive() }).optional(),
  })
  .refine((r) => (r.model === undefined) !== (r.split === undefined), {
    message: "a route needs exactly one of `model` or `split`",
  });
export type Route = z.infer<typeof Route>;

/** The quality test that justified a rule (the routing guide's "validate before routing"). */
export const ValidationResult = z.strictObject({
  dataset: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sampleSize: z.number().int().positive(),
  /** Quality (0..1) per model id, e.g. { "gpt-4o": 0.995, "gpt-4o-mini": 0.97 }. */
  quality: z.record(z.string(), z.number().min(0).max(1)),
  /** Premium quality minus the routed model's quality, as measured. */
  gap: z.number(),
  /** The gap after shrinkage toward the other categories' (what calibration decided on). */
  estimate: z.number().optional(),
  /** One-sided upper confidence bound of the gap (the guard's test). */
  upperBound: z.number().optional(),
  method: z.string().optional(),
  notes: z.string().optional(),
});
export type ValidationResult = z.infer<typeof ValidationResult>;

/** Thresholds that trigger a routing review (the drift check reads these). */
export const Monitoring = z.strictObject({
  maxCostPerRequestUsd: z.number().positive().optional(),
  minQualityScore: z.number().min(0).max(1).optional(),
  maxCorrectionRate: z.number().min(0).max(1).optional(),
  /** Share of requests classified "unknown" or with low confidence before a review is due. */
  maxUnclassifiedShare: z.number().min(0).max(1).optional(),
});
export type Monitoring = z.infer<typeof Monitoring>;

const RuleDocs = {
  /** Why this rule exists. Missing documentation is a validation warning. */
  description: z.string().optional(),
  validation: ValidationResult.optional(),
  monitoring: Monitoring.optional(),
  owner: z.string().optional(),
  /** Opt-in: store prompt/completion samples for requests this rule routes. */
  storeSamples: z.boolean().default(false),
};

export const Rule = z.strictObject({
  id,
  when: Condition,
  route: z.string().min(1),
  enabled: z.boolean().default(true),
  ...RuleDocs,
});
export type Rule = z.infer<typeof Rule>;

export const DefaultRule = z.strictObject({ route: z.string().min(1), ...RuleDocs });
export type DefaultRule = z.infer<typeof DefaultRule>;

export const ClassifierSettings = z.strictObject({
  /** Use the cheap model for what tags and patterns do not settle. */
  enabled: z.boolean().default(true),
  /** Catalog id of the classifier model. */
  model: z.string().min(1),
  timeoutMs: z.number().int().positive().default(1500),
  /** Below this confidence the classification counts as "unknown" (the safe default). */
  minConfidence: z.number().min(0).max(1).default(0.6),
  cacheTtlSeconds: z.number().int().min(60).default(86_400),
  /** Characters of the last user message sent to the classifier. */
  maxInputChars: z.number().int().positive().default(2000),
});
export type ClassifierSettings = z.infer<typeof ClassifierSettings>;

export const Policy = z.strictObject({
  /**
   * What a request naming a concrete catalog model gets:
   * "honor" – that model; "allowlist" – that model if listed in allowModels, else routed;
   * "route" – always routed by the rules.
   */
  explicitModels: z.enum(["honor", "allowlist", "route"]).default("honor"),
  allowModels: z.array(z.string()).default([]),
  /** Model names that mean "route this for me". `router/<category>` aliases are always added. */
  routeAliases: z.array(z.string()).default(["auto", "router/auto"]),
});
export type Policy = z.infer<typeof Policy>;

/** Circuit-breaker thresholds where the config says nothing (the one place they are written). */
export const DEFAULT_BREAKER = { failureThreshold: 5, slowCallMs: 20_000, openMs: 30_000 } as const;

export const BreakerSettings = z.strictObject({
  /** Consecutive failures that open the breaker. */
  failureThreshold: z.number().int().positive().default(DEFAULT_BREAKER.failureThreshold),
  /** A successful call slower than this counts as a failure ("elevated latency"). */
  slowCallMs: z.number().int().positive().default(DEFAULT_BREAKER.slowCallMs),
  /** How long the breaker stays open before a probe. */
  openMs: z.number().int().positive().default(DEFAULT_BREAKER.openMs),
});
/** config.resilience.breaker as parsed: what the breaker state machine, its store and its Durable Object read. */
export type BreakerConfig = z.infer<typeof BreakerSettings>;

export const Resilience = z.strictObject({
  deadlines: Deadlines.default({}),
  retry: RetryPolicy.default({}),
  breaker: BreakerSettings.default({ ...DEFAULT_BREAKER }),
});

export const RouterConfig = z.strictObject({
  $schema: z.string().optional(),
  /** Schema version of this document. */
  schemaVersion: z.literal(1),
  /** Free-form label of this revision, e.g. "2026-11-24 haiku for extraction". */
  label: z.string().optional(),
  /** The premium model every cost is compared with ("what would all-premium have cost"). */
  baselineModel: z.string().min(1),
  providers: z.array(ProviderEntry).min(1),
  models: z.array(ModelEntry).min(1),
  categories: z.record(id, Category),
  classifier: ClassifierSettings,
  policy: Policy.default({ explicitModels: "honor", allowModels: [], routeAliases: ["auto", "router/auto"] }),
  resilience: Resilience.default({
    deadlines: {},
    retry: {},
    breaker: { ...DEFAULT_BREAKER },
  }),
  routes: z.record(id, Route),
  rules: z.array(Rule),
  default: DefaultRule,
});
export type RouterConfig = z.infer<typeof RouterConfig>;
export type RouterConfigInput = z.input<typeof RouterConfig>;

/** Resilience defaults applied where neither the route nor the config says. */
export const DEFAULT_DEADLINES = { firstByteMs: 15_000, responseMs: 60_000, idleMs: 30_000, totalMs: 120_000 } as const;
export const DEFAULT_RETRY = { maxRetries: 1, baseDelayMs: 100, maxDelayMs: 2_000 } as const;
