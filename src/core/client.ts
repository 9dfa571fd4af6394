import { sha256Hex } from "./hash";

/** A client as stored in KV under {@link clientRecordKey} of its key. */
export interface Client {
  id: string;
  name: string;
  /** Admin keys may read /v1/status (rules, breakers, telemetry counters). */
  admin?: boolean;
}

/**
 * The KV key of a client key's record: `client:<SHA-256 hex of the key>`. The key itself is never
 * stored; the Worker, the keys CLI, the dev seed, the benchmarks and the tests all build the name here.
 * @example await env.RULES.put(await clientRecordKey(key), JSON.stringify({ id: "app", name: "App" }))
 */
export async function clientRecordKey(apiKey: string): Promise<string> {
  return `client:${await sha256Hex(apiKey)}`;
}
