import { breakerStatus } from "../dispatch";
import type { Env } from "../env";
import { getActiveConfig, rulesStatus } from "../rules/store";
import { telemetryStatus } from "../telemetry/status";

/** The active rules and the last rejected config, the breakers, the telemetry counters (GET /v1/status). */
export async function statusReport(env: Env) {
  const { config } = await getActiveConfig(env.RULES);
  return {
    rules: rulesStatus(),
    breakers: await breakerStatus(env, {
      providers: config.providers.map((p) => p.id),
      breaker: config.resilience.breaker,
    }),
    telemetry: telemetryStatus(),
  };
}
