import type { ChatCompletionRequest } from "../../src/core/chat";
import { expect } from "vitest";
import { ProviderError } from "../../src/core/errors";
import type { ChunkSource, ProviderTarget } from "../../src/providers/types";

export interface CapturedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records every request and answers with `respond`. */
export function fakeFetch(respond: (call: CapturedCall) => Response | Promise<Response>) {
  const calls: CapturedCall[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    const text = await req.text();
    const call: CapturedCall = {
      url: req.url,
      method: req.method,
      headers: Object.fromEntries(req.headers),
      body: text ? JSON.parse(text) : undefined,
    };
    calls.push(call);
    return respond(call);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** Bytes of `text` cut into pieces of `size` bytes (cuts fall inside lines and UTF-8 characters). */
export function byteStream(text: string, size = 7, failWith?: Error): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) {
        if (failWith) controller.error(failWith);
        else controller.close();
        return;
      }
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

export function sseResponse(
  text: string,
  opts: { size?: number; failWith?: Error; headers?: Record<string, string> } = {},
) {
  return new Response(byteStream(text, opts.size, opts.failWith), {
    status: 200,
    headers: { "content-type": "text/event-stream; charset=utf-8", ...opts.headers },
  });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** Everything a chunk source yields, decoded; rejects when a read does. */
export async function readText(body: ChunkSource): Promise<string> {
  const { text, error } = await readUntilError(body);
  if (error !== undefined) throw error;
  return text;
}

/** Reads a body that is expected to fail; returns the text that arrived first and the error. */
export async function readUntilError(body: ChunkSource): Promise<{ text: string; error: unknown }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), error: undefined };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

/** The JSON payloads of the `data:` events of an OpenAI-format SSE text (`[DONE]` kept as a string). */
export function dataEvents(sse: string): unknown[] {
  return sse
    .split("\n\n")
    .map((block) => block.trim())
    .filter((block) => block.startsWith("data: "))
    .map((block) => block.slice(6))
    .map((data) => (data === "[DONE]" ? data : JSON.parse(data)));
}

export function makeTarget(overrides: Partial<ProviderTarget> = {}): ProviderTarget {
  return {
    providerId: "openai",
    modelId: "gpt-4o-mini",
    upstreamModel: "gpt-4o-mini-2024-07-18",
    baseUrl: "https://api.openai.test/v1",
    apiKey: "sk-test-SECRET-0123456789",
    ...overrides,
  };
}

/** Awaits a call that must fail with a ProviderError, and returns that error. */
export async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

/** A fetch whose event stream sends `first` and then stalls until the request's signal aborts. */
export function stallingFetch(first: string): typeof globalThis.fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const signal = new Request(input, init).signal;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(first));
        signal.addEventListener("abort", () => controller.error(signal.reason));
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  }) as typeof globalThis.fetch;
}

/** A body that never ends (an HTML error page repeated): how much was pulled, and whether it was cancelled. */
export function endlessBody() {
  const seen = { sent: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      seen.sent += 4096;
      c.enqueue(new TextEncoder().encode("<p>Bad gateway</p>".padEnd(4096, " ")));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { body, seen };
}

/** A client request with the fields an OpenAI-compatible upstream must receive unchanged (unknown ones too). */
export const openAIRequest: ChatCompletionRequest = {
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
