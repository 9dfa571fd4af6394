/** One model call for the live eval: the router's dispatcher with a single target, retries, no failover. */
import type { ChatCompletionRequest } from "../../src/core/chat";
import { dispatch } from "../../src/dispatch";
import type { Env } from "../../src/env";
import { dispatchDeps } from "../../src/pipeline/deps";
import type { ActiveConfig } from "../../src/rules/store";
import { catalogModel, costOf } from "../../src/core/catalog";

export interface CallResult {
  ok: boolean;
  text: string;
  error?: string;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  attempts: number;
}

export interface Caller {
  /** Calls exactly `model` (never a fallback: the eval measures that model); `req.model` is replaced. */
  call(model: string, req: ChatCompletionRequest): Promise<CallResult>;
}

export interface CallerOptions {
  /** Extra attempts on retryable errors (429, 5xx, timeouts), with backoff and Retry-After. */
  maxRetries?: number;
  timeoutMs?: number;
}

/** The breaker is for production traffic; an eval run should keep asking (and record failures). */
const NO_BREAKER = { failureThreshold: 1_000_000, slowCallMs: 3_600_000, openMs: 1 };

function answerText(body: Record<string, unknown>): string {
  const choice = (body.choices as { message?: { content?: unknown; tool_calls?: unknown } }[])[0];
  const content = choice?.message?.content;
  if (typeof content === "string") return content;
  if (choice?.message?.tool_calls) return JSON.stringify(choice.message.tool_calls);
  return "";
}

/**
 * A caller over the router's provider layer (`resolveTarget` + adapters via `dispatchDeps`) and its
 * dispatcher (deadlines, retries with jitter and Retry-After), one target per call.
 * @example const r = await evalCaller(active, env).call("gpt-4o-mini", { messages })
 */
export function evalCaller(active: ActiveConfig, env: Record<string, unknown>, opts: CallerOptions = {}): Caller {
  const deps = dispatchDeps(env as unknown as Env, active);
  const route = {
    retry: { maxRetries: Math.min(5, opts.maxRetries ?? 3), baseDelayMs: 250, maxDelayMs: 8_000 },
    deadlines: { firstByteMs: opts.timeoutMs ?? 120_000, totalMs: (opts.timeoutMs ?? 120_000) * 3 },
  };
  return {
    async call(model, req) {
      const entry = catalogModel(active.config, model);
      if (!entry) throw new Error(`model '${model}' is not in the config's catalog`);
      const started = performance.now();
      const r = await dispatch({
        req: { ...req, model: entry.id },
        stream: false,
        targets: [{ model: entry.id, provider: entry.provider, role: "primary" }],
        route,
        resilience: { ...active.config.resilience, breaker: NO_BREAKER },
        deps,
      });
      const latencyMs = Math.round(performance.now() - started);
      const attempts = r.attempts.length;
      if (!r.ok || r.response.kind !== "json") {
        const error = r.ok ? "unexpected stream" : r.error.message;
        return {
          ok: false,
          text: "",
          error,
          inputTokens: 0,
          cachedInputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
          latencyMs,
          attempts,
        };
      }
      const { usage, body } = r.response.outcome;
      return { ok: true, text: answerText(body), ...usage, costUsd: costOf(entry.price, usage), latencyMs, attempts };
    },
  };
}
