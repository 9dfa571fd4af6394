import { describe, expect, it } from "vitest";
import { ProviderError } from "../../src/core/errors";
import { createOpenAICompatibleProvider } from "../../src/providers/openai-compatible/openai-compatible-provider";
import completion from "./__fixtures__/openai-completion.json";
import toolCallsSse from "./__fixtures__/openai-tool-calls.chunks.txt?raw";
import textSse from "./__fixtures__/openai-text.chunks.txt?raw";
import {
  dataEvents,
  failure,
  fakeFetch,
  jsonResponse,
  makeTarget,
  openAIRequest,
  readText,
  readUntilError,
  sseResponse,
  stallingFetch,
} from "./helpers";

const provider = createOpenAICompatibleProvider();

const request = openAIRequest;

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
    const out = await provider.stream(
      { ...request, stream: true, stream_options: { include_usage: false } },
      makeTarget({ fetch }),
    );
    const events = dataEvents(await readText(out.body)) as {
      choices: { delta: { tool_calls?: { function: { arguments: string } }[] } }[];
    }[];
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
    const out = await provider.stream(
      { ...request, stream: true, stream_options: { include_usage: true } },
      makeTarget({ fetch }),
    );
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
    const { fetch } = fakeFetch(() =>
      sseResponse(textSse.slice(0, 700), { failWith: new TypeError("Network connection lost.") }),
    );
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
    blocks.splice(
      2,
      0,
      'data: {"error":{"message":"The server had an error while processing your request.","type":"server_error"}}',
    );
    const { fetch } = fakeFetch(() => sseResponse(blocks.join("\n\n")));
    const out = await provider.stream({ ...request, stream: true }, makeTarget({ fetch }));
    const { error } = await readUntilError(out.body);
    expect(error).toMatchObject({ kind: "server", retryable: true });
    expect((error as Error).message).toContain("The server had an error");
  });

  it("an abort mid-stream errors the body with the dispatcher's reason", async () => {
    const controller = new AbortController();
    const fetch = stallingFetch(textSse.split("\n\n").slice(0, 2).join("\n\n") + "\n\n");
    const out = await provider.stream({ ...request, stream: true }, makeTarget({ fetch }), {
      signal: controller.signal,
    });
    const reader = out.body.getReader();
    expect(dataEvents(new TextDecoder().decode((await reader.read()).value))).toHaveLength(2);
    const idle = new ProviderError("openai", "timeout", "openai: no chunk within 30000 ms");
    controller.abort(idle);
    await expect(reader.read()).rejects.toBe(idle);
    expect(await out.summary).toMatchObject({ completed: false, chunks: 2 });
  });

  it("a 2xx that is not an event stream → invalid_response", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(200, completion));
    expect((await failure(provider.stream({ ...request, stream: true }, makeTarget({ fetch })))).kind).toBe(
      "invalid_response",
    );
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
