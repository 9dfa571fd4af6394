import { describe, expect, it } from "vitest";
import { RouterConfig, type RouterConfigInput } from "../../src/config/schema";
import type { ChatCompletionRequest } from "../../src/core/chat";
import { ProviderError } from "../../src/core/errors";
import { dispatch } from "../../src/dispatch";
import { BreakerBoard } from "../../src/dispatch/breaker/store";
import { getProvider, resolveTarget } from "../../src/providers";
import type { AiBinding } from "../../src/providers/types";
import { byteStream, dataEvents, failure, makeTarget, readText, readUntilError } from "./helpers";

/** A stand-in for the Workers AI binding: records each call and answers with `respond`. */
function fakeAi(respond: (model: string, inputs: Record<string, unknown>) => unknown) {
  const calls: { model: string; inputs: Record<string, unknown>; signal?: AbortSignal }[] = [];
  const binding: AiBinding = {
    async run(model, inputs, options) {
      calls.push({ model, inputs: inputs as Record<string, unknown>, signal: options?.signal });
      const answer = respond(model, inputs as Record<string, unknown>);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { binding, calls };
}

const adapter = getProvider("workers-ai");
const target = (binding: AiBinding) =>
  makeTarget({
    providerId: "workers-ai",
    modelId: "llama",
    upstreamModel: "@cf/meta/llama-3.1-8b-instruct",
    baseUrl: "",
    apiKey: "",
    binding,
  });
const req = (over: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: "auto",
  messages: [
    { role: "developer", content: "Be brief." },
    {
      role: "user",
      content: [
        { type: "text", text: "Say " },
        { type: "text", text: "hi" },
      ],
    },
  ],
  ...over,
});

describe("workers-ai adapter (a binding, not a URL)", () => {
  it("sends OpenAI messages as Workers AI inputs and answers in chat.completion form", async () => {
    const ai = fakeAi(() => ({
      response: "Hi!",
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    }));
    const out = await adapter.complete(req({ max_tokens: 5000, temperature: 0.2 }), {
      ...target(ai.binding),
      maxOutputTokens: 2048,
    });
    expect(ai.calls[0].model).toBe("@cf/meta/llama-3.1-8b-instruct");
    expect(ai.calls[0].inputs).toEqual({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Say hi" },
      ],
      max_tokens: 2048,
      temperature: 0.2,
    });
    expect(out.usage).toEqual({ inputTokens: 12, cachedInputTokens: 0, outputTokens: 3 });
    expect(out.finishReason).toBe("stop");
    expect(out.body).toMatchObject({
      object: "chat.completion",
      model: "llama",
      choices: [{ index: 0, message: { role: "assistant", content: "Hi!" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    });
  });

  it("returns tool calls in OpenAI's shape, from either Workers AI shape", async () => {
    const ai = fakeAi(() => ({
      response: null,
      tool_calls: [
        { name: "lookup", arguments: { id: 7 } },
        { id: "call_x", type: "function", function: { name: "send", arguments: '{"to":"a"}' } },
      ],
    }));
    const out = await adapter.complete(req(), target(ai.binding));
    expect(out.finishReason).toBe("tool_calls");
    expect((out.body.choices[0] as { message: unknown }).message).toMatchObject({
      content: null,
      tool_calls: [
        { id: "call_0", type: "function", function: { name: "lookup", arguments: '{"id":7}' } },
        { id: "call_x", type: "function", function: { name: "send", arguments: '{"to":"a"}' } },
      ],
    });
  });

  it("maps the binding's errors to ProviderError kinds, so the dispatcher fails over as for any provider", async () => {
    const cases: [string, string, boolean][] = [
      ["AiError: 3040: Capacity temporarily exceeded, please try again.", "overloaded", true],
      ["AiError: 5007: No such model @cf/x", "not_found", false],
      ["3036: you have used up your daily free allocation", "rate_limit", true],
      ["InferenceUpstreamError: internal error", "server", true],
    ];
    for (const [message, kind, retryable] of cases) {
      const ai = fakeAi(() => new Error(message));
      const err = await failure(adapter.complete(req(), target(ai.binding)));
      expect({ kind: err.kind, retryable: err.retryable, provider: err.provider }).toEqual({
        kind,
        retryable,
        provider: "workers-ai",
      });
    }
  });

  it("refuses image input (a bad request, no failover) and a result that is not text generation", async () => {
    const ai = fakeAi(() => ({ response: "x" }));
    const image = req({
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] }],
    });
    expect((await failure(adapter.complete(image, target(ai.binding)))).kind).toBe("bad_request");
    expect(ai.calls).toHaveLength(0);
    const odd = fakeAi(() => ({ response: 42 }));
    expect((await failure(adapter.complete(req(), target(odd.binding)))).kind).toBe("invalid_response");
  });

  it("translates a Workers AI stream to OpenAI chunks, usage only when asked for", async () => {
    const sse =
      'data: {"response":"Hel"}\n\ndata: {"response":"lo"}\n\n' +
      'data: {"response":"","usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}\n\ndata: [DONE]\n\n';
    const ai = fakeAi(() => byteStream(sse, 5));
    const out = await adapter.stream(
      req({ stream: true, stream_options: { include_usage: true } }),
      target(ai.binding),
    );
    expect(ai.calls[0].inputs.stream).toBe(true);
    const events = dataEvents(await readText(out.body));
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1) as {
      choices: { delta: Record<string, unknown>; finish_reason: string | null }[];
      usage?: unknown;
    }[];
    expect(chunks[0].choices[0].delta).toEqual({ role: "assistant", content: "" });
    expect(chunks.flatMap((c) => c.choices.map((ch) => ch.delta.content ?? "")).join("")).toBe("Hello");
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe("stop");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 2 } });
    expect(await out.summary).toMatchObject({
      completed: true,
      finishReason: "stop",
      usage: { inputTokens: 9, outputTokens: 2 },
    });
  });

  it("fails a stream that ends before [DONE]", async () => {
    const ai = fakeAi(() => byteStream('data: {"response":"Hel"}\n\n'));
    const out = await adapter.stream(req({ stream: true }), target(ai.binding));
    const { text, error } = await readUntilError(out.body);
    expect(text).toContain("Hel");
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe("connect");
    expect((await out.summary).completed).toBe(false);
  });
});

const input: RouterConfigInput = {
  schemaVersion: 1,
  baselineModel: "llama",
  providers: [{ id: "workers-ai", kind: "workers-ai", binding: "AI" }],
  models: [
    {
      id: "llama",
      provider: "workers-ai",
      upstream: "@cf/meta/llama-3.1-8b-instruct",
      tier: "economy",
      price: { input: 0.28, output: 0.83, asOf: "2026-11-24" },
      contextWindow: 8000,
    },
  ],
  categories: {},
  classifier: { model: "llama" },
  routes: { main: { model: "llama" } },
  rules: [],
  default: { route: "main" },
};

describe("workers-ai providers in the config", () => {
  const config = RouterConfig.parse(input);

  it("are declared by binding name, without a URL or key", () => {
    expect(
      RouterConfig.safeParse({
        ...input,
        providers: [{ id: "w", kind: "workers-ai", binding: "AI", baseUrl: "https://x" }],
      }).success,
    ).toBe(false);
    expect(
      RouterConfig.safeParse({ ...input, providers: [{ id: "w", kind: "openai-compatible", binding: "AI" }] }).success,
    ).toBe(false);
  });

  it("resolve to the Worker's binding; a binding that is not bound is not_found", () => {
    const ai = fakeAi(() => ({ response: "ok" }));
    expect(resolveTarget(config, "llama", { AI: ai.binding })).toMatchObject({
      providerId: "workers-ai",
      binding: ai.binding,
    });
    expect(() => resolveTarget(config, "llama", {})).toThrow(expect.objectContaining({ kind: "not_found" }));
  });

  it("dispatch retries a capacity error and then serves the answer", async () => {
    let n = 0;
    const ai = fakeAi(() =>
      n++ === 0 ? new Error("AiError: 3040: Capacity temporarily exceeded") : { response: "ok" },
    );
    const resolved = {
      target: resolveTarget(config, "llama", { AI: ai.binding }),
      provider: adapter,
      contextWindow: 8000,
    };
    const result = await dispatch({
      req: req(),
      stream: false,
      targets: [{ model: "llama", provider: "workers-ai", role: "primary" }],
      resilience: { retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } },
      deps: { resolve: () => resolved, breakers: new BreakerBoard().session() },
    });
    expect(result.ok).toBe(true);
    expect(result.attempts.map((a) => a.errorKind ?? "ok")).toEqual(["overloaded", "ok"]);
  });
});
