import type { ChatCompletionRequest } from "../core/chat";
import { dispatch } from "../dispatch";
import type { ActiveConfig } from "../rules/store";
import { recordRequest } from "../telemetry/writer";
import type { RunContext } from "./context";
import type { DecideResult } from "./decide";
import { dispatchDeps } from "./deps";
import { buildRecord } from "./record";

/**
 * Shadow traffic: for a sample of a route's requests, the same request goes to another model after
 * the client's response is under way (`waitUntil`), non-streaming, and only its record is kept
 * (`shadowOf` = the original request id) for side-by-side cost and quality comparison.
 */
export function maybeShadow(
  ctx: Pick<RunContext, "env" | "waitUntil" | "requestId" | "client">,
  active: ActiveConfig,
  decided: DecideResult,
  body: ChatCompletionRequest,
  random: () => number = Math.random,
): void {
  const { env, requestId } = ctx;
  const shadow = decided.decision.routeConfig.shadow;
  if (!shadow || random() >= shadow.sampleRate) return;
  const entry = active.compiled.models.get(shadow.model);
  if (!entry) return;
  const run = async () => {
    const startedAt = Date.now();
    const req = { ...body, stream: false };
    const result = await dispatch({
      req,
      stream: false,
      targets: [{ model: entry.id, provider: entry.provider, role: "primary" }],
      resilience: active.config.resilience,
      estimatedInputTokens: decided.features.inputTokens,
      deps: dispatchDeps(env, active),
    });
    const outcome =
      result.ok && result.response.kind === "json"
        ? { status: 200, usage: result.response.outcome.usage, finishReason: result.response.outcome.finishReason }
        : {
            status: result.ok ? 200 : result.error.status,
            errorCode: result.ok ? undefined : (result.error.code ?? undefined),
          };
    const record = buildRecord({
      requestId: `${requestId}_shadow`,
      clientId: ctx.client.id,
      startedAt,
      finishedAt: Date.now(),
      active,
      body: req,
      decided: {
        ...decided,
        classification: { category: decided.classification.category, source: decided.classification.source },
        classifierMs: 0,
      },
      result,
      outcome,
      shadowOf: requestId,
    });
    await recordRequest(env, record);
  };
  ctx.waitUntil(
    run().catch((err) =>
      console.error(JSON.stringify({ msg: "shadow request failed", requestId, error: String(err) })),
    ),
  );
}
