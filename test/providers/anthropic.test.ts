import { describe, expect, it } from "vitest";
import type { ChatCompletionRequest } from "../../src/core/chat";
import { ProviderError } from "../../src/core/errors";
import { createAnthropicProvider } from "../../src/providers/anthropic/anthropic-provider";
import authError from "./__fixtures__/anthropic-error-auth.json";
import contextError from "./__fixtures__/anthropic-error-context-length.json";
import overloadedError from "./__fixtures__/anthropic-error-overloaded.json";
import rateLimitError from "./__fixtures__/anthropic-error-rate-limit.json";
import message from "./__fixtures__/anthropic-message.json";
import overloadedSse from "./__fixtures__/anthropic-overloaded.chunks.txt?raw";
import textSse from "./__fixtures__/anthropic-text.chunks.txt?raw";
import toolUseSse from "./__fixtures__/anthropic-tool-use.chunks.txt?raw";
import toolUse from "./__fixtures__/anthropic-tool-use.json";
import {
  dataEvents,
  endlessBody,
  failure,
  fakeFetch,
  jsonResponse,
  makeTarget,
  readText,
  readUntilError,
  sseResponse,
  stallingFetch,
} from "./helpers";

const NOW = Date.UTC(2025, 2, 10, 12, 0, 0);
const CREATED = NOW / 1000;
const provider = createAnthropicProvider({ now: () => NOW });
const KEY = "sk-ant-api03-TESTKEY-abcdef";
const target = (fetch: typeof globalThis.fetch) =>
  makeTarget({
    providerId: "anthropic",
    upstreamModel: "claude-3-5-haiku-20241022",
    baseUrl: "https://api.anthropic.test",
    apiKey: KEY,
    fetch,
  });
const request: ChatCompletionRequest = { model: "auto", messages: [{ role: "user", content: "Capital of France?" }] };
const streaming = (includeUsage?: boolean): ChatCompletionRequest => ({
  ...request,
  stream: true,
  ...(includeUsage === undefined ? {} : { stream_options: { include_usage: includeUsage } }),
});

describe("anthropic complete", () => {
  it("translates a text message into a chat.completion with cache-aware usage", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(200, message, { "request-id": "req_011CSHoE" }));
    const out = await provider.complete(request, target(fetch));
    expect(out.body).toEqual({
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      object: "chat.completion",
      created: CREATED,
      model: "claude-3-5-haiku-20241022",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "The capital of France is Paris.", refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: 1233,
        completion_tokens: 10,
        total_tokens: 1243,
        prompt_tokens_details: { cached_tokens: 1024 },
      },
    });
    expect(out.usage).toEqual({ inputTokens: 1233, cachedInputTokens: 1024, outputTokens: 10 });
    expect(out.finishReason).toBe("stop");
    expect(out.upstreamRequestId).toBe("req_011CSHoE");
  });

  it("translates tool_use blocks into tool_calls", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(200, toolUse));
    const out = await provider.complete(request, target(fetch));
    expect(out.finishReason).toBe("tool_calls");
    expect(out.body.choices).toEqual([
      {
        index: 0,
        message: {
          role: "assistant",
          content: "I'll check the weather in both cities.",
          refusal: null,
          tool_calls: [
            {
              id: "toolu_01A09q90qw90lq917835lq9",
              type: "function",
              function: { name: "get_weather", arguments: '{"location":"Paris, France","unit":"celsius"}' },
            },
            {
              id: "toolu_01B18r81rx81mr826724mr8",
              type: "function",
              function: { name: "get_weather", arguments: '{"location":"Lyon, France","unit":"celsius"}' },
            },
          ],
        },
        logprobs: null,
        finish_reason: "tool_calls",
      },
    ]);
  });

  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
    ["pause_turn", "stop"],
  ])("stop_reason %s → finish_reason %s", async (stopReason, finishReason) => {
    const { fetch } = fakeFetch(() => jsonResponse(200, { ...message, stop_reason: stopReason }));
    expect((await provider.complete(request, target(fetch))).finishReason).toBe(finishReason);
  });

  it("content is null for a tool-only answer, thinking blocks are left out", async () => {
    const content = [
      { type: "thinking", thinking: "The user wants…", signature: "EqQBCgIYAhIM" },
      { type: "tool_use", id: "toolu_1", name: "now", input: {} },
    ];
    const { fetch } = fakeFetch(() => jsonResponse(200, { ...toolUse, content }));
    const out = await provider.complete(request, target(fetch));
    expect((out.body.choices[0] as { message: unknown }).message).toEqual({
      role: "assistant",
      content: null,
      refusal: null,
      tool_calls: [{ id: "toolu_1", type: "function", function: { name: "now", arguments: "{}" } }],
    });
  });

  it("a malformed or unexpected body → invalid_response", async () => {
    const broken = fakeFetch(() => jsonResponse(200, '{"id":"msg_1","content":['));
    expect((await failure(provider.complete(request, target(broken.fetch)))).kind).toBe("invalid_response");
    const wrong = fakeFetch(() => jsonResponse(200, { id: "msg_1", content: "hello" }));
    expect((await failure(provider.complete(request, target(wrong.fetch)))).kind).toBe("invalid_response");
  });
});

describe("anthropic errors", () => {
  it.each([
    [
      "429 with retry-after",
      429,
      rateLimitError,
      { "retry-after": "7" },
      { kind: "rate_limit", retryAfterMs: 7000, retryable: true },
    ],
    ["529 overloaded", 529, overloadedError, {}, { kind: "overloaded", retryable: true }],
    ["503 overloaded_error", 503, overloadedError, {}, { kind: "overloaded", retryable: true }],
    [
      "500 api_error",
      500,
      { type: "error", error: { type: "api_error", message: "Internal server error" } },
      {},
      { kind: "server" },
    ],
    ["400 prompt too long", 400, contextError, {}, { kind: "context_length", retryable: false }],
    [
      "400 invalid request",
      400,
      { type: "error", error: { type: "invalid_request_error", message: "max_tokens: Field required" } },
      {},
      { kind: "bad_request" },
    ],
    ["401 invalid key", 401, authError, {}, { kind: "auth", retryable: false }],
    [
      "404 unknown model",
      404,
      { type: "error", error: { type: "not_found_error", message: "model: claude-9" } },
      {},
      { kind: "not_found" },
    ],
  ])("%s", async (_name, status, payload, headers, expected) => {
    const { fetch } = fakeFetch(() => jsonResponse(status, payload, headers));
    const err = await failure(provider.complete(request, target(fetch)));
    expect(err).toMatchObject({ ...expected, status, provider: "anthropic" });
    expect(err.message).toContain((payload as { error: { message: string } }).error.message.slice(0, 20));
  });

  it("reads a huge error body only up to a bound and cancels the rest", async () => {
    const { body, seen } = endlessBody();
    const { fetch } = fakeFetch(() => new Response(body, { status: 502, headers: { "content-type": "text/html" } }));
    const err = await failure(provider.complete(request, target(fetch)));
    expect(err).toMatchObject({ kind: "server", status: 502 });
    expect(err.message.length).toBeLessThan(500);
    expect(seen.cancelled).toBe(true);
    expect(seen.sent).toBeLessThan(64 * 1024);
  });

  it("never puts the key in a message, even when the upstream echoes it", async () => {
    const echo = fakeFetch(() => new Response(`<html>bad gateway for key ${KEY}</html>`, { status: 502 }));
    const err = await failure(provider.complete(request, target(echo.fetch)));
    expect(err).toMatchObject({ kind: "server", status: 502 });
    expect(err.message).not.toContain(KEY);
    const down = (async () => {
      throw new TypeError(`connect ECONNREFUSED (x-api-key: ${KEY})`);
    }) as typeof globalThis.fetch;
    const connect = await failure(provider.stream(streaming(), target(down)));
    expect(connect.kind).toBe("connect");
    expect(connect.message).not.toContain(KEY);
    expect(connect.message).not.toContain("sk-ant");
  });

  it("an aborted call → aborted", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(200, message));
    const controller = new AbortController();
    controller.abort();
    const slow = ((url: RequestInfo | URL, init?: RequestInit) => {
      if (init?.signal?.aborted) return Promise.reject(init.signal.reason);
      return fetch(url, init);
    }) as typeof globalThis.fetch;
    expect((await failure(provider.complete(request, target(slow), { signal: controller.signal }))).kind).toBe(
      "aborted",
    );
  });
});

describe("anthropic stream", () => {
  it("emits OpenAI chunks: role first, text deltas, finish, usage when asked, [DONE]", async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(textSse, { headers: { "request-id": "req_s1" } }));
    const out = await provider.stream(streaming(true), target(fetch));
    expect((calls[0].body as { stream: boolean }).stream).toBe(true);
    expect(calls[0].headers.accept).toBe("text/event-stream");
    const base = {
      id: "msg_01PpGTLv8KpoxtYS3TuSJXQ8",
      object: "chat.completion.chunk",
      created: CREATED,
      model: "claude-3-5-haiku-20241022",
    };
    const choice = (delta: unknown, finish_reason: string | null = null) => ({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason }],
    });
    expect(dataEvents(await readText(out.body))).toEqual([
      choice({ role: "assistant", content: "" }),
      choice({ content: "Bonjour" }),
      choice({ content: " à tous 👋" }),
      choice({}, "stop"),
      {
        ...base,
        choices: [],
        usage: {
          prompt_tokens: 2073,
          completion_tokens: 9,
          total_tokens: 2082,
          prompt_tokens_details: { cached_tokens: 2048 },
        },
      },
      "[DONE]",
    ]);
    expect(out.upstreamRequestId).toBe("req_s1");
    expect(await out.summary).toEqual({
      usage: { inputTokens: 2073, cachedInputTokens: 2048, outputTokens: 9 },
      finishReason: "stop",
      completed: true,
      chunks: 5,
    });
  });

  it("leaves the usage chunk out when the client did not ask, but still reports usage", async () => {
    const { fetch } = fakeFetch(() => sseResponse(textSse, { size: 3 }));
    const out = await provider.stream(streaming(), target(fetch));
    const events = dataEvents(await readText(out.body));
    expect(events).toHaveLength(5);
    expect(events.some((e) => typeof e === "object" && e !== null && "usage" in e)).toBe(false);
    expect(await out.summary).toMatchObject({
      chunks: 4,
      completed: true,
      usage: { inputTokens: 2073, cachedInputTokens: 2048, outputTokens: 9 },
    });
  });

  it("turns tool_use blocks into tool-call deltas with index, id and name first", async () => {
    const { fetch } = fakeFetch(() => sseResponse(toolUseSse, { size: 50 }));
    const out = await provider.stream(streaming(false), target(fetch));
    const deltas = (
      dataEvents(await readText(out.body)).slice(0, -1) as {
        choices: { delta: unknown; finish_reason: string | null }[];
      }[]
    ).map((e) => e.choices[0]);
    expect(deltas).toEqual([
      { index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: "Let me check both cities." }, logprobs: null, finish_reason: null },
      {
        index: 0,
        delta: {
          tool_calls: [
            {
              index: 0,
              id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
              type: "function",
              function: { name: "get_weather", arguments: "" },
            },
          ],
        },
        logprobs: null,
        finish_reason: null,
      },
      {
        index: 0,
        delta: { tool_calls: [{ index: 0, function: { arguments: '{"location": "Par' } }] },
        logprobs: null,
        finish_reason: null,
      },
      {
        index: 0,
        delta: { tool_calls: [{ index: 0, function: { arguments: 'is, France"}' } }] },
        logprobs: null,
        finish_reason: null,
      },
      {
        index: 0,
        delta: {
          tool_calls: [
            {
              index: 1,
              id: "toolu_01Vx9yq2mVn3xv8tTQ2c7S1b",
              type: "function",
              function: { name: "get_weather", arguments: "" },
            },
          ],
        },
        logprobs: null,
        finish_reason: null,
      },
      {
        index: 0,
        delta: { tool_calls: [{ index: 1, function: { arguments: '{"location": "Lyon, France"}' } }] },
        logprobs: null,
        finish_reason: null,
      },
      { index: 0, delta: {}, logprobs: null, finish_reason: "tool_calls" },
    ]);
    expect(await out.summary).toMatchObject({
      finishReason: "tool_calls",
      usage: { inputTokens: 472, outputTokens: 89 },
    });
  });

  it("an error event fails the body with overloaded after the text before it", async () => {
    const { fetch } = fakeFetch(() => sseResponse(overloadedSse));
    const out = await provider.stream(streaming(true), target(fetch));
    const { text, error } = await readUntilError(out.body);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "overloaded", retryable: true, provider: "anthropic" });
    expect(text).toContain("Once upon");
    expect(text).not.toContain("[DONE]");
    expect(await out.summary).toMatchObject({ completed: false, chunks: 2, finishReason: null });
  });

  it("a stream that ends before message_stop fails with connect", async () => {
    const cut = textSse.slice(0, textSse.indexOf("event: message_delta"));
    const { fetch } = fakeFetch(() => sseResponse(cut));
    const out = await provider.stream(streaming(), target(fetch));
    const { text, error } = await readUntilError(out.body);
    expect(error).toMatchObject({ kind: "connect", retryable: true });
    expect(dataEvents(text)).toHaveLength(3);
    expect(await out.summary).toMatchObject({ completed: false, chunks: 3 });
  });

  it.each([
    [
      "not JSON",
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_de\n\n',
    ],
    [
      "a known event of the wrong shape",
      'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"x"}}\n\n',
    ],
  ])("%s fails the stream with invalid_response", async (_name, bad) => {
    const blocks = textSse.split("\n\n");
    blocks.splice(3, 0, bad.trimEnd());
    const { fetch } = fakeFetch(() => sseResponse(blocks.join("\n\n")));
    const out = await provider.stream(streaming(), target(fetch));
    const { error } = await readUntilError(out.body);
    expect(error).toMatchObject({ kind: "invalid_response" });
  });

  it("skips unknown event types and thinking deltas", async () => {
    const extra =
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}\n\n' +
      'event: future_event\ndata: {"type":"future_event","x":1}\n\n';
    const { fetch } = fakeFetch(() => sseResponse(textSse.replace("event: ping", `${extra}event: ping`)));
    const out = await provider.stream(streaming(), target(fetch));
    expect(dataEvents(await readText(out.body))).toHaveLength(5);
  });

  it("an abort mid-stream errors the body as aborted", async () => {
    const controller = new AbortController();
    const first = textSse.slice(0, textSse.indexOf("event: ping"));
    const out = await provider.stream(streaming(), target(stallingFetch(first)), { signal: controller.signal });
    const reader = out.body.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ kind: "aborted", provider: "anthropic" });
    expect(await out.summary).toMatchObject({ completed: false, chunks: 1 });
  });

  it("a 2xx JSON answer to a stream request → invalid_response", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(200, message));
    expect((await failure(provider.stream(streaming(), target(fetch)))).kind).toBe("invalid_response");
  });
});
