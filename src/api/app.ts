import { Hono } from "hono";
import { ChatCompletionRequest } from "../core/chat";
import type { AppEnv } from "./context";
import { notFound, onError } from "./errors";
import { requestId } from "./middleware/request-id";
import { clientAuth, requireAdmin } from "./middleware/auth";
import { jsonBody } from "./middleware/json-body";
import { handleChat } from "../pipeline/run-chat";
import { handleRouteDryRun } from "../pipeline/run-route";
import { listModels } from "./routes/models";
import { statusReport } from "./routes/status";
import { feedback } from "./routes/feedback";

/** The router's HTTP surface. Thin: parse, call the pipeline, shape the response. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requestId());
  app.onError(onError);
  app.notFound(notFound);

  app.get("/healthz", (c) => c.json({ ok: true }));
  app.use("/v1/*", clientAuth());
  app.get("/v1/models", listModels);
  app.post("/v1/chat/completions", jsonBody(ChatCompletionRequest), handleChat);
  app.post("/v1/route", jsonBody(ChatCompletionRequest), handleRouteDryRun);
  app.route("/v1/feedback", feedback);
  app.get("/v1/status", requireAdmin(), statusReport);
  return app;
}
