import type { Context } from "hono";
import type { AppEnv } from "../context";
import { getActiveConfig } from "../../rules/store";

/** GET /v1/models: the catalog's models and the routing aliases, in OpenAI's list shape. */
export async function listModels(c: Context<AppEnv>): Promise<Response> {
  const { config, compiled } = await getActiveConfig(c.env.RULES);
  const created = 1_700_000_000;
  const data = [
    ...[...compiled.routeAliases.keys()].map((id) => ({ id, object: "model", created, owned_by: "model-router" })),
    ...config.models.flatMap((m) =>
      [m.id, ...m.aliases].map((id) => ({ id, object: "model", created, owned_by: m.provider, tier: m.tier })),
    ),
  ];
  return c.json({ object: "list", data });
}
