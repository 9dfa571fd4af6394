import type { Context } from "hono";
import { runChat, type ChatResult, type RouterMeta } from "../../pipeline/run-chat";
import { runContext, type AppEnv } from "../context";
import { errorResponse } from "../errors";

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  connection: "keep-alive",
};

/** POST /v1/chat/completions: the pipeline's answer as OpenAI JSON or SSE, with x-router-* headers. */
export async function chat(c: Context<AppEnv>): Promise<Response> {
  const result = await runChat({
    ...runContext(c),
    body: c.get("body"),
    taskHeader: c.req.header("x-router-task") ?? undefined,
  });
  return chatResponse(c, result);
}

function chatResponse(c: Context<AppEnv>, result: ChatResult): Response {
  const headers = routerHeaders(result.meta);
  if (result.kind === "error") {
    const res = errorResponse(c, result.error);
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  }
  if (result.kind === "json") {
    const { outcome } = result;
    return new Response(outcome.text ?? JSON.stringify(outcome.body), {
      status: 200,
      headers: { ...headers, "content-type": "application/json" },
    });
  }
  return new Response(result.body, { status: 200, headers: { ...headers, ...SSE_HEADERS } });
}

/** What the router decided, as response headers (every protocol's routes send the same ones). */
export function routerHeaders(meta: RouterMeta): Record<string, string> {
  const h: Record<string, string> = {
    "x-router-rule": meta.rule,
    "x-router-route": meta.route,
    "x-router-category": meta.category || "none",
    "x-router-category-source": meta.categorySource,
    "x-router-config-version": meta.configVersion,
    "x-router-attempts": String(meta.attempts),
  };
  if (meta.model !== undefined) h["x-router-model"] = meta.model;
  if (meta.provider !== undefined) h["x-router-provider"] = meta.provider;
  return h;
}
