import { describe, expect, inject, it } from "vitest";
import { ProviderError } from "../../src/core/errors";
import { createOpenAICompatibleProvider } from "../../src/providers/openai-compatible/openai-compatible-provider";
import completion from "./__fixtures__/openai-completion.json";
import authError from "./__fixtures__/openai-error-auth.json";
import contextError from "./__fixtures__/openai-error-context-length.json";
import rateLimitError from "./__fixtures__/openai-error-rate-limit.json";
import toolCompletion from "./__fixtures__/openai-tool-completion.json";
import textSse from "./__fixtures__/openai-text.chunks.txt?raw";
import {
  byteStream,
  dataEvents,
  endlessBody,
  failure,
  fakeFetch,
  jsonResponse,
  makeTarget,
  openAIRequest,
  readText,
  sseResponse,
} from "./helpers";

const provider = createOpenAICompatibleProvider();
const KEY = makeTarget().apiKey;

const request = openAIRequest;

describe("openai-compatible complete", () => {
  it("sends the client's body with the upstream model and returns the upstream JSON", async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(200, completion, { "x-request-id": "req_abc123" }));
    const target = makeTarget({ fetch, headers: { "openai-organization": "org-test" } });
    const out = await provider.complete({ ...request, stream: false, stream_options: null }, target);

    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe("https://api.openai.test/v1/chat/completions");
    expect(calls[0].method).toBe("POST");
    expect(calls[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(calls[0].headers["openai-organization"]).toBe("org-test");
    expect(calls[0].body).toEqual({
      model: "gpt-4o-mini-2024-07-18",
      messages: request.messages,
      temperature: 0.2,
      max_completion_tokens: 64,
      user: "u-42",
      prediction: { type: "content", content: "Paris" },
    });
    expect(out.body).toEqual(completion);
    expect(out.usage).toEqual({ inputTokens: 1117, cachedInputTokens: 1024, outputTokens: 8 });
    expect(out.finishReason).toBe("stop");
    expect(out.upstreamRequestId).toBe("req_abc123");
  });

  it("each call uses its own target's key, base URL and headers", async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(200, completion));
    await provider.complete(request, makeTarget({ fetch }));
    await provider.complete(
      request,
      makeTarget({ fetch, apiKey: "sk-other-key-999", baseUrl: "https://groq.test/openai/v1" }),
    );
    await provider.complete(request, makeTarget({ fetch, headers: { "x-extra": "1" } }));
    await provider.complete(request, makeTarget({ fetch }));
    expect(calls.map((c) => [c.url, c.headers.authorization, c.headers["x-extra"]])).toEqual([
      ["https://api.openai.test/v1/chat/completions", `Bearer ${KEY}`, undefined],
      ["https://groq.test/openai/v1/chat/completions", "Bearer sk-other-key-999", undefined],
      ["https://api.openai.test/v1/chat/completions", `Bearer ${KEY}`, "1"],
      ["https://api.openai.test/v1/chat/completions", `Bearer ${KEY}`, undefined],
    ]);
  });

  it("reports tool calls as finish reason and zero cached tokens", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(200, toolCompletion));
    const out = await provider.complete(request, makeTarget({ fetch }));
    expect(out.finishReason).toBe("tool_calls");
    expect(out.usage).toEqual({ inputTokens: 82, cachedInputTokens: 0, outputTokens: 22 });
    expect(out.body.choices).toEqual(toolCompletion.choices);
  });

  it("maps a malformed JSON body to invalid_response", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(200, '{"id":"chatcmpl-1","choices":[{"index":0,'));
    const err = await failure(provider.complete(request, makeTarget({ fetch })));
    expect(err.kind).toBe("invalid_response");
    expect(err.retryable).toBe(true);
  });

  it("maps a JSON body that is not a completion to invalid_response", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(200, { object: "list", data: [] }));
    expect((await failure(provider.complete(request, makeTarget({ fetch })))).kind).toBe("invalid_response");
  });
});

describe("openai-compatible request over fetch", () => {
  it.each([
    ["https://api.openai.test/v1", "https://api.openai.test/v1/chat/completions"],
    ["https://api.openai.test/v1/", "https://api.openai.test/v1/chat/completions"],
    ["https://groq.test/openai/v1//", "https://groq.test/openai/v1/chat/completions"],
    [
      "https://az.test/openai/deployments/m?api-version=2024-10-21",
      "https://az.test/openai/deployments/m/chat/completions?api-version=2024-10-21",
    ],
  ])("joins %s into %s", async (baseUrl, url) => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(200, completion));
    await provider.complete(request, makeTarget({ fetch, baseUrl }));
    expect(calls[0].url).toBe(url);
  });

  it("sends key, accept and JSON content type, plus the provider's headers, which may replace the key's", async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.headers.accept === "text/event-stream" ? sseResponse(textSse) : jsonResponse(200, completion),
    );
    await provider.complete(request, makeTarget({ fetch, headers: { "x-extra": "1", "X-Other": "2" } }));
    await provider.stream({ ...request, stream: true }, makeTarget({ fetch }));
    await provider.complete(request, makeTarget({ fetch, headers: { Authorization: "Token abc", "api-key": "k" } }));
    expect(calls[0].headers).toEqual({
      authorization: `Bearer ${KEY}`,
      accept: "application/json",
      "content-type": "application/json",
      "x-extra": "1",
      "x-other": "2",
    });
    expect(calls[1].headers).toEqual({
      authorization: `Bearer ${KEY}`,
      accept: "text/event-stream",
      "content-type": "application/json",
    });
    expect(calls[2].headers).toMatchObject({ authorization: "Token abc", "api-key": "k" });
  });

  it("calls an injected fetch as a plain function (workerd's fetch throws Illegal invocation on another `this`)", async () => {
    const inner = fakeFetch(() => jsonResponse(200, completion));
    const strict = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
      return inner.fetch(input, init);
    } as typeof globalThis.fetch;
    await provider.complete(request, makeTarget({ fetch: strict }));
    expect(inner.calls).toHaveLength(1);
  });

  it("returns the upstream body byte for byte as `text`, and its parse as `body`", async () => {
    const raw = `{ "id": "chatcmpl-9x", "object": "chat.completion", "created": 1731000000,\n  "choices": [{"index": 0, "message": {"role": "assistant", "content": "caf\\u00e9 \\ud83d\\udc4b"}, "finish_reason": "stop"}],\n  "usage": {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12} }\n`;
    const { fetch } = fakeFetch(() => jsonResponse(200, raw));
    const out = await provider.complete(request, makeTarget({ fetch }));
    expect(out.text).toBe(raw);
    expect(out.body).toEqual(JSON.parse(raw));
    expect(JSON.stringify(out.body)).not.toBe(raw);
    expect(out.usage).toEqual({ inputTokens: 9, cachedInputTokens: 0, outputTokens: 3 });
  });

  it("a 2xx body that is not JSON → invalid_response", async () => {
    const { fetch } = fakeFetch(
      () => new Response("<html><body>Welcome to nginx!</body></html>", { headers: { "content-type": "text/html" } }),
    );
    const err = await failure(provider.complete(request, makeTarget({ fetch })));
    expect(err).toMatchObject({ kind: "invalid_response", retryable: true });
  });

  it("a 2xx body cut while being read → connect", async () => {
    const body = byteStream(JSON.stringify(completion).slice(0, 200), 50, new TypeError("Network connection lost."));
    const { fetch } = fakeFetch(() => new Response(body, { headers: { "content-type": "application/json" } }));
    expect(await failure(provider.complete(request, makeTarget({ fetch })))).toMatchObject({
      kind: "connect",
      retryable: true,
    });
  });
});

describe("openai-compatible errors", () => {
  it("429 → rate_limit with retry-after", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(429, rateLimitError, { "retry-after": "2" }));
    const err = await failure(provider.complete(request, makeTarget({ fetch })));
    expect(err).toMatchObject({
      kind: "rate_limit",
      status: 429,
      retryAfterMs: 2000,
      retryable: true,
      provider: "openai",
    });
    expect(err.message).toContain("Rate limit reached");
  });

  it("retry-after-ms wins over retry-after", async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(429, rateLimitError, { "retry-after-ms": "298", "retry-after": "1" }),
    );
    expect((await failure(provider.stream(request, makeTarget({ fetch })))).retryAfterMs).toBe(298);
  });

  it("529 → overloaded, 503 → server", async () => {
    const overloaded = fakeFetch(() =>
      jsonResponse(529, { error: { message: "Overloaded", type: "overloaded_error" } }),
    );
    expect(await failure(provider.complete(request, makeTarget({ fetch: overloaded.fetch })))).toMatchObject({
      kind: "overloaded",
      status: 529,
      retryable: true,
    });
    const unavailable = fakeFetch(() => new Response("upstream connect error", { status: 503 }));
    expect(await failure(provider.complete(request, makeTarget({ fetch: unavailable.fetch })))).toMatchObject({
      kind: "server",
      status: 503,
    });
  });

  it("400 context_length_exceeded → context_length, not retryable", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(400, contextError));
    const err = await failure(provider.complete(request, makeTarget({ fetch })));
    expect(err).toMatchObject({ kind: "context_length", status: 400, retryable: false });
  });

  it("400 other → bad_request; 404 → not_found", async () => {
    const bad = fakeFetch(() =>
      jsonResponse(400, {
        error: {
          message: "Invalid value for 'temperature'",
          type: "invalid_request_error",
          param: "temperature",
          code: null,
        },
      }),
    );
    expect((await failure(provider.complete(request, makeTarget({ fetch: bad.fetch })))).kind).toBe("bad_request");
    const missing = fakeFetch(() =>
      jsonResponse(404, {
        error: { message: "The model `gpt-9` does not exist", type: "invalid_request_error", code: "model_not_found" },
      }),
    );
    expect((await failure(provider.complete(request, makeTarget({ fetch: missing.fetch })))).kind).toBe("not_found");
  });

  it("401 → auth, and neither the key nor its masked echo appears in the message", async () => {
    const echoing = { error: { ...authError.error, message: `${authError.error.message} (sent ${KEY})` } };
    const { fetch } = fakeFetch(() => jsonResponse(401, echoing));
    const err = await failure(provider.complete(request, makeTarget({ fetch })));
    expect(err).toMatchObject({ kind: "auth", status: 401, retryable: false });
    expect(err.message).toContain("Incorrect API key provided");
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain("sk-test-");
    expect(JSON.stringify(err)).not.toContain(KEY);
  });

  it("a network failure → connect, without the key", async () => {
    const fetch = (async () => {
      throw new TypeError(`Network connection lost (Authorization: Bearer ${KEY})`);
    }) as typeof globalThis.fetch;
    const err = await failure(provider.complete(request, makeTarget({ fetch })));
    expect(err).toMatchObject({ kind: "connect", retryable: true });
    expect(err.message).not.toContain(KEY);
  });

  it("the message is the upstream's error.message, or the body text when it is not OpenAI's error shape", async () => {
    const shaped = fakeFetch(() =>
      jsonResponse(400, {
        error: {
          message: "Invalid value for 'temperature'",
          type: "invalid_request_error",
          param: "temperature",
          code: null,
        },
      }),
    );
    expect((await failure(provider.complete(request, makeTarget({ fetch: shaped.fetch })))).message).toBe(
      "openai 400: Invalid value for 'temperature'",
    );
    const plain = fakeFetch(
      () => new Response("upstream connect error or disconnect/reset before headers", { status: 503 }),
    );
    expect((await failure(provider.complete(request, makeTarget({ fetch: plain.fetch })))).message).toBe(
      "openai 503: upstream connect error or disconnect/reset before headers",
    );
  });

  it("reads a huge error body only up to a bound and cancels the rest", async () => {
    const { body, seen } = endlessBody();
    const { fetch } = fakeFetch(() => new Response(body, { status: 502, headers: { "content-type": "text/html" } }));
    const err = await failure(provider.complete(request, makeTarget({ fetch })));
    expect(err).toMatchObject({ kind: "server", status: 502 });
    expect(err.message.length).toBeLessThan(500);
    expect(seen.cancelled).toBe(true);
    expect(seen.sent).toBeLessThan(64 * 1024);
  });

  it("an abort before the response → aborted, or the dispatcher's own reason", async () => {
    const hanging = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () =>
          reject(new DOMException("The operation was aborted.", "AbortError")),
        );
      })) as typeof globalThis.fetch;
    const client = new AbortController();
    const pending = failure(provider.complete(request, makeTarget({ fetch: hanging }), { signal: client.signal }));
    client.abort();
    expect((await pending).kind).toBe("aborted");
    const deadline = new AbortController();
    const reason = new ProviderError("openai", "timeout", "openai: no first byte within 10000 ms");
    const streaming = failure(
      provider.stream({ ...request, stream: true }, makeTarget({ fetch: hanging }), { signal: deadline.signal }),
    );
    deadline.abort(reason);
    expect(await streaming).toBe(reason);
  });

  it("an aborted signal → aborted; a timeout reason → timeout", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(200, completion));
    const aborted = AbortSignal.abort();
    expect((await failure(provider.complete(request, makeTarget({ fetch }), { signal: aborted }))).kind).toBe(
      "aborted",
    );
    const hanging = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      })) as typeof globalThis.fetch;
    const err = await failure(
      provider.complete(request, makeTarget({ fetch: hanging }), { signal: AbortSignal.timeout(20) }),
    );
    expect(err.kind).toBe("timeout");
  });
});

describe("openai-compatible against the simulator", () => {
  const simTarget = (upstreamModel: string) => makeTarget({ baseUrl: `${inject("simUrl")}/v1/`, upstreamModel });
  const ask = { ...request, messages: [{ role: "user" as const, content: "echo: Bonjour à tous" }] };

  it("completes: the exact JSON text, usage, finish reason and request id", async () => {
    const out = await provider.complete(ask, simTarget("gpt-4o-mini"));
    expect(JSON.parse(out.text ?? "")).toEqual(out.body);
    expect(out.body).toMatchObject({
      object: "chat.completion",
      model: "gpt-4o-mini",
      choices: [{ message: { content: "Bonjour à tous" } }],
    });
    expect(out.finishReason).toBe("stop");
    expect(out.usage.inputTokens).toBeGreaterThan(0);
    expect(out.upstreamRequestId).toBeTruthy();
  });

  it("streams the chunks and reads usage from the usage chunk it asked for", async () => {
    const out = await provider.stream({ ...ask, stream: true }, simTarget("gpt-4o-mini"));
    const events = dataEvents(await readText(out.body)) as ({ choices: { delta: { content?: string } }[] } | string)[];
    expect(events.at(-1)).toBe("[DONE]");
    const text = events
      .flatMap((e) => (typeof e === "string" ? [] : e.choices.map((c) => c.delta.content ?? "")))
      .join("");
    expect(text).toBe("Bonjour à tous");
    expect(events.some((e) => typeof e !== "string" && e.choices.length === 0)).toBe(false);
    expect(await out.summary).toMatchObject({
      completed: true,
      finishReason: "stop",
      usage: { outputTokens: expect.any(Number) },
    });
  });

  it("maps the simulator's 429 (retry-after) and context-length error", async () => {
    expect(await failure(provider.complete(ask, simTarget("gpt-4o-mini~fail429:1500")))).toMatchObject({
      kind: "rate_limit",
      status: 429,
      retryAfterMs: 1500,
    });
    const err = await failure(provider.stream({ ...ask, stream: true }, simTarget("gpt-4o-mini~ctx")));
    expect(err).toMatchObject({ kind: "context_length", status: 400, retryable: false });
    expect(err.message).toContain("maximum context length");
  });
});
