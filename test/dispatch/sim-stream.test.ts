import { describe, expect, inject, it } from "vitest";
import type { DispatchResult } from "../../src/dispatch";
import type { SimModel } from "../../sim/dispatch-targets";
import { simRunner, uniq } from "./sim-setup";

const simUrl = inject("simUrl");
const route = {
  deadlines: { firstByteMs: 1_000, responseMs: 1_000, idleMs: 300, totalMs: 8_000 },
  retry: { maxRetries: 0 },
};

function streamOf(r: DispatchResult) {
  if (!r.ok || r.response.kind !== "stream")
    throw new Error(`expected a stream: ${r.ok ? "json" : JSON.stringify(r.error.toJSON())}`);
  return r.response;
}

/** The SSE events' data payloads. */
function events(text: string): string[] {
  return text
    .split("\n\n")
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => e.replace(/^data: /, ""));
}

const pair = (gptFault: string, claudeFault = ""): SimModel[] => [
  { model: "gpt", provider: "openai", upstream: `${uniq("gpt")}${gptFault}` },
  { model: "claude", provider: "anthropic", upstream: `${uniq("claude")}${claudeFault}` },
];

describe("streaming dispatch over HTTP against the simulator", () => {
  it("streams a clean answer in OpenAI chunks ending with [DONE]", async () => {
    const r = await simRunner(simUrl, pair(""), { route, stream: true }).run();
    const { body, done } = streamOf(r);
    const data = events(await new Response(body).text());
    expect(data[data.length - 1]).toBe("[DONE]");
    expect(JSON.parse(data[0]).object).toBe("chat.completion.chunk");
    expect(await done).toMatchObject({ truncated: false, finishReason: expect.any(String) });
  });

  it("fails over before the first byte (Anthropic 529 → OpenAI stream)", async () => {
    const models = pair("").reverse();
    models[0].upstream += "~overloaded";
    const r = await simRunner(simUrl, models, { route, stream: true }).run();
    const { body } = streamOf(r);
    expect(events(await new Response(body).text()).pop()).toBe("[DONE]");
    expect(r.attempts.map((a) => [a.provider, a.errorKind])).toEqual([
      ["anthropic", "overloaded"],
      ["openai", undefined],
    ]);
  });

  it("ends the client's stream with an error event when the upstream connection is cut mid-way", async () => {
    const r = await simRunner(simUrl, pair("~cut3"), { route, stream: true }).run();
    const { body, done } = streamOf(r);
    const data = events(await new Response(body).text());
    expect(data).not.toContain("[DONE]");
    expect(JSON.parse(data[data.length - 1])).toEqual({
      error: { message: expect.any(String), type: "server_error", code: "upstream_stream_error" },
    });
    expect(data.length).toBeGreaterThanOrEqual(2);
    expect(await done).toMatchObject({ truncated: true });
    expect(r.ok && r.provider).toBe("openai");
    expect(r.attempts).toEqual([
      expect.objectContaining({
        provider: "openai",
        ok: false,
        error: expect.stringMatching(/^after the first chunk/),
      }),
    ]);
  });

  it("ends with a timeout error event when chunks come slower than the idle deadline", async () => {
    const r = await simRunner(simUrl, pair("~slow600"), { route, stream: true }).run();
    const { body, done } = streamOf(r);
    const started = Date.now();
    const data = events(await new Response(body).text());
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(JSON.parse(data[data.length - 1]).error.code).toBe("upstream_timeout");
    expect(await done).toMatchObject({ truncated: true, error: { kind: "timeout" } });
  });

  it("lets slow chunks through when they stay under the idle deadline", async () => {
    const r = await simRunner(simUrl, pair("~slow60"), { route, stream: true }).run();
    const { body, done } = streamOf(r);
    expect(events(await new Response(body).text()).pop()).toBe("[DONE]");
    expect((await done).truncated).toBe(false);
  });

  it("ends with an error event when the stream turns malformed after the first chunk", async () => {
    const r = await simRunner(simUrl, pair("~malformed2"), { route, stream: true }).run();
    const { body, done } = streamOf(r);
    const data = events(await new Response(body).text());
    expect(data).not.toContain("[DONE]");
    expect(JSON.parse(data[data.length - 1]).error.type).toBe("server_error");
    expect(await done).toMatchObject({ truncated: true, error: { kind: "invalid_response" } });
  });

  it("fails over when the stream is malformed before its first chunk", async () => {
    const r = await simRunner(simUrl, pair("~malformed0"), { route, stream: true }).run();
    expect(events(await new Response(streamOf(r).body).text()).pop()).toBe("[DONE]");
    expect(r.attempts.map((a) => [a.provider, a.errorKind])).toEqual([
      ["openai", "invalid_response"],
      ["anthropic", undefined],
    ]);
  });

  it("relays an upstream error event mid-stream as the router's own error event (Anthropic)", async () => {
    const models = pair("").reverse();
    models[0].upstream += "~streamerror3";
    const r = await simRunner(simUrl, models, { route, stream: true }).run();
    const { body, done } = streamOf(r);
    const data = events(await new Response(body).text());
    expect(data).not.toContain("[DONE]");
    expect(JSON.parse(data[data.length - 1]).error.code).toBe("upstream_stream_error");
    expect((await done).truncated).toBe(true);
  });
});
