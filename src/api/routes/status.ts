import type { Context } from "hono";
import { statusReport } from "../../pipeline/status";
import type { AppEnv } from "../context";

/** GET /v1/status (admin keys): the active rules and the last rejected config, breakers, telemetry counters. */
export async function status(c: Context<AppEnv>): Promise<Response> {
  return c.json(await statusReport(c.env));
}
