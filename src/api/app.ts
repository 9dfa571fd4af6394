import { Hono } from "hono";
import { ChatCompletionRequest } from "../core/chat";
import type { AppEnv } from "./context";
import { notFound, onError } from "./errors";
import { requestId } from "./middleware/request-id";
import { clientAuth, requireAdmin } from "./middleware/auth";
import { jsonBody } from "./middleware/json-body";
import { chat } from "./routes/chat";
import { route } from "./routes/route";
import { models } from "./routes/models";
import { status } from "./routes/status";
import { feedback } from "./routes/feedback";

/** The router's HTTP surface: middleware and the route table; each route parses, calls the pipeline, shapes the response. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requestId());
  app.onError(onError);
  app.notFound(notFound);

  app.get("/healthz", (c) => c.json({ ok: true }));
  app.use("/v1/*", clientAuth());
  app.get("/v1/models", models);
  app.post("/v1/chat/completions", jsonBody(ChatCompletionRequest), chat);
  app.post("/v1/route", jsonBody(ChatCompletionRequest), route);
  app.route("/v1/feedback", feedback);
  app.get("/v1/status", requireAdmin(), status);
  return app;
}
