import type { Env } from "../env";
import { getActiveConfig } from "../rules/store";

/** The catalog's models and the routing aliases, in OpenAI's list shape (GET /v1/models). */
export async function listModels(env: Pick<Env, "RULES">) {
  const { config, compiled } = await getActiveConfig(env.RULES);
  const created = 1_700_000_000;
  const data = [
    ...[...compiled.routeAliases.keys()].map((id) => ({ id, object: "model", created, owned_by: "model-router" })),
    ...config.models.flatMap((m) =>
      [m.id, ...m.aliases].map((id) => ({ id, object: "model", created, owned_by: m.provider, tier: m.tier })),
    ),
  ];
  return { object: "list" as const, data };
}
