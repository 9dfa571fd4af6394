import * as z from "zod";
import type { Category } from "../../config/schema";
import { sha256Hex } from "../../core/hash";
import { promptHash } from "../features/features";

/**
 * The classification cache: what the cheap model answered for a prompt, so a repeated prompt costs
 * nothing. Two layers: an isolate-local LRU (microseconds, lost on eviction) in front of the Cache
 * API (per Cloudflare location, free, no write limits; docs/classification.md says why not KV).
 */

export const CachedClassification = z.object({
  category: z.string().min(1),
  confidence: z.number().min(0).max(1).optional(),
  reason: z.string().optional(),
});
export type CachedClassification = z.infer<typeof CachedClassification>;

export interface ClassificationCache {
  get(key: string): Promise<CachedClassification | undefined>;
  put(key: string, value: CachedClassification, ttlSeconds: number): Promise<void>;
}

/** An isolate-local LRU with per-entry expiry. `now` is injectable for tests. */
export class MemoryLru implements ClassificationCache {
  private readonly entries = new Map<string, { value: CachedClassification; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<CachedClassification | undefined> {
    return this.getSync(key);
  }

  /** The entry, refreshed as most recently used; undefined when absent or expired. */
  getSync(key: string): CachedClassification | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  async put(key: string, value: CachedClassification, ttlSeconds: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Synthetic URL host of cache entries (never fetched; the Cache API needs an http(s) URL). */
const CACHE_ORIGIN = "https://classification.model-router.internal";

/**
 * The Cache API as a classification store: entries are small JSON responses with
 * `Cache-Control: max-age=<ttl>`, so the location's cache expires them. A miss or a malformed entry
 * reads as undefined. On *.workers.dev the Cache API does nothing (the LRU still works).
 */
export function cacheApiStore(cache: Cache | Promise<Cache>): ClassificationCache {
  const url = (key: string) => `${CACHE_ORIGIN}/v1/${key}`;
  return {
    async get(key) {
      const res = await (await cache).match(url(key));
      if (!res) return undefined;
      const parsed = CachedClassification.safeParse(await res.json().catch(() => undefined));
      return parsed.success ? parsed.data : undefined;
    },
    async put(key, value, ttlSeconds) {
      const res = new Response(JSON.stringify(value), {
        headers: { "content-type": "application/json", "cache-control": `max-age=${Math.round(ttlSeconds)}` },
      });
      await (await cache).put(url(key), res);
    },
  };
}

/**
 * Local first, then remote; a remote hit is copied into the local layer (for at most `localTtl`
 * seconds, as the remote entry's age is unknown). Writes go to both. Remote failures are
 * swallowed: the cache must never fail a request.
 */
export function layeredCache(
  local: ClassificationCache,
  remote?: ClassificationCache,
  localTtl = 600,
): ClassificationCache {
  return {
    async get(key) {
      const hit = await local.get(key);
      if (hit || !remote) return hit;
      const far = await remote.get(key).catch(() => undefined);
      if (far) await local.put(key, far, localTtl);
      return far;
    },
    async put(key, value, ttlSeconds) {
      await local.put(key, value, ttlSeconds);
      await remote?.put(key, value, ttlSeconds).catch(() => undefined);
    },
  };
}

const setHashes = new WeakMap<object, Map<string, Promise<string>>>();

/**
 * Hash of what a cached answer depends on besides the prompt: the category ids and descriptions
 * and the classifier model. Computed once per categories object (that is, per config version).
 */
export function categorySetHash(categories: Readonly<Record<string, Category>>, model: string): Promise<string> {
  let byModel = setHashes.get(categories);
  if (!byModel) setHashes.set(categories, (byModel = new Map()));
  let hash = byModel.get(model);
  if (!hash) {
    const ids = Object.keys(categories).sort();
    hash = sha256Hex(JSON.stringify([model, ids.map((id) => [id, categories[id].description])]));
    byModel.set(model, hash);
  }
  return hash;
}

/**
 * Cache key of a prompt: the category-set hash followed by the prompt's `promptHash` (128 hex
 * digits), so a config change to the categories or the classifier model starts a fresh cache,
 * while prompts differing only in case or spacing share an entry. `textHash` is
 * `promptHash(text)` when the caller has it already (the request record keeps the same hash).
 */
export async function classificationCacheKey(
  text: string,
  categories: Readonly<Record<string, Category>>,
  model: string,
  textHash: Promise<string> = promptHash(text),
): Promise<string> {
  return `${await categorySetHash(categories, model)}${await textHash}`;
}

let isolateCache: ClassificationCache | undefined;

/**
 * The Worker's cache: one LRU per isolate in front of the Cache API (`caches.open`), created on
 * first use. Outside Workers (Node CLIs) there is no Cache API and the LRU stands alone.
 */
export function isolateClassificationCache(): ClassificationCache {
  if (!isolateCache) {
    const remote = typeof caches === "undefined" ? undefined : cacheApiStore(caches.open("router-classifications"));
    isolateCache = layeredCache(new MemoryLru(), remote);
  }
  return isolateCache;
}
