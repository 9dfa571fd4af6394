import type { Context } from "hono";
import { runRoute } from "../../pipeline/run-route";
import { runContext, type AppEnv } from "../context";

/** POST /v1/route: the dry run's decision as JSON; `?classify=true` lets the cheap model run. */
export async function route(c: Context<AppEnv>): Promise<Response> {
  const decision = await runRoute({
    ...runContext(c),
    body: c.get("body"),
    taskHeader: c.req.header("x-router-task") ?? undefined,
    classify: c.req.query("classify") === "true",
  });
  return c.json(decision);
}
