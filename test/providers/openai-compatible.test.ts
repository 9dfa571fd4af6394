import { describe, expect, it } from "vitest";
import type { ChatCompletionRequest } from "../../src/core/chat";
import { ProviderError } from "../../src/core/errors";
import { createOpenAICompatibleProvider } from "../../src/providers/openai-compatible/openai-compatible-provider";
import completion from "./__fixtures__/openai-completion.json";
import authError from "./__fixtures__/openai-error-auth.json";
import contextError from "./__fixtures__/openai-error-context-length.json";
import rateLimitError from "./__fixtures__/openai-error-rate-limit.json";
import toolCallsSse from "./__fixtures__/openai-tool-calls.chunks.txt?raw";
import toolCompletion from "./__fixtures__/openai-tool-completion.json";
import textSse from "./__fixtures__/openai-text.chunks.txt?raw";
import { dataEvents, failure, fakeFetch, jsonResponse, makeTarget, readText, readUntilError, sseResponse, stallingFetch } from "./helpers";

const provider = createOpenAICompatibleProvider();
const KEY = makeTarget().apiKey;

const request: ChatCompletionRequest = {
  model: "auto",
  messages: [
    { role: "system", content: "Answer briefly." },
    { role: "user", content: [{ type: "text", text: "Capital of France?" }] },
  ],
  temperature: 0.2,
  max_completion_tokens: 64,
  user: "u-42",
  // Unknown to the router, passed through to OpenAI-compatible upstreams:
  prediction: { type: "content", content: "Paris" },
} as ChatCompletionRequest;

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

  it("reused SDK clients never mix up keys, base URLs or headers between targets", async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(200, completion));
    await provider.complete(request, makeTarget({ fetch }));
    await provider.complete(request, makeTarget({ fetch, apiKey: "sk-other-key-999", baseUrl: "https://groq.test/openai/v1" }));
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

describe("openai-compatible errors", () => {
  it("429 → rate_limit with retry-after", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(429, rateLimitError, { "retry-after": "2" }));
    const err = await failure(provider.complete(request, makeTarget({ fetch })));
    expect(err).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 2000, retryable: true, provider: "openai" });
    expect(err.message).toContain("Rate limit reached");
  });

  it("retry-after-ms wins over retry-after", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(429, rateLimitError, { "retry-after-ms": "298", "retry-after": "1" }));
    expect((await failure(provider.stream(request, makeTarget({ fetch })))).retryAfterMs).toBe(298);
  });

  it("529 → overloaded, 503 → server", async () => {
    const overloaded = fakeFetch(() => jsonResponse(529, { error: { message: "Overloaded", type: "overloaded_error" } }));
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
    const bad = fakeFetch(() => jsonResponse(400, { error: { message: "Invalid value for 'temperature'", type: "invalid_request_error", param: "temperature", code: null } }));
    expect((await failure(provider.complete(request, makeTarget({ fetch: bad.fetch })))).kind).toBe("bad_request");
    const missing = fakeFetch(() => jsonResponse(404, { error: { message: "The model `gpt-9` does not exist", type: "invalid_request_error", code: "model_not_found" } }));
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

  it("an aborted signal → aborted; a timeout reason → timeout", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(200, completion));
    const aborted = AbortSignal.abort();
    expect((await failure(provider.complete(request, makeTarget({ fetch }), { signal: aborted }))).kind).toBe("aborted");
    const hanging = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      })) as typeof globalThis.fetch;
    const err = await failure(provider.complete(request, makeTarget({ fetch: hanging }), { signal: AbortSignal.timeout(20) }));
    expect(err.kind).toBe("timeout");
  });
});

describe("openai-compatible stream", () => {
  it("always asks for usage upstream and relays the bytes unchanged when the client asked too", async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(textSse, { headers: { "x-request-id": "req_stream1" } }));
    const req = { ...request, stream: true, stream_options: { include_usage: true } };
    const out = await provider.stream(req, makeTarget({ fetch }));

    expect(calls[0].body).toEqual({
      model: "gpt-4o-mini-2024-07-18",
      messages: request.messages,
      temperature: 0.2,
      max_completion_tokens: 64,
      user: "u-42",
      prediction: { type: "content", content: "Paris" },
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(await readText(out.body)).toBe(textSse);
    expect(out.upstreamRequestId).toBe("req_stream1");
    expect(await out.summary).toEqual({
      usage: { inputTokens: 1290, cachedInputTokens: 1152, outputTokens: 5 },
      finishReason: "stop",
      completed: true,
      chunks: 6,
    });
  });

  it("drops the usage-only chunk when the client did not ask, but still reads usage", async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(textSse, { size: 3 }));
    const out = await provider.stream({ ...request, stream: true }, makeTarget({ fetch }));
    expect((calls[0].body as { stream_options: unknown }).stream_options).toEqual({ include_usage: true });

    const blocks = textSse.split("\n\n");
    const usageBlock = blocks.findIndex((b) => b.includes('"choices":[]'));
    const expected = blocks.filter((_, i) => i !== usageBlock).join("\n\n");
    expect(await readText(out.body)).toBe(expected);
    const summary = await out.summary;
    expect(summary).toMatchObject({ completed: true, chunks: 5, finishReason: "stop" });
    expect(summary.usage).toEqual({ inputTokens: 1290, cachedInputTokens: 1152, outputTokens: 5 });
  });

  it("relays tool-call deltas and reports tool_calls", async () => {
    const { fetch } = fakeFetch(() => sseResponse(toolCallsSse, { size: 64 }));
    const out = await provider.stream({ ...request, stream: true, stream_options: { include_usage: false } }, makeTarget({ fetch }));
    const events = dataEvents(await readText(out.body)) as { choices: { delta: { tool_calls?: { function: { arguments: string } }[] } }[] }[];
    expect(events.at(-1)).toBe("[DONE]");
    const args = events
      .slice(0, -1)
      .flatMap((e) => e.choices.flatMap((c) => c.delta.tool_calls ?? []))
      .map((t) => t.function.arguments)
      .join("");
    expect(JSON.parse(args)).toEqual({ location: "Paris" });
    expect(await out.summary).toEqual({
      usage: { inputTokens: 81, cachedInputTokens: 0, outputTokens: 15 },
      finishReason: "tool_calls",
      completed: true,
      chunks: 4,
    });
  });

  it("passes comments (keep-alives) through and accepts CRLF framing", async () => {
    const crlf = `: keep-alive\r\n\r\n${textSse.replaceAll("\n", "\r\n")}`;
    const { fetch } = fakeFetch(() => sseResponse(crlf, { size: 5 }));
    const out = await provider.stream({ ...request, stream: true, stream_options: { include_usage: true } }, makeTarget({ fetch }));
    expect(await readText(out.body)).toBe(crlf);
    expect((await out.summary).completed).toBe(true);
  });

  it("a stream cut before [DONE] errors the body with connect, after the chunks that arrived", async () => {
    const cut = textSse.slice(0, textSse.indexOf('"choices":[]') - 40);
    const { fetch } = fakeFetch(() => sseResponse(cut));
    const out = await provider.stream({ ...request, stream: true }, makeTarget({ fetch }));
    const { text, error } = await readUntilError(out.body);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "connect", retryable: true });
    expect(text).toContain("tous 👋");
    expect(text).not.toContain("[DONE]");
    // The finish chunk arrived whole; the usage chunk was cut.
    expect(await out.summary).toMatchObject({ completed: false, chunks: 5, finishReason: "stop", usage: undefined });
  });

  it("a connection lost mid-stream errors the body with connect", async () => {
    const { fetch } = fakeFetch(() => sseResponse(textSse.slice(0, 700), { failWith: new TypeError("Network connection lost.") }));
    const out = await provider.stream({ ...request, stream: true }, makeTarget({ fetch }));
    const { error } = await readUntilError(out.body);
    expect(error).toMatchObject({ kind: "connect", message: "openai: Network connection lost." });
    expect((await out.summary).completed).toBe(false);
  });

  it.each([
    ["a truncated object", 'data: {"id":"chatcmpl-BAl2x","choices":[{"index":0,"delta":{"content":"x'],
    ["not JSON", "data: upstream hiccup"],
    ["a broken chunk that carries the finish reason", 'data: {"choices":[{"index":0,"finish_reason":"stop",}]}'],
  ])("%s errors the body with invalid_response after the chunks before it", async (_name, block) => {
    const blocks = textSse.split("\n\n");
    blocks[2] = block;
    const { fetch } = fakeFetch(() => sseResponse(blocks.join("\n\n")));
    const out = await provider.stream({ ...request, stream: true }, makeTarget({ fetch }));
    const { text, error } = await readUntilError(out.body);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid_response", retryable: true });
    expect(dataEvents(text)).toHaveLength(2);
    expect(await out.summary).toMatchObject({ completed: false, chunks: 2 });
  });

  it("an error event mid-stream errors the body", async () => {
    const blocks = textSse.split("\n\n");
    blocks.splice(2, 0, 'data: {"error":{"message":"The server had an error while processing your request.","type":"server_error"}}');
    const { fetch } = fakeFetch(() => sseResponse(blocks.join("\n\n")));
    const out = await provider.stream({ ...request, stream: true }, makeTarget({ fetch }));
    const { error } = await readUntilError(out.body);
    expect(error).toMatchObject({ kind: "server", retryable: true });
    expect((error as Error).message).toContain("The server had an error");
  });

  it("an abort mid-stream errors the body with the dispatcher's reason", async () => {
    const controller = new AbortController();
    const fetch = stallingFetch(textSse.split("\n\n").slice(0, 2).join("\n\n") + "\n\n");
    const out = await provider.stream({ ...request, stream: true }, makeTarget({ fetch }), { signal: controller.signal });
    const reader = out.body.getReader();
    expect(dataEvents(new TextDecoder().decode((await reader.read()).value))).toHaveLength(2);
    const idle = new ProviderError("openai", "timeout", "openai: no chunk within 30000 ms");
    controller.abort(idle);
    await expect(reader.read()).rejects.toBe(idle);
    expect(await out.summary).toMatchObject({ completed: false, chunks: 2 });
  });

  it("a 2xx that is not an event stream → invalid_response", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(200, completion));
    expect((await failure(provider.stream({ ...request, stream: true }, makeTarget({ fetch })))).kind).toBe("invalid_response");
  });

  it("cancelling the body cancels the upstream and resolves the summary", async () => {
    let cancelled = false;
    const upstream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(textSse.split("\n\n").slice(0, 2).join("\n\n") + "\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { fetch } = fakeFetch(() => new Response(upstream, { headers: { "content-type": "text/event-stream" } }));
    const out = await provider.stream({ ...request, stream: true }, makeTarget({ fetch }));
    const reader = out.body.getReader();
    await reader.read();
    await reader.cancel("client gone");
    expect(cancelled).toBe(true);
    expect(await out.summary).toMatchObject({ completed: false, chunks: 2 });
  });
});
