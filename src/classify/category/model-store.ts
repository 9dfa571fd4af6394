import { sha256Hex } from "../../core/hash";
import type { Issue } from "./model-format";
import type { LinearModel } from "./linear-model";
import { validateModel } from "./model-format";

/** KV key prefix of model files; the rest of the key is the SHA-256 (hex) of the file's text. */
export const KV_MODEL_PREFIX = "classifier-model:";
const REF = /^[0-9a-f]{64}$/;

/** The KV key of a model file. @example modelKey(await modelRef(text)) // "classifier-model:3fa1…" */
export const modelKey = (ref: string) => `${KV_MODEL_PREFIX}${ref}`;

/** A model file's content address: the SHA-256 (hex) of its text, as stored in KV. */
export const modelRef = (text: string) => sha256Hex(text);

export interface ActiveModel {
  model: LinearModel;
  /** The content hash serving, or "bundled". */
  ref: string;
  /** "last-good": the config names a model that could not be loaded; an earlier KV model keeps serving. */
  source: "kv" | "bundled" | "last-good";
  loadedAt: number;
}

export type ModelFailure = "missing" | "invalid" | "hash-mismatch" | "read-failed";

export interface LocalModelStatus {
  active: { ref: string; source: ActiveModel["source"]; loadedAt: number };
  /** The last model the config named that could not be used, and why. */
  lastError?: { ref: string; reason: ModelFailure; issues: Issue[]; at: number };
}

export interface ModelStoreOptions {
  /** How long a missing model or a failed KV read waits before the next try (default 30 s). */
  retryMs?: number;
  /** Loaded models kept per isolate (default 4). */
  maxCached?: number;
  log?: (message: string) => void;
}

export interface ModelStore {
  get(kv: KVNamespace, ref: string | undefined, fallback: LinearModel, now?: number): Promise<ActiveModel>;
  status(): LocalModelStatus | undefined;
}

type Load = { model: LinearModel } | { reason: ModelFailure; issues: Issue[] };

/** Reads, checks (content hash, JSON, validateModel) and decodes one model file. */
async function load(kv: KVNamespace, ref: string): Promise<Load> {
  if (!REF.test(ref)) return { reason: "invalid", issues: [{ path: "", message: "a model ref is 64 hex digits" }] };
  let text: string | null;
  try {
    text = await kv.get(modelKey(ref));
  } catch (e) {
    return { reason: "read-failed", issues: [{ path: "", message: (e as Error).message }] };
  }
  if (text === null) return { reason: "missing", issues: [{ path: "", message: `KV has no ${modelKey(ref)}` }] };
  const actual = await modelRef(text);
  if (actual !== ref)
    return { reason: "hash-mismatch", issues: [{ path: "", message: `the stored text hashes to ${actual}` }] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { reason: "invalid", issues: [{ path: "", message: `not JSON: ${(e as Error).message}` }] };
  }
  const report = validateModel(doc);
  return report.model ? { model: report.model } : { reason: "invalid", issues: report.issues };
}

/**
 * Loaded classifier models for one isolate. Models are immutable (content-addressed), so a loaded
 * one is cached for good and an invalid one is rejected for good; a missing one (KV replicates in
 * up to 60 s) or a failed read is retried after `retryMs`. Whatever fails, the last good KV model
 * keeps serving, else the bundled one, and `status()` says why.
 * @example const { model } = await createModelStore().get(env.RULES, config.classifier.localModel, bundledModel())
 */
export function createModelStore(opts: ModelStoreOptions = {}): ModelStore {
  const retryMs = opts.retryMs ?? 30_000;
  const maxCached = opts.maxCached ?? 4;
  const log = opts.log ?? ((m: string) => console.error(m));
  const cache = new Map<string, ActiveModel>();
  const rejected = new Map<string, { reason: ModelFailure; issues: Issue[]; at: number; retryAt: number }>();
  const loading = new Map<string, Promise<void>>();
  let lastGood: ActiveModel | undefined;
  let current: ActiveModel | undefined;
  let lastError: LocalModelStatus["lastError"];

  function remember(entry: ActiveModel): void {
    cache.delete(entry.ref);
    cache.set(entry.ref, entry);
    if (cache.size > maxCached) cache.delete(cache.keys().next().value as string);
  }

  async function fetchModel(kv: KVNamespace, ref: string, now: number): Promise<void> {
    const result = await load(kv, ref);
    if ("model" in result) {
      rejected.delete(ref);
      remember({ model: result.model, ref, source: "kv", loadedAt: now });
      return;
    }
    const permanent = result.reason === "invalid" || result.reason === "hash-mismatch";
    if (rejected.get(ref)?.reason !== result.reason)
      log(
        `[classifier] model ${ref.slice(0, 12)} not used (${result.reason}): ${result.issues.map((i) => `${i.path || "file"}: ${i.message}`).join("; ")}`,
      );
    rejected.set(ref, { ...result, at: now, retryAt: permanent ? Infinity : now + retryMs });
  }

  let bundledEntry: ActiveModel | undefined;
  let lastGoodEntry: ActiveModel | undefined;

  function bundled(fallback: LinearModel, now: number): ActiveModel {
    if (bundledEntry?.model !== fallback)
      bundledEntry = { model: fallback, ref: "bundled", source: "bundled", loadedAt: now };
    return bundledEntry;
  }

  async function loaded(kv: KVNamespace, ref: string, now: number): Promise<ActiveModel | undefined> {
    const hit = cache.get(ref);
    if (hit) {
      remember(hit);
      return hit;
    }
    const failure = rejected.get(ref);
    if (failure && now < failure.retryAt) return undefined;
    let pending = loading.get(ref);
    if (!pending) {
      pending = fetchModel(kv, ref, now).finally(() => loading.delete(ref));
      loading.set(ref, pending);
    }
    await pending;
    return cache.get(ref);
  }

  async function pick(
    kv: KVNamespace,
    ref: string | undefined,
    fallback: LinearModel,
    now: number,
  ): Promise<ActiveModel> {
    if (!ref) {
      lastError = undefined;
      return bundled(fallback, now);
    }
    const hit = await loaded(kv, ref, now);
    if (hit) {
      lastError = undefined;
      if (lastGood !== hit) lastGoodEntry = undefined;
      lastGood = hit;
      return hit;
    }
    const why = rejected.get(ref);
    if (why) lastError = { ref, reason: why.reason, issues: why.issues, at: why.at };
    if (!lastGood) return bundled(fallback, now);
    lastGoodEntry ??= { ...lastGood, source: "last-good" };
    return lastGoodEntry;
  }

  return {
    async get(kv, ref, fallback, now = Date.now()) {
      current = await pick(kv, ref, fallback, now);
      return current;
    },
    status() {
      if (!current) return undefined;
      const active = { ref: current.ref, source: current.source, loadedAt: current.loadedAt };
      return lastError ? { active, lastError } : { active };
    },
  };
}

const isolateStore = createModelStore();

/**
 * The isolate's classifier model for the config's `ref` (see createModelStore).
 * @example const { model } = await getLocalModel(env.RULES, ref, bundledModel())
 */
export function getLocalModel(
  kv: KVNamespace,
  ref: string | undefined,
  fallback: LinearModel,
  now?: number,
): Promise<ActiveModel> {
  return isolateStore.get(kv, ref, fallback, now);
}

/** For /v1/status: the model serving and the last one that could not be used. */
export function localModelStatus(): LocalModelStatus | undefined {
  return isolateStore.status();
}
