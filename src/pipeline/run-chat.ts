import type { Context } from "hono";
import type { AppEnv } from "../api/context";
import { errorResponse } from "../api/errors";
import { getActiveConfig } from "../rules/store";
import { dispatch, type DispatchResult } from "../dispatch";
import { decide, type DecideResult } from "./decide";
import { classifierDeps, dispatchDeps } from "./deps";
import { buildRecord, completionText, wantsSamples, type RecordInput } from "./record";
import { recordRequest } from "../telemetry/writer";
import { maybeShadow } from "./shadow";

/** POST /v1/chat/completions: decide, dispatch, answer, and record without making the client wait. */
export async function handleChat(c: Context<AppEnv>): Promise<Response> {
  const body = c.get("body");
  const requestId = c.get("requestId");
  const startedAt = c.get("startedAt");
  const active = await getActiveConfig(c.env.RULES);
  const decided = await decide({
    active,
    body,
    taskHeader: c.req.header("x-router-task") ?? undefined,
    clientId: c.get("client").id,
    splitKey: requestId,
    classifier: classifierDeps(c.env, active, (p) => c.executionCtx.waitUntil(p), c.req.raw.signal),
  });
  const stream = body.stream === true;
  const dispatchedAt = Date.now();
  const result = await dispatch({
    req: body,
    stream,
    targets: decided.decision.targets,
    route: decided.decision.routeConfig,
    resilience: active.config.resilience,
    estimatedInputTokens: decided.features.inputTokens,
    signal: c.req.raw.signal,
    deps: dispatchDeps(c.env, active, (p) => c.executionCtx.waitUntil(p)),
  });
  const base: Omit<RecordInput, "result" | "finishedAt" | "outcome"> = {
    requestId,
    startedAt,
    clientId: c.get("client").id,
    active,
    body,
    decided,
  };
  const write = (outcome: RecordInput["outcome"], completionSample?: string) =>
    recordRequest(c.env, buildRecord({ ...base, result, outcome, finishedAt: Date.now(), completionSample }));
  const record = (outcome: RecordInput["outcome"], completionSample?: string) =>
    c.executionCtx.waitUntil(write(outcome, completionSample));
  const headers = routerHeaders(decided, result, active.version);
  maybeShadow(c, active, decided, body, requestId);

  if (!result.ok) {
    record({ status: result.error.status, errorCode: result.error.code ?? undefined });
    const res = errorResponse(c, result.error);
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  }
  if (result.response.kind === "json") {
    const outcome = result.response.outcome;
    const sample = wantsSamples(active, decided.decision.rule) ? completionText(outcome.body) : undefined;
    record(
      { status: 200, usage: outcome.usage, finishReason: outcome.finishReason, ttfbMs: Date.now() - startedAt },
      sample,
    );
    return new Response(outcome.text ?? JSON.stringify(outcome.body), {
      status: 200,
      headers: { ...headers, "content-type": "application/json" },
    });
  }
  const { body: sse, done } = result.response;
  c.executionCtx.waitUntil(
    done.then((end) =>
      write({
        status: 200,
        errorCode: end.truncated ? "stream_truncated" : undefined,
        usage: end.usage,
        finishReason: end.finishReason,
        truncated: end.truncated,
        ttfbMs: dispatchedAt - startedAt + result.ttfbMs,
      }),
    ),
  );
  return new Response(sse, {
    status: 200,
    headers: {
      ...headers,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
    },
  });
}

function routerHeaders(decided: DecideResult, result: DispatchResult, configVersion: string): Record<string, string> {
  const h: Record<string, string> = {
    "x-router-rule": decided.decision.rule,
    "x-router-route": decided.decision.route,
    "x-router-category": decided.classification.category || "none",
    "x-router-category-source": decided.classification.source,
    "x-router-config-version": configVersion,
    "x-router-attempts": String(result.attempts.length),
  };
  if (result.ok) {
    h["x-router-model"] = result.model;
    h["x-router-provider"] = result.provider;
  }
  return h;
}
