import type { MiddlewareHandler } from "hono";
import * as z from "zod";
import { RouterError } from "../../core/errors";
import { clientRecordKey, type Client } from "../../core/client";
import type { AppEnv } from "../context";
import { ClientKeyCache, type ClientCacheOptions } from "./client-cache";

/** A client record as `npm run keys -- create` stores it in KV. */
const StoredClient = z.object({ id: z.string().min(1), name: z.string().optional(), admin: z.boolean().optional() });

/** The client a key belongs to, read from KV by the key's SHA-256; null when there is none. */
export async function readClient(kv: KVNamespace, key: string): Promise<Client | null> {
  const parsed = StoredClient.safeParse(await kv.get(await clientRecordKey(key), "json"));
  if (!parsed.success) return null;
  const { id, name, admin } = parsed.data;
  return { id, name: name ?? id, ...(admin ? { admin } : {}) };
}

/**
 * Client auth: `Authorization: Bearer <key>`. Keys live in KV only as SHA-256 hashes
 * (`client:<hex>` → `{ id, name, admin? }`). Lookups are cached in the isolate (`ClientKeyCache`:
 * 30 s for a known key, 3 s for an unknown one), so a revoked key keeps working for up to 30 s
 * plus KV's propagation delay (up to ~60 s).
 *
 * @example app.use("/v1/*", clientAuth());
 */
export function clientAuth(opts: ClientCacheOptions = {}): MiddlewareHandler<AppEnv> {
  const cache = new ClientKeyCache(opts);
  return async function clientAuth(c, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    if (!match) {
      throw new RouterError(
        401,
        "Missing API key. Send your router key as 'Authorization: Bearer <key>'.",
        "authentication_error",
        "missing_api_key",
      );
    }
    const found = cache.get(match[1], (key) => readClient(c.env.RULES, key));
    const client = found instanceof Promise ? await found : found;
    if (!client) throw new RouterError(401, "Incorrect API key provided.", "authentication_error", "invalid_api_key");
    c.set("client", client);
    await next();
  };
}

/** Admin-only routes (status): a client key with `admin: true`. */
export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async function requireAdmin(c, next) {
    if (!c.get("client")?.admin) {
      throw new RouterError(403, "This endpoint needs an admin key.", "permission_error", "admin_required");
    }
    await next();
  };
}
