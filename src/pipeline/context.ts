import type { Client } from "../core/client";
import type { Env } from "../env";

/**
 * What every pipeline function gets from the protocol edge (the Hono routes today), as plain
 * values: no framework types, so the CLI, the benchmarks and other protocols can call the same
 * functions.
 */
export interface RunContext {
  env: Env;
  /** Keeps background work (records, breaker syncs, shadow calls) alive after the response. */
  waitUntil: (p: Promise<unknown>) => void;
  /** The client's signal: aborting it cancels every upstream call. */
  signal?: AbortSignal;
  requestId: string;
  /** Epoch ms when the request reached the router. */
  startedAt: number;
  client: Client;
}
