import { describe, expect, it } from "vitest";
import {
  MemoryLru,
  cacheApiStore,
  classificationCacheKey,
  layeredCache,
  type ClassificationCache,
} from "../../../src/classify/category/cache";
import { DEFAULT_CATEGORIES } from "../../../src/config/default-config";
import { promptHash } from "../../../src/classify/features/features";

const value = { category: "extraction", confidence: 0.9, reason: "fields" };

describe("MemoryLru", () => {
  it("hits, misses and expires entries by their TTL", async () => {
    let now = 1_000_000;
    const lru = new MemoryLru(10, () => now);
    expect(await lru.get("a")).toBeUndefined();
    await lru.put("a", value, 60);
    expect(await lru.get("a")).toEqual(value);
    now += 59_999;
    expect(await lru.get("a")).toEqual(value);
    now += 1;
    expect(await lru.get("a")).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it("evicts the least recently used entry", async () => {
    const lru = new MemoryLru(2);
    await lru.put("a", value, 60);
    await lru.put("b", value, 60);
    await lru.get("a");
    await lru.put("c", value, 60);
    expect(await lru.get("b")).toBeUndefined();
    expect(await lru.get("a")).toEqual(value);
    expect(await lru.get("c")).toEqual(value);
  });
});

describe("Cache API store", () => {
  it("round-trips entries and misses unknown keys", async () => {
    const store = cacheApiStore(caches.open(`classify-test-${crypto.randomUUID()}`));
    expect(await store.get("k1")).toBeUndefined();
    await store.put("k1", value, 3600);
    expect(await store.get("k1")).toEqual(value);
    expect(await store.get("k2")).toBeUndefined();
  });

  it("reads a malformed entry as a miss", async () => {
    const cache = await caches.open(`classify-test-${crypto.randomUUID()}`);
    await cache.put(
      "https://classification.model-router.internal/v1/bad",
      new Response("{nope", { headers: { "cache-control": "max-age=60" } }),
    );
    expect(await cacheApiStore(cache).get("bad")).toBeUndefined();
  });
});

describe("layeredCache", () => {
  it("serves local hits, fills local from remote hits, and writes both", async () => {
    const local = new MemoryLru();
    const remote = new MemoryLru();
    const cache = layeredCache(local, remote);
    await remote.put("r", value, 60);
    expect(await cache.get("r")).toEqual(value);
    expect(await local.get("r")).toEqual(value);
    await cache.put("w", value, 60);
    expect(await local.get("w")).toEqual(value);
    expect(await remote.get("w")).toEqual(value);
  });

  it("never fails because the remote does", async () => {
    const broken: ClassificationCache = {
      get: () => Promise.reject(new Error("cache down")),
      put: () => Promise.reject(new Error("cache down")),
    };
    const cache = layeredCache(new MemoryLru(), broken);
    expect(await cache.get("x")).toBeUndefined();
    await expect(cache.put("x", value, 60)).resolves.toBeUndefined();
    expect(await cache.get("x")).toEqual(value);
  });
});

describe("classificationCacheKey", () => {
  it("is equal for prompts differing in case and spacing, different across category sets and models", async () => {
    const a = await classificationCacheKey("Where is  my ORDER?", DEFAULT_CATEGORIES, "gpt-4o-mini");
    expect(a).toMatch(/^[0-9a-f]{128}$/);
    expect(a.slice(64)).toBe(await promptHash("where is my order?"));
    expect(await classificationCacheKey("x", DEFAULT_CATEGORIES, "gpt-4o-mini", Promise.resolve(a.slice(64)))).toBe(a);
    expect(await classificationCacheKey("where is my order?", DEFAULT_CATEGORIES, "gpt-4o-mini")).toBe(a);
    expect(await classificationCacheKey("where is my order", DEFAULT_CATEGORIES, "gpt-4o-mini")).not.toBe(a);
    expect(await classificationCacheKey("where is my order?", DEFAULT_CATEGORIES, "claude-haiku-4-5")).not.toBe(a);
    const changed = { ...DEFAULT_CATEGORIES, chat: { ...DEFAULT_CATEGORIES.chat, description: "Small talk only." } };
    expect(await classificationCacheKey("where is my order?", changed, "gpt-4o-mini")).not.toBe(a);
  });
});
