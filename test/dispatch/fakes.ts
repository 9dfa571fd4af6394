import { ProviderError } from "../../src/core/errors";
import type { ChatCompletionRequest } from "../../src/core/chat";
import type { DispatchDeps, DispatchInput, ResolvedTarget } from "../../src/dispatch/types";
import { BreakerBoard } from "../../src/dispatch/breaker/store";
import type {
  CallOptions,
  ChatProvider,
  CompletionOutcome,
  StreamOutcome,
  StreamSummary,
} from "../../src/providers/types";
import type { DecisionTarget } from "../../src/core/catalog";

/** One scripted answer of a fake provider; calls past the script repeat its last step. */
export type Step =
  | { error: ProviderError; afterMs?: number }
  | { json?: string; afterMs?: number }
  | { hang: true }
  | { stream: StreamPart[]; afterMs?: number; completed?: boolean };

export type StreamPart =
  string | { delayMs: number; text: string } | { error: ProviderError; delayMs?: number } | { hang: true };

export interface FakeCall {
  req: ChatCompletionRequest;
  signal?: AbortSignal;
  at: number;
}

export interface Fake {
  provider: ChatProvider;
  calls: FakeCall[];
}

const encoder = new TextEncoder();

/** A ChatProvider that follows a script and honours its AbortSignal like the real adapters. */
export function fakeProvider(id: string, script: Step[]): Fake {
  const calls: FakeCall[] = [];
  const next = () => script[Math.min(calls.length - 1, script.length - 1)];
  const record = (req: ChatCompletionRequest, opts?: CallOptions) =>
    calls.push({ req, signal: opts?.signal, at: Date.now() });
  const provider: ChatProvider = {
    kind: "openai-compatible",
    async complete(req, target, opts): Promise<CompletionOutcome> {
      record(req, opts);
      const step = next();
      await wait("hang" in step ? Infinity : (step.afterMs ?? 0), id, opts?.signal);
      if ("error" in step) throw step.error;
      const text = "json" in step && step.json !== undefined ? step.json : `answer from ${target.modelId}`;
      return {
        body: {
          id: "cmpl-1",
          object: "chat.completion",
          model: target.modelId,
          choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
        },
        usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 3 },
        finishReason: "stop",
      };
    },
    async stream(req, target, opts): Promise<StreamOutcome> {
      record(req, opts);
      const step = next();
      await wait("hang" in step ? Infinity : (step.afterMs ?? 0), id, opts?.signal);
      if ("error" in step) throw step.error;
      if (!("stream" in step)) throw new Error("script step is not a stream");
      return fakeStream(id, step.stream, step.completed ?? true, opts?.signal);
    },
  };
  return { provider, calls };
}

function fakeStream(id: string, parts: StreamPart[], completed: boolean, signal?: AbortSignal): StreamOutcome {
  let i = 0;
  let resolveSummary!: (s: StreamSummary) => void;
  const summary = new Promise<StreamSummary>((r) => (resolveSummary = r));
  const finish = (ok: boolean) =>
    resolveSummary({
      completed: ok,
      finishReason: ok ? "stop" : null,
      chunks: i,
      usage: ok ? { inputTokens: 10, cachedInputTokens: 0, outputTokens: i } : undefined,
    });
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (i === parts.length) {
            if (completed) controller.enqueue(encoder.encode("data: [DONE]\n\n"));
            controller.close();
            return finish(completed);
          }
          const part = parts[i++];
          if (typeof part === "string") return controller.enqueue(encoder.encode(sse(part)));
          await wait("hang" in part ? Infinity : (part.delayMs ?? 0), id, signal);
          if ("error" in part) throw part.error;
          if ("text" in part) controller.enqueue(encoder.encode(sse(part.text)));
        } catch (err) {
          controller.error(err);
          finish(false);
        }
      },
      cancel() {
        finish(false);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, summary };
}

export function sse(text: string): string {
  return `data: ${JSON.stringify({ object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: text } }] })}\n\n`;
}

function wait(ms: number, id: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = () =>
      reject(
        signal?.reason instanceof ProviderError
          ? signal.reason
          : new ProviderError(id, "aborted", `${id}: request aborted`),
      );
    if (signal?.aborted) return fail();
    const t = ms === Infinity ? undefined : setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      fail();
    });
  });
}

export interface FakeTarget {
  model: string;
  provider: string;
  fake: Fake;
  contextWindow?: number;
  apiKey?: string;
}

export const REQ: ChatCompletionRequest = { model: "auto", messages: [{ role: "user", content: "hello" }] };

/** A dispatch input over fake targets, with a fresh isolate-local breaker board. */
export function fakeInput(
  targets: FakeTarget[],
  over: Partial<DispatchInput> = {},
  deps: Partial<DispatchDeps> = {},
): DispatchInput {
  const byModel = new Map(targets.map((t) => [t.model, t]));
  const resolve = (model: string): ResolvedTarget | undefined => {
    const t = byModel.get(model);
    if (!t) return undefined;
    const target = {
      providerId: t.provider,
      modelId: t.model,
      upstreamModel: t.model,
      baseUrl: "http://fake",
      apiKey: t.apiKey ?? `sk-${t.provider}-secret-key`,
    };
    return { target, provider: t.fake.provider, contextWindow: t.contextWindow ?? 128_000 };
  };
  const decisionTargets: DecisionTarget[] = targets.map((t, i) => ({
    model: t.model,
    provider: t.provider,
    role: i === 0 ? "primary" : "fallback",
  }));
  return {
    req: REQ,
    stream: false,
    targets: decisionTargets,
    route: {
      deadlines: { firstByteMs: 1_000, responseMs: 1_000, idleMs: 1_000, totalMs: 5_000 },
      retry: { maxRetries: 0 },
    },
    deps: { resolve, breakers: new BreakerBoard().session(), sleep: async () => {}, random: () => 0.5, ...deps },
    ...over,
  };
}

export function perr(
  provider: string,
  kind: ConstructorParameters<typeof ProviderError>[1],
  status?: number,
  retryAfterMs?: number,
): ProviderError {
  return new ProviderError(
    provider,
    kind,
    `${provider} ${status ?? ""} ${kind}`.replace(/\s+/g, " "),
    status,
    retryAfterMs,
  );
}

/** Reads a body to text, chunk by chunk. */
export async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(body).text();
}
