import type { Context } from "hono";
import type { AppEnv } from "../context";
import { getActiveConfig, rulesStatus } from "../../rules/store";
import { breakerStatus } from "../../dispatch";
import { telemetryStatus } from "../../telemetry/status";

/** GET /v1/status (admin keys): the active rules and the last rejected config, breakers, telemetry counters. */
export async function statusReport(c: Context<AppEnv>): Promise<Response> {
  const { config } = await getActiveConfig(c.env.RULES);
  return c.json({
    rules: rulesStatus(),
    breakers: await breakerStatus(c.env, {
      providers: config.providers.map((p) => p.id),
      breaker: config.resilience.breaker,
    }),
    telemetry: telemetryStatus(),
  });
}
