import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { configText, configVersion } from "../../src/config/default-config";
import { createRulesStore, getActiveConfig, KV_ACTIVE, rulesStatus } from "../../src/rules/store";
import { baseConfig } from "./helpers";

const good = configText(baseConfig({ label: "good" }));
const better = configText(baseConfig({ label: "better", default: { route: "economy" } }));
const invalid = configText(baseConfig({ default: { route: "nowhere" } }));

/** env.RULES with its reads counted, and a switch that makes reads fail. */
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
  await env.RULES.delete(KV_ACTIVE);
});

describe("rules store", () => {
  it("serves the built-in config while KV is empty", async () => {
    const store = createRulesStore();
    const active = await store.get(env.RULES, 1_000);
    expect(active).toMatchObject({ source: "builtin", loadedAt: 1_000 });
    expect(active.version).toMatch(/^builtin-[0-9a-f]{12}$/);
    expect(active.compiled.defaultRule.route.id).toBe("premium");
    expect(store.status()).toEqual({ active: { version: active.version, source: "builtin", loadedAt: 1_000 } });
  });

  it("loads a valid config from KV, versioned by the hash of its text", async () => {
    await env.RULES.put(KV_ACTIVE, good);
    const active = await createRulesStore().get(env.RULES, 1_000);
    expect(active).toMatchObject({ source: "kv", version: await configVersion(good) });
    expect(active.config.label).toBe("good");
  });

  it("reads KV at most once per TTL, then picks up the new version", async () => {
    const kv = countingKv();
    const store = createRulesStore({ ttlMs: 30_000 });
    await env.RULES.put(KV_ACTIVE, good);
    await store.get(kv.ns, 0);
    await env.RULES.put(KV_ACTIVE, better);
    expect((await store.get(kv.ns, 29_999)).config.label).toBe("good");
    expect(kv.reads).toBe(1);
    expect((await store.get(kv.ns, 30_000)).config.label).toBe("better");
    expect(kv.reads).toBe(2);
  });

  it("concurrent requests on a cold isolate share one KV read", async () => {
    const kv = countingKv();
    await env.RULES.put(KV_ACTIVE, good);
    const store = createRulesStore();
    const all = await Promise.all([store.get(kv.ns, 0), store.get(kv.ns, 0), store.get(kv.ns, 0)]);
    expect(kv.reads).toBe(1);
    expect(new Set(all.map((a) => a.version)).size).toBe(1);
  });

  it("keeps the last good version when KV turns bad, logs once per version, reports the errors", async () => {
    const log = vi.fn();
    const store = createRulesStore({ ttlMs: 10, log });
    await env.RULES.put(KV_ACTIVE, good);
    const first = await store.get(env.RULES, 0);
    await env.RULES.put(KV_ACTIVE, "{ not json");
    const kept = await store.get(env.RULES, 100);
    expect(kept).toMatchObject({ source: "last-good", version: first.version, loadedAt: 0 });
    await store.get(env.RULES, 200);
    await store.get(env.RULES, 300);
    expect(log).toHaveBeenCalledTimes(1);
    const badVersion = await configVersion("{ not json");
    expect(log.mock.calls[0][0]).toContain(`config ${badVersion} rejected, keeping ${first.version}`);
    expect(store.status()).toEqual({
      active: { version: first.version, source: "last-good", loadedAt: 0 },
      lastError: { version: badVersion, errors: [{ path: "", message: expect.stringMatching(/^not JSON/) }], at: 100 },
    });

    await env.RULES.put(KV_ACTIVE, invalid);
    await store.get(env.RULES, 400);
    expect(store.status()?.lastError).toEqual({
      version: await configVersion(invalid),
      errors: [{ path: "default.route", message: "unknown route 'nowhere'" }],
      at: 400,
    });
    expect(log).toHaveBeenCalledTimes(2);
  });

  it("recovers when a valid version appears, and clears the error", async () => {
    const store = createRulesStore({ ttlMs: 10, log: () => {} });
    await env.RULES.put(KV_ACTIVE, good);
    await store.get(env.RULES, 0);
    await env.RULES.put(KV_ACTIVE, invalid);
    expect((await store.get(env.RULES, 100)).source).toBe("last-good");
    await env.RULES.put(KV_ACTIVE, better);
    const active = await store.get(env.RULES, 200);
    expect(active).toMatchObject({ source: "kv", version: await configVersion(better), loadedAt: 200 });
    expect(store.status()?.lastError).toBeUndefined();
  });

  it("a cold isolate facing an invalid config serves the built-in one and says why", async () => {
    await env.RULES.put(KV_ACTIVE, invalid);
    const store = createRulesStore({ log: () => {} });
    const active = await store.get(env.RULES, 0);
    expect(active.source).toBe("builtin");
    expect(store.status()?.lastError?.errors).toEqual([{ path: "default.route", message: "unknown route 'nowhere'" }]);
  });

  it("a failing KV read keeps serving and is not retried before the TTL", async () => {
    const kv = countingKv();
    const log = vi.fn();
    const store = createRulesStore({ ttlMs: 1_000, log });
    await env.RULES.put(KV_ACTIVE, good);
    await store.get(kv.ns, 0);
    kv.failing = true;
    for (const now of [1_000, 1_001, 1_500, 1_999]) expect((await store.get(kv.ns, now)).config.label).toBe("good");
    expect(kv.reads).toBe(2);
    expect(log).toHaveBeenCalledWith(expect.stringContaining("KV unavailable"));
  });

  it("falls back to the built-in config when the key is deleted", async () => {
    const store = createRulesStore({ ttlMs: 10 });
    await env.RULES.put(KV_ACTIVE, good);
    expect((await store.get(env.RULES, 0)).source).toBe("kv");
    await env.RULES.delete(KV_ACTIVE);
    expect((await store.get(env.RULES, 100)).source).toBe("builtin");
  });

  it("the isolate-wide store behind getActiveConfig and rulesStatus", async () => {
    const active = await getActiveConfig(env.RULES);
    expect(rulesStatus()?.active.version).toBe(active.version);
  });
});
