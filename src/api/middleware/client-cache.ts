import type { Client } from "../../core/client";

/** How long a found key is trusted before KV is read again (bounds how long a revoked key works). */
export const CLIENT_HIT_TTL_MS = 30_000;
/** How long an unknown key is remembered: short, so a key created a moment ago works within seconds. */
export const CLIENT_MISS_TTL_MS = 3_000;
/** Keys remembered per isolate, found and unknown ones each. */
export const CLIENT_CACHE_ENTRIES = 1_000;

export interface ClientCacheOptions {
  hitTtlMs?: number;
  missTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Isolate-level cache of client key → client (null: no such key), in front of a `load` that hashes
 * the key and reads KV (given per lookup, as the KV binding comes with each request). Found and unknown keys live in separate bounded maps, so a flood of wrong
 * keys cannot evict the real ones; a load that fails is not cached. Concurrent lookups of a key
 * that is not cached yet each load it: a load's promise belongs to the request that started it,
 * and a request awaiting another request's I/O hangs when that request is cancelled (client gone). The key itself is the map key: it stays in this isolate's memory for at
 * most the TTL and is never logged or sent anywhere.
 *
 * Revocation delay: a deleted key keeps working in an isolate that saw it for up to `hitTtlMs`
 * (30 s), on top of KV's own propagation (up to ~60 s to reach every location).
 *
 * @example const client = await new ClientKeyCache().get(key, (k) => readClient(env.RULES, k));
 */
export class ClientKeyCache {
  private readonly found = new Map<string, { client: Client; until: number }>();
  private readonly unknown = new Map<string, number>();
  private readonly hitTtlMs: number;
  private readonly missTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: ClientCacheOptions = {}) {
    this.hitTtlMs = opts.hitTtlMs ?? CLIENT_HIT_TTL_MS;
    this.missTtlMs = opts.missTtlMs ?? CLIENT_MISS_TTL_MS;
    this.maxEntries = opts.maxEntries ?? CLIENT_CACHE_ENTRIES;
    this.now = opts.now ?? Date.now;
  }

  /** The client for a key: synchronously when cached and fresh, otherwise after this request's own load. */
  get(key: string, load: (key: string) => Promise<Client | null>): Client | null | Promise<Client | null> {
    const now = this.now();
    const hit = this.found.get(key);
    if (hit) {
      this.found.delete(key);
      if (hit.until > now) {
        this.found.set(key, hit);
        return hit.client;
      }
    }
    const missUntil = this.unknown.get(key);
    if (missUntil !== undefined) {
      if (missUntil > now) return null;
      this.unknown.delete(key);
    }
    return load(key).then((client) => {
      this.remember(key, client);
      return client;
    });
  }

  /** Keys currently remembered (found + unknown), expired ones included until touched or evicted. */
  get size(): number {
    return this.found.size + this.unknown.size;
  }

  private remember(key: string, client: Client | null): void {
    const now = this.now();
    if (client) {
      this.unknown.delete(key);
      this.found.set(key, { client, until: now + this.hitTtlMs });
      evictOldest(this.found, this.maxEntries);
    } else {
      this.unknown.delete(key);
      this.unknown.set(key, now + this.missTtlMs);
      evictOldest(this.unknown, this.maxEntries);
    }
  }
}

function evictOldest(map: Map<string, unknown>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
