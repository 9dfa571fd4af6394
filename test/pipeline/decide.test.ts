import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { MemoryLru, categorySetHash, type ClassificationCache } from "../../src/classify/category/cache";
import { promptHash } from "../../src/classify/features/features";
import { compileCategoryPatterns } from "../../src/classify/category/categories";
import { decide } from "../../src/pipeline/decide";
import { createRulesStore, type ActiveConfig } from "../../src/rules/store";

const emptyKv = { get: async () => null } as unknown as KVNamespace;
let active: ActiveConfig;
beforeAll(async () => {
  active = await createRulesStore({ log: () => {} }).get(emptyKv);
});

/**
 * Counts the local pattern passes: the category set's compiled form is memoised per categories
 * object, so wrapping one category's keyword matcher counts every pass over this config.
 */
let localPasses = 0;
let restore = () => {};
function countLocalPasses(): void {
  localPasses = 0;
  const matcher = compileCategoryPatterns(active.config.categories).categories.find((c) => c.keywords)!.keywords!;
  const find = matcher.find;
  matcher.find = (text) => (localPasses++, find.call(matcher, text));
  restore = () => void (matcher.find = find);
}
afterEach(() => restore());

/** A cache holding one answer, recording the keys asked for. */
function spyCache(): ClassificationCache & { keys: string[]; lru: MemoryLru } {
  const lru = new MemoryLru();
  const keys: string[] = [];
  return { keys, lru, get: (k) => (keys.push(k), lru.get(k)), put: (k, v, ttl) => lru.put(k, v, ttl) };
}

const request = (model: string, content: string) => ({ model, messages: [{ role: "user" as const, content }] });
const UNMATCHED = "What's the capital of   Australia?";

describe("decide", () => {
  it("runs the local pass once when the cheap classifier is needed, and keys the cache by the record's prompt hash", async () => {
    const cache = spyCache();
    const hash = await promptHash(UNMATCHED);
    const setHash = await categorySetHash(active.config.categories, active.config.classifier.model);
    await cache.lru.put(`${setHash}${hash}`, { category: "chat", confidence: 0.9 }, 60);
    countLocalPasses();
    const r = await decide({
      active,
      body: request("auto", UNMATCHED),
      clientId: "c",
      splitKey: "r1",
      classifier: { cache },
    });
    expect(r.classification).toMatchObject({ category: "chat", source: "cache" });
    expect(r.promptHash).toBe(hash);
    expect(cache.keys).toEqual([`${setHash}${hash}`]);
    expect(localPasses).toBe(1);
  });

  it("consults no cache when the local pass settles the category", async () => {
    const cache = spyCache();
    countLocalPasses();
    const r = await decide({
      active,
      body: request("auto", "Translate to French: 'Your order has shipped.'"),
      clientId: "c",
      splitKey: "r2",
      classifier: { cache },
    });
    expect(r.classification).toMatchObject({ category: "translation", source: "pattern" });
    expect(cache.keys).toEqual([]);
    expect(localPasses).toBe(1);
  });

  it("an explicit model needs no category: no cache lookup, the prompt hash still recorded", async () => {
    const cache = spyCache();
    countLocalPasses();
    const r = await decide({
      active,
      body: request("gpt-4o-mini", UNMATCHED),
      clientId: "c",
      splitKey: "r3",
      classifier: { cache },
    });
    expect(r.classification.source).toBe("none");
    expect(r.promptHash).toBe(await promptHash("what's the capital of australia?"));
    expect(cache.keys).toEqual([]);
    expect(localPasses).toBe(1);
  });
});
