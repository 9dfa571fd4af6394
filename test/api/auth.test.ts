import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { clientAuth, readClient } from "../../src/api/middleware/auth";
import { clientRecordKey } from "../../src/core/client";
import { ClientKeyCache } from "../../src/api/middleware/client-cache";
import type { AppEnv } from "../../src/api/context";
import type { Client } from "../../src/core/client";
import { onError } from "../../src/api/errors";

/** KV as the auth middleware uses it, counting reads. */
class CountingKv {
  readonly data = new Map<string, string>();
  reads = 0;
  fail = false;
  async get(key: string, type?: string): Promise<unknown> {
    this.reads++;
    if (this.fail) throw new Error("KV unavailable");
    const v = this.data.get(key);
    return v === undefined ? null : type === "json" ? JSON.parse(v) : v;
  }
  async add(key: string, client: object): Promise<void> {
    this.data.set(await clientRecordKey(key), JSON.stringify(client));
  }
  async remove(key: string): Promise<void> {
    this.data.delete(await clientRecordKey(key));
  }
}

function setup() {
  const clock = { now: 1_000_000 };
  const kv = new CountingKv();
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.use("*", clientAuth({ now: () => clock.now }));
  app.get("/", (c) => c.json(c.get("client")));
  const call = (key: string) => app.request("/", { headers: { authorization: `Bearer ${key}` } }, { RULES: kv });
  return { clock, kv, call };
}

describe("clientAuth caches key lookups in the isolate", () => {
  it("a cached key skips the KV read", async () => {
    const { kv, call } = setup();
    await kv.add("mr-a", { id: "a", name: "A" });
    expect(await (await call("mr-a")).json()).toEqual({ id: "a", name: "A" });
    expect((await call("mr-a")).status).toBe(200);
    expect((await call("mr-a")).status).toBe(200);
    expect(kv.reads).toBe(1);
  });

  it("reads KV again once the 30 s TTL has passed", async () => {
    const { clock, kv, call } = setup();
    await kv.add("mr-a", { id: "a", name: "A" });
    await call("mr-a");
    clock.now += 29_999;
    await call("mr-a");
    expect(kv.reads).toBe(1);
    clock.now += 1;
    expect((await call("mr-a")).status).toBe(200);
    expect(kv.reads).toBe(2);
  });

  it("a revoked key works until the TTL runs out, then gets 401", async () => {
    const { clock, kv, call } = setup();
    await kv.add("mr-a", { id: "a", name: "A" });
    await call("mr-a");
    await kv.remove("mr-a");
    clock.now += 10_000;
    expect((await call("mr-a")).status).toBe(200);
    clock.now += 20_000;
    const res = await call("mr-a");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_api_key" } });
  });

  it("an unknown key is remembered for 3 s only, so a new key works soon", async () => {
    const { clock, kv, call } = setup();
    expect((await call("mr-new")).status).toBe(401);
    await kv.add("mr-new", { id: "new", name: "New" });
    clock.now += 2_999;
    expect((await call("mr-new")).status).toBe(401);
    expect(kv.reads).toBe(1);
    clock.now += 1;
    expect((await call("mr-new")).status).toBe(200);
    expect(kv.reads).toBe(2);
  });

  it("a failed KV read is an error and is not cached", async () => {
    const { kv, call } = setup();
    await kv.add("mr-a", { id: "a", name: "A" });
    kv.fail = true;
    expect((await call("mr-a")).status).toBe(500);
    kv.fail = false;
    expect((await call("mr-a")).status).toBe(200);
    expect(kv.reads).toBe(2);
  });

  it("rejects a stored record without an id", async () => {
    const { kv, call } = setup();
    await kv.add("mr-odd", { name: "No id" });
    expect((await call("mr-odd")).status).toBe(401);
  });
});

describe("ClientKeyCache", () => {
  const client = (id: string): Client => ({ id, name: id });
  const counting = () => {
    const loads: string[] = [];
    const load = async (key: string) => (loads.push(key), key.startsWith("good") ? client(key) : null);
    return { loads, load };
  };
  const get = async (cache: ClientKeyCache, key: string, load: (k: string) => Promise<Client | null>) =>
    cache.get(key, load);

  it("concurrent lookups of an uncached key each load it (no promise shared across requests), then it is cached", async () => {
    const { loads, load } = counting();
    const cache = new ClientKeyCache();
    const all = await Promise.all([get(cache, "good-1", load), get(cache, "good-1", load)]);
    expect(all).toEqual([client("good-1"), client("good-1")]);
    expect(loads).toEqual(["good-1", "good-1"]);
    expect(cache.get("good-1", load)).toEqual(client("good-1"));
    expect(loads).toHaveLength(2);
  });

  it("evicts the least recently used known key", async () => {
    const { loads, load } = counting();
    const cache = new ClientKeyCache({ maxEntries: 2 });
    await get(cache, "good-1", load);
    await get(cache, "good-2", load);
    await get(cache, "good-1", load);
    await get(cache, "good-3", load);
    await get(cache, "good-1", load);
    expect(loads).toEqual(["good-1", "good-2", "good-3"]);
    await get(cache, "good-2", load);
    expect(loads).toEqual(["good-1", "good-2", "good-3", "good-2"]);
  });

  it("a flood of unknown keys does not evict known ones, and stays bounded", async () => {
    const { loads, load } = counting();
    const cache = new ClientKeyCache({ maxEntries: 3 });
    await get(cache, "good-1", load);
    for (let i = 0; i < 20; i++) expect(await get(cache, `bad-${i}`, load)).toBeNull();
    expect(cache.size).toBe(4);
    expect(await get(cache, "good-1", load)).toEqual(client("good-1"));
    expect(loads.filter((k) => k === "good-1")).toHaveLength(1);
  });
});

describe("readClient", () => {
  it("finds a client by the SHA-256 of its key and keeps only the known fields", async () => {
    const kv = new CountingKv();
    await kv.add("mr-x", { id: "x", name: "X", admin: true, note: "extra" });
    expect(await readClient(kv as unknown as KVNamespace, "mr-x")).toEqual({ id: "x", name: "X", admin: true });
    expect(await readClient(kv as unknown as KVNamespace, "mr-y")).toBeNull();
  });
});
