import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";

/** Gives every request an id (`x-request-id` on every response, the record's primary key). */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestId(c, next) {
    c.set("startedAt", Date.now());
    const id = `req_${crypto.randomUUID().replaceAll("-", "")}`;
    c.set("requestId", id);
    c.header("x-request-id", id);
    await next();
    c.res.headers.set("x-request-id", id);
  };
}
