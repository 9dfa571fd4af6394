import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { RouterError } from "../core/errors";
import type { AppEnv } from "./context";

/** Every error leaves the router in the OpenAI error shape. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof RouterError) return errorResponse(c, err);
  if (err instanceof HTTPException) {
    const type =
      err.status === 401 ? "authentication_error" : err.status >= 500 ? "server_error" : "invalid_request_error";
    return errorResponse(c, new RouterError(err.status, err.message || "Request failed.", type));
  }
  console.error(JSON.stringify({ msg: "unhandled error", requestId: c.get("requestId"), error: String(err) }));
  return errorResponse(c, new RouterError(500, "The router had an internal error.", "server_error", "internal_error"));
};

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(
    c,
    new RouterError(
      404,
      `Unknown endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`,
      "invalid_request_error",
      "unknown_url",
    ),
  );

export function errorResponse(c: Context<AppEnv>, err: RouterError): Response {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const id = c.get("requestId");
  if (id) headers["x-request-id"] = id;
  return new Response(JSON.stringify(err.toJSON()), { status: err.status, headers });
}
