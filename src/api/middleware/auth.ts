import type { MiddlewareHandler } from "hono";
import { RouterError } from "../../core/errors";
import type { AppEnv, Client } from "../context";
import { sha256Hex } from "../../core/hash";

const POSITIVE_TTL_MS = 60_000;
const NEGATIVE_TTL_MS = 10_000;
const MAX_CACHED = 1_000;
const cache = new Map<string, { client: Client | null; until: number }>();

/** KV key under which a client key's hash is stored. */
export const clientKeyName = (hash: string) => `client:${hash}`;

/**
 * Client auth: `Authorization: Bearer <key>`. Keys live in KV only as SHA-256 hashes
 * (`client:<hex>` → `{ id, name, admin? }`); lookups are cached in the isolate briefly.
 */
export function clientAuth(): MiddlewareHandler<AppEnv> {
  return async function clientAuth(c, next) {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new RouterError(
        401,
        "Missing API key. Send your router key as 'Authorization: Bearer <key>'.",
        "authentication_error",
        "missing_api_key",
      );
    }
    const client = await lookupClient(c.env.RULES, match[1]);
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

async function lookupClient(kv: KVNamespace, key: string): Promise<Client | null> {
  const hash = await sha256Hex(key);
  const now = Date.now();
  const hit = cache.get(hash);
  if (hit && hit.until > now) return hit.client;
  const stored = await kv.get<Client>(clientKeyName(hash), "json");
  const client = stored && typeof stored.id === "string" ? stored : null;
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(hash, { client, until: now + (client ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS) });
  return client;
}
