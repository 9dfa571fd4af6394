import type { Context } from "hono";
import { listModels } from "../../pipeline/models";
import type { AppEnv } from "../context";

/** GET /v1/models: the catalog's models and the routing aliases, in OpenAI's list shape. */
export async function models(c: Context<AppEnv>): Promise<Response> {
  return c.json(await listModels(c.env));
}
