import type { ChatCompletionRequest } from "../core/chat";
import type { RouterError } from "../core/errors";
import { dispatch, type DispatchResult } from "../dispatch";
import type { CompletionOutcome } from "../providers/types";
import { getActiveConfig } from "../rules/store";
import { recordRequest } from "../telemetry/writer";
import type { RunContext } from "./context";
import { decide, type DecideResult } from "./decide";
import { classifierDeps, dispatchDeps } from "./deps";
import { buildRecord, completionText, wantsSamples, type RecordInput } from "./record";
import { maybeShadow } from "./shadow";

export interface ChatInput extends RunContext {
  body: ChatCompletionRequest;
  /** The client's task tag (header x-router-task), when it sent one. */
  taskHeader?: string;
}

/** What the router decided and who answered: the edge shows it to the client (x-router-* headers). */
export interface RouterMeta {
  rule: string;
  route: string;
  /** "" when no rule needed the category. */
  category: string;
  categorySource: string;
  configVersion: string;
  attempts: number;
  /** Catalog id and provider of the model that answered (absent when none did). */
  model?: string;
  provider?: string;
}

/**
 * The outcome of one chat request, protocol-neutral: the edge translates it (OpenAI chat
 * completions today; other wire formats reuse the same decide → dispatch → record path).
 */
export type ChatResult =
  | { kind: "error"; error: RouterError; meta: RouterMeta }
  /** The upstream's answer as OpenAI chat.completion (`outcome.text` is its JSON text as received). */
  | { kind: "json"; outcome: CompletionOutcome; meta: RouterMeta }
  /** OpenAI-shaped SSE bytes; the record is written when the stream ends. */
  | { kind: "stream"; body: ReadableStream<Uint8Array>; meta: RouterMeta };

/**
 * One chat request: decide, dispatch, and record without making the client wait (`waitUntil`).
 * @example const result = await runChat({ env, waitUntil, requestId, startedAt: Date.now(), client, body })
 */
export async function runChat(input: ChatInput): Promise<ChatResult> {
  const { env, waitUntil, body, requestId, startedAt } = input;
  const active = await getActiveConfig(env.RULES);
  const decided = await decide({
    active,
    body,
    taskHeader: input.taskHeader,
    clientId: input.client.id,
    splitKey: requestId,
    classifier: classifierDeps(env, active, waitUntil, input.signal),
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
    signal: input.signal,
    deps: dispatchDeps(env, active, waitUntil),
  });
  const base: Omit<RecordInput, "result" | "finishedAt" | "outcome"> = {
    requestId,
    startedAt,
    clientId: input.client.id,
    active,
    body,
    decided,
  };
  const write = (outcome: RecordInput["outcome"], completionSample?: string) =>
    recordRequest(env, buildRecord({ ...base, result, outcome, finishedAt: Date.now(), completionSample }));
  const record = (outcome: RecordInput["outcome"], completionSample?: string) =>
    waitUntil(write(outcome, completionSample));
  const meta = routerMeta(decided, result, active.version);
  maybeShadow(input, active, decided, body);

  if (!result.ok) {
    record({ status: result.error.status, errorCode: result.error.code ?? undefined });
    return { kind: "error", error: result.error, meta };
  }
  if (result.response.kind === "json") {
    const outcome = result.response.outcome;
    const sample = wantsSamples(active, decided.decision.rule) ? completionText(outcome.body) : undefined;
    record(
      { status: 200, usage: outcome.usage, finishReason: outcome.finishReason, ttfbMs: Date.now() - startedAt },
      sample,
    );
    return { kind: "json", outcome, meta };
  }
  const { body: sse, done } = result.response;
  waitUntil(
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
  return { kind: "stream", body: sse, meta };
}

function routerMeta(decided: DecideResult, result: DispatchResult, configVersion: string): RouterMeta {
  const meta: RouterMeta = {
    rule: decided.decision.rule,
    route: decided.decision.route,
    category: decided.classification.category,
    categorySource: decided.classification.source,
    configVersion,
    attempts: result.attempts.length,
  };
  if (result.ok) {
    meta.model = result.model;
    meta.provider = result.provider;
  }
  return meta;
}
