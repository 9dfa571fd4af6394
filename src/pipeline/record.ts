import type { ChatCompletionRequest, Usage } from "../core/chat";
import type { DispatchResult } from "../dispatch";
import type { ActiveConfig } from "../rules/store";
import { recordCosts } from "../telemetry/cost";
import type { RequestRecord } from "../telemetry/types";
import type { DecideResult } from "./decide";

export interface RecordInput {
  requestId: string;
  clientId: string;
  startedAt: number;
  finishedAt: number;
  active: ActiveConfig;
  body: ChatCompletionRequest;
  decided: DecideResult;
  result: DispatchResult;
  outcome: {
    status: number;
    errorCode?: string;
    usage?: Usage;
    finishReason?: string | null;
    truncated?: boolean;
    ttfbMs?: number;
  };
  shadowOf?: string;
  /** The completion text, passed only when the matched rule opted in to samples. */
  completionSample?: string;
}

const NO_USAGE: Usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };

/** The cost and latency record of one request (no prompt text: sizes and a hash). */
export function buildRecord(input: RecordInput): RequestRecord {
  const { decided, result, outcome, active } = input;
  const usage = outcome.usage ?? NO_USAGE;
  const model = result.ok ? result.model : "";
  const classifier = decided.classification.classifier;
  const costs = recordCosts(active.config, model, usage, classifier?.costUsd ?? 0);
  const latencyMs = input.finishedAt - input.startedAt;
  const upstreamMs = result.upstreamMs ?? 0;
  const f = decided.features;
  return {
    id: input.requestId,
    ts: input.startedAt,
    clientId: input.clientId,
    configVersion: active.version,
    rule: decided.decision.rule,
    route: decided.decision.route,
    category: decided.classification.category,
    categorySource: decided.classification.source,
    classifierConfidence: decided.classification.confidence,
    requestedModel: input.body.model,
    model,
    provider: result.ok ? result.provider : "",
    status: outcome.status,
    errorCode: outcome.errorCode,
    streamed: input.body.stream === true,
    truncated: outcome.truncated ?? false,
    inputTokens: usage.inputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    outputTokens: usage.outputTokens,
    ...costs,
    classifierInputTokens: classifier?.inputTokens ?? 0,
    classifierOutputTokens: classifier?.outputTokens ?? 0,
    latencyMs,
    ttfbMs: outcome.ttfbMs ?? latencyMs,
    upstreamMs,
    overheadMs: Math.max(0, latencyMs - upstreamMs - decided.classifierMs),
    attempts: result.attempts,
    inputTokensEstimate: f.inputTokens,
    language: f.language,
    promptChars: f.lastUserChars,
    promptHash: decided.promptHash,
    finishReason: outcome.finishReason,
    features: {
      inputTokens: f.inputTokens,
      messageCount: f.messageCount,
      language: f.language,
      script: f.script,
      hasCode: f.hasCode,
      hasJson: f.hasJson,
      hasTools: f.hasTools,
      hasImages: f.hasImages,
      responseFormat: f.responseFormat,
      complexity: f.complexity,
    },
    reason: decided.decision.reason,
    shadowOf: input.shadowOf,
    ...(input.completionSample !== undefined
      ? { sample: { prompt: decided.context.lastUserText, completion: input.completionSample } }
      : {}),
  };
}

/** Whether the rule that decided this request opted in to storing prompt/completion samples. */
export function wantsSamples(active: ActiveConfig, ruleId: string): boolean {
  if (ruleId === "default") return active.config.default.storeSamples;
  return active.compiled.rules.find((r) => r.id === ruleId)?.rule.storeSamples ?? false;
}

/** The first choice's text of a chat.completion body, for an opted-in sample. */
export function completionText(body: { choices: unknown[] }): string {
  const message = (body.choices[0] as { message?: { content?: unknown } } | undefined)?.message;
  return typeof message?.content === "string" ? message.content : "";
}
