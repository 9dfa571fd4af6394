import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_FEATURE_CONFIG } from "../../src/classify/category/feature-config";
import type { LinearModel } from "../../src/classify/category/linear-model";
import { encodeWeights, MODEL_FORMAT } from "../../src/classify/category/model-format";
import {
  createModelStore,
  getLocalModel,
  KV_MODEL_PREFIX,
  localModelStatus,
  modelKey,
  modelRef,
} from "../../src/classify/category/model-store";

const FALLBACK = { categories: ["chat", "code"], buckets: 256 } as unknown as LinearModel;

function modelText(bias: number, patch: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: MODEL_FORMAT,
    categories: ["chat", "code"],
    buckets: 256,
    features: DEFAULT_FEATURE_CONFIG,
    weights: encodeWeights(new Int8Array(512)),
    scales: [0.1, 0.1],
    biases: [bias, 0],
    temperature: 1,
    threshold: 0.7,
    trainedAt: "2026-11-30T12:00:00.000Z",
    dataHash: "b".repeat(64),
    metrics: {},
    ...patch,
  });
}

/** Puts a model file in KV under its content hash; returns the hash. */
async function put(text: string): Promise<string> {
  const ref = await modelRef(text);
  await env.RULES.put(modelKey(ref), text);
  return ref;
}

/** env.RULES with reads counted and a switch that makes them fail. */
function countingKv() {
  const kv = { reads: 0, failing: false } as { reads: number; failing: boolean; ns: KVNamespace };
  kv.ns = {
    get: async (key: string) => {
      kv.reads++;
      if (kv.failing) throw new Error("KV unavailable");
      return env.RULES.get(key);
    },
  } as unknown as KVNamespace;
  return kv;
}

beforeEach(async () => {
  const { keys } = await env.RULES.list({ prefix: KV_MODEL_PREFIX });
  await Promise.all(keys.map((k) => env.RULES.delete(k.name)));
});

describe("classifier model store", () => {
  it("serves the bundled model while the config names none", async () => {
    const store = createModelStore();
    const active = await store.get(env.RULES, undefined, FALLBACK, 1_000);
    expect(active).toMatchObject({ model: FALLBACK, ref: "bundled", source: "bundled", loadedAt: 1_000 });
    expect(store.status()).toEqual({ active: { ref: "bundled", source: "bundled", loadedAt: 1_000 } });
  });

  it("loads a model by its content hash, validates it, and reads KV once for good", async () => {
    const ref = await put(modelText(0.5));
    const kv = countingKv();
    const store = createModelStore();
    const first = await store.get(kv.ns, ref, FALLBACK, 1_000);
    expect(first).toMatchObject({ ref, source: "kv", loadedAt: 1_000 });
    expect([...first.model.biases]).toEqual([0.5, 0]);
    const later = await store.get(kv.ns, ref, FALLBACK, 10_000_000);
    expect(later.model).toBe(first.model);
    expect(kv.reads).toBe(1);
  });

  it("concurrent requests on a cold isolate share one read", async () => {
    const ref = await put(modelText(0.5));
    const kv = countingKv();
    const store = createModelStore();
    const all = await Promise.all([1, 2, 3, 4].map(() => store.get(kv.ns, ref, FALLBACK, 0)));
    expect(new Set(all.map((a) => a.model)).size).toBe(1);
    expect(kv.reads).toBe(1);
  });

  it("never serves an invalid model: keeps the bundled one, says why, and does not read it again", async () => {
    const ref = await put(modelText(0.5, { scales: [0.1] }));
    const kv = countingKv();
    const store = createModelStore({ log: () => {} });
    const active = await store.get(kv.ns, ref, FALLBACK, 1_000);
    expect(active.source).toBe("bundled");
    expect(store.status()?.lastError).toMatchObject({ ref, reason: "invalid", at: 1_000 });
    expect(store.status()?.lastError?.issues[0].path).toBe("scales");
    await store.get(kv.ns, ref, FALLBACK, 10_000_000);
    expect(kv.reads).toBe(1);
  });

  it("keeps the last good model when the config moves to one that fails", async () => {
    const good = await put(modelText(0.5));
    const notJson = "{ not json";
    const bad = await modelRef(notJson);
    await env.RULES.put(modelKey(bad), notJson);
    const store = createModelStore({ log: () => {} });
    const first = await store.get(env.RULES, good, FALLBACK, 0);
    const next = await store.get(env.RULES, bad, FALLBACK, 1);
    expect(next).toMatchObject({ ref: good, source: "last-good" });
    expect(next.model).toBe(first.model);
    expect(store.status()).toMatchObject({
      active: { ref: good, source: "last-good" },
      lastError: { ref: bad, reason: "invalid" },
    });
    expect((await store.get(env.RULES, good, FALLBACK, 2)).source).toBe("kv");
    expect(store.status()?.lastError).toBeUndefined();
  });

  it("rejects a file stored under a key that is not its hash", async () => {
    const ref = await modelRef(modelText(0.5));
    await env.RULES.put(modelKey(ref), modelText(0.9));
    const store = createModelStore({ log: () => {} });
    expect((await store.get(env.RULES, ref, FALLBACK, 0)).source).toBe("bundled");
    expect(store.status()?.lastError?.reason).toBe("hash-mismatch");
  });

  it("retries a missing model after retryMs (KV replicates in up to 60 s)", async () => {
    const text = modelText(0.25);
    const ref = await modelRef(text);
    const kv = countingKv();
    const store = createModelStore({ retryMs: 30_000, log: () => {} });
    expect((await store.get(kv.ns, ref, FALLBACK, 0)).source).toBe("bundled");
    expect(store.status()?.lastError?.reason).toBe("missing");
    await env.RULES.put(modelKey(ref), text);
    expect((await store.get(kv.ns, ref, FALLBACK, 29_999)).source).toBe("bundled");
    expect(kv.reads).toBe(1);
    expect((await store.get(kv.ns, ref, FALLBACK, 30_000)).source).toBe("kv");
    expect(kv.reads).toBe(2);
  });

  it("a failed KV read keeps the last good model and is retried", async () => {
    const good = await put(modelText(0.5));
    const other = await put(modelText(0.1));
    const kv = countingKv();
    const store = createModelStore({ retryMs: 1_000, log: () => {} });
    await store.get(kv.ns, good, FALLBACK, 0);
    kv.failing = true;
    expect(await store.get(kv.ns, other, FALLBACK, 10)).toMatchObject({ ref: good, source: "last-good" });
    expect(store.status()?.lastError).toMatchObject({ ref: other, reason: "read-failed" });
    kv.failing = false;
    expect(await store.get(kv.ns, other, FALLBACK, 1_010)).toMatchObject({ ref: other, source: "kv" });
  });

  it("rejects a ref that is not a SHA-256", async () => {
    const store = createModelStore({ log: () => {} });
    expect((await store.get(env.RULES, "latest", FALLBACK, 0)).source).toBe("bundled");
    expect(store.status()?.lastError?.reason).toBe("invalid");
  });

  it("the isolate's store reports through localModelStatus", async () => {
    const ref = await put(modelText(0.5));
    await getLocalModel(env.RULES, ref, FALLBACK);
    expect(localModelStatus()?.active).toMatchObject({ ref, source: "kv" });
  });
});
