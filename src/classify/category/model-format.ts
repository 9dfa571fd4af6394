import * as z from "zod";
import { formatPath } from "../../core/path";

/** One finding in a model file: where, and what is wrong. */
export interface Issue {
  path: string;
  message: string;
}
import { FeatureConfig } from "./feature-config";
import type { LinearModel } from "./linear-model";

/** The model file's format tag. */
export const MODEL_FORMAT = "mr-linear-v1";
/** Largest weight table accepted (buckets × categories int8 values): 4 MiB. */
const MAX_WEIGHTS = 1 << 22;

const Metrics = z.strictObject({
  accuracy: z.number().min(0).max(1),
  macroF1: z.number().min(0).max(1),
  ece: z.number().min(0).max(1),
  n: z.number().int().min(0),
});
export type ModelMetrics = z.infer<typeof Metrics>;

/** The model file (JSON): what `npm run classify:train` writes and the Worker loads from KV. */
export const ModelFile = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  categories: z.array(z.string().min(1).max(64)).min(2).max(64),
  buckets: z
    .number()
    .int()
    .min(256)
    .max(1 << 20)
    .refine((n) => (n & (n - 1)) === 0, "must be a power of two"),
  features: FeatureConfig,
  /** int8 weights, bucket-major, base64. */
  weights: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "must be base64"),
  scales: z.array(z.number().positive()),
  biases: z.array(z.number()),
  temperature: z.number().min(0.01).max(100),
  threshold: z.number().min(0).max(1),
  trainedAt: z.iso.datetime(),
  /** SHA-256 (hex) of the training data files. */
  dataHash: z.string().regex(/^[0-9a-f]{64}$/),
  metrics: z.strictObject({ heldOut: Metrics.optional(), validation: Metrics.optional() }),
  /** Shares of the rows (split by SHA-256 of the id) held out and used for validation. */
  split: z.strictObject({ heldOut: z.number().min(0).max(0.9), validation: z.number().min(0).max(0.9) }).optional(),
});
export type ModelFile = z.infer<typeof ModelFile>;

export interface ModelReport {
  /** Set when the file is valid. */
  model?: LinearModel;
  issues: Issue[];
}

export interface ValidateModelOptions {
  /** Category ids of the routing config: a model category outside them is an issue. */
  categories?: readonly string[];
}

/**
 * Checks a model file (parsed JSON) in full — schema, then the sizes and values the schema cannot
 * see — and decodes it for inference. Issues carry paths (`scales[3]`, `weights`).
 *
 * @example const { model, issues } = validateModel(JSON.parse(text), { categories: Object.keys(config.categories) })
 */
export function validateModel(doc: unknown, opts: ValidateModelOptions = {}): ModelReport {
  const parsed = ModelFile.safeParse(doc);
  if (!parsed.success)
    return { issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  const file = parsed.data;
  const issues = structuralIssues(file, opts);
  if (issues.length) return { issues };
  const weights = decodeWeights(file.weights);
  const expected = file.buckets * file.categories.length;
  if (!weights || weights.length !== expected) {
    const got = weights ? `${weights.length} bytes` : "not decodable";
    return {
      issues: [{ path: "weights", message: `expected ${expected} int8 values (buckets × categories), got ${got}` }],
    };
  }
  return {
    issues: [],
    model: {
      categories: file.categories,
      buckets: file.buckets,
      features: file.features,
      weights,
      scales: Float64Array.from(file.scales),
      biases: Float64Array.from(file.biases),
      temperature: file.temperature,
      threshold: file.threshold,
      ...(file.split ? { split: file.split } : {}),
    },
  };
}

function structuralIssues(file: ModelFile, opts: ValidateModelOptions): Issue[] {
  const issues: Issue[] = [];
  const k = file.categories.length;
  const seen = new Set<string>();
  file.categories.forEach((id, i) => {
    if (seen.has(id)) issues.push({ path: `categories[${i}]`, message: `duplicate category "${id}"` });
    seen.add(id);
    if (opts.categories && !opts.categories.includes(id))
      issues.push({ path: `categories[${i}]`, message: `category "${id}" is not in the routing config` });
  });
  if (file.scales.length !== k)
    issues.push({ path: "scales", message: `expected ${k} values (one per category), got ${file.scales.length}` });
  if (file.biases.length !== k)
    issues.push({ path: "biases", message: `expected ${k} values (one per category), got ${file.biases.length}` });
  if (file.buckets * k > MAX_WEIGHTS)
    issues.push({ path: "buckets", message: `buckets × categories exceeds ${MAX_WEIGHTS} weights` });
  if (file.features.userHead + file.features.userTail + file.features.systemHead === 0)
    issues.push({ path: "features", message: "reads no text (userHead, userTail and systemHead are all 0)" });
  return issues;
}

/** base64 → int8; undefined when it does not decode. */
export function decodeWeights(base64: string): Int8Array | undefined {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return undefined;
  }
  const out = new Int8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** int8 → base64 (the trainer's side of `decodeWeights`). */
export function encodeWeights(weights: Int8Array): string {
  const bytes = new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(i + 0x8000, bytes.length)));
  return btoa(binary);
}
