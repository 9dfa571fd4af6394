import { describe, expect, it } from "vitest";
import { dispatch, type DispatchDeps, type DispatchInput, type DispatchResult } from "../../src/dispatch";
import { BreakerBoard } from "../../src/dispatch/breaker/store";
import { fakeInput, fakeProvider, perr, readAll, sse, type FakeTarget } from "./fakes";

const deadlines = { firstByteMs: 200, responseMs: 200, idleMs: 100, totalMs: 5_000 };

function streamed(r: DispatchResult) {
  if (!r.ok || r.response.kind !== "stream")
    throw new Error(`expected a stream, got ${JSON.stringify(r.ok ? r.response.kind : r.error.toJSON())}`);
  return r.response;
}

const run = (targets: FakeTarget[], over: Partial<DispatchInput> = {}, deps: Partial<DispatchDeps> = {}) =>
  dispatch(fakeInput(targets, { stream: true, route: { deadlines, retry: { maxRetries: 0 } }, ...over }, deps));

describe("dispatch: streaming", () => {
  it("passes a clean stream through unchanged and reports usage", async () => {
    const a = fakeProvider("openai", [{ stream: ["Hel", "lo"] }]);
    const r = await run([{ model: "m1", provider: "openai", fake: a }]);
    const { body, done } = streamed(r);
    expect(await readAll(body)).toBe(sse("Hel") + sse("lo") + "data: [DONE]\n\n");
    const end = await done;
    expect(end).toMatchObject({ truncated: false, finishReason: "stop", usage: { outputTokens: 2 } });
    expect(end.error).toBeUndefined();
    expect(r.ok && r.attempts).toEqual([expect.objectContaining({ ok: true, status: 200 })]);
  });

  it("fails over when the stream fails before its first chunk", async () => {
    const refused = fakeProvider("openai", [{ error: perr("openai", "server", 503) }]);
    const diesEarly = fakeProvider("openai", [{ stream: [{ error: perr("openai", "connect"), delayMs: 5 }] }]);
    const silent = fakeProvider("openai", [{ stream: [{ hang: true }] }]);
    const good = fakeProvider("anthropic", [{ stream: ["ok"] }]);
    const r = await run([
      { model: "m1", provider: "openai", fake: refused },
      { model: "m2", provider: "openai", fake: diesEarly },
      { model: "m3", provider: "openai", fake: silent },
      { model: "m4", provider: "anthropic", fake: good },
    ]);
    expect(await readAll(streamed(r).body)).toBe(sse("ok") + "data: [DONE]\n\n");
    expect(r.attempts.map((a) => [a.model, a.errorKind])).toEqual([
      ["m1", "server"],
      ["m2", "connect"],
      ["m3", "timeout"],
      ["m4", undefined],
    ]);
    expect(silent.calls[0].signal?.aborted).toBe(true);
  });

  it("treats a stream that ends before any chunk as invalid and fails over", async () => {
    const empty = fakeProvider("openai", [{ stream: [], completed: false }]);
    const good = fakeProvider("anthropic", [{ stream: ["ok"] }]);
    const r = await run([
      { model: "m1", provider: "openai", fake: empty },
      { model: "m2", provider: "anthropic", fake: good },
    ]);
    expect(r.attempts[0]).toMatchObject({ errorKind: "invalid_response" });
    expect(r.ok && r.provider).toBe("anthropic");
  });

  it("ends the client's stream with an error event (no [DONE]) when the upstream dies mid-stream", async () => {
    const a = fakeProvider("openai", [{ stream: ["one", { error: perr("openai", "connect"), delayMs: 5 }] }]);
    const b = fakeProvider("anthropic", [{ stream: ["never"] }]);
    const board = new BreakerBoard();
    const r = await run(
      [
        { model: "m1", provider: "openai", fake: a },
        { model: "m2", provider: "anthropic", fake: b },
      ],
      {},
      { breakers: board.session() },
    );
    const { body, done } = streamed(r);
    const text = await readAll(body);
    expect(text.startsWith(sse("one"))).toBe(true);
    expect(text).not.toContain("[DONE]");
    const events = text.trim().split("\n\n");
    const last = JSON.parse(events[events.length - 1].slice("data: ".length));
    expect(last).toEqual({
      error: { message: expect.stringContaining("incomplete"), type: "server_error", code: "upstream_stream_error" },
    });
    const end = await done;
    expect(end).toMatchObject({ truncated: true, error: { kind: "connect" } });
    expect(b.calls).toHaveLength(0);
    expect(r.attempts[0]).toMatchObject({
      ok: false,
      errorKind: "connect",
      error: expect.stringMatching(/^after the first chunk/),
    });
    expect(board.session().peek("openai", "m1").failures).toBe(1);
  });

  it("ends a stream that stalls past the idle deadline with a timeout error event", async () => {
    const a = fakeProvider("openai", [{ stream: ["one", { delayMs: 20, text: "two" }, { hang: true }] }]);
    const r = await run([{ model: "m1", provider: "openai", fake: a }]);
    const { body, done } = streamed(r);
    const started = Date.now();
    const text = await readAll(body);
    expect(Date.now() - started).toBeGreaterThanOrEqual(deadlines.idleMs);
    expect(text).toContain(sse("two"));
    expect(text).toContain('"code":"upstream_timeout"');
    expect(text).not.toContain("[DONE]");
    expect(await done).toMatchObject({ truncated: true, error: { kind: "timeout" } });
    expect(a.calls[0].signal?.aborted).toBe(true);
  });

  it("keeps a slow but steady stream whose gaps each stay under the idle deadline", async () => {
    const steady = ["a", "b", "c", "d", "e"].map((text, i) => (i === 0 ? text : { delayMs: 60, text }));
    const a = fakeProvider("openai", [{ stream: steady }]);
    const r = await run([{ model: "m1", provider: "openai", fake: a }]);
    const { body, done } = streamed(r);
    const started = Date.now();
    const text = await readAll(body);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 55);
    expect(text).toBe(["a", "b", "c", "d", "e"].map((t) => sse(t)).join("") + "data: [DONE]\n\n");
    expect(await done).toMatchObject({ truncated: false });
  });

  it("does not time out a client that reads slowly: the idle deadline counts only while it waits on the upstream", async () => {
    const a = fakeProvider("openai", [{ stream: ["one", "two"] }]);
    const r = await run([{ model: "m1", provider: "openai", fake: a }]);
    const reader = streamed(r).body.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, deadlines.idleMs * 2));
    const rest: string[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read())
      rest.push(new TextDecoder().decode(next.value));
    expect(rest.join("")).toBe(sse("two") + "data: [DONE]\n\n");
  });

  it("marks truncated a stream that closes without its final event", async () => {
    const a = fakeProvider("openai", [{ stream: ["one"], completed: false }]);
    const r = await run([{ model: "m1", provider: "openai", fake: a }]);
    const { body, done } = streamed(r);
    expect(await readAll(body)).toContain('"code":"upstream_stream_error"');
    expect((await done).truncated).toBe(true);
  });

  it("lets chunks flow as they arrive, without waiting for the next one", async () => {
    const a = fakeProvider("openai", [{ stream: ["one", { delayMs: 80, text: "two" }] }]);
    const r = await run([{ model: "m1", provider: "openai", fake: a }], {
      route: { deadlines: { ...deadlines, idleMs: 1_000 } },
    });
    const reader = streamed(r).body.getReader();
    const t0 = Date.now();
    const first = await reader.read();
    expect(Date.now() - t0).toBeLessThan(40);
    expect(new TextDecoder().decode(first.value)).toBe(sse("one"));
    const second = await reader.read();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70);
    expect(new TextDecoder().decode(second.value)).toBe(sse("two"));
  });

  it("cancels the upstream when the client cancels the body", async () => {
    const a = fakeProvider("openai", [{ stream: ["one", { hang: true }] }]);
    const r = await run([{ model: "m1", provider: "openai", fake: a }], {
      route: { deadlines: { ...deadlines, idleMs: 10_000 } },
    });
    const { body, done } = streamed(r);
    const reader = body.getReader();
    await reader.read();
    const pending = reader.read();
    await reader.cancel("bye");
    await pending;
    expect(await done).toMatchObject({ truncated: true, error: { kind: "aborted" } });
    expect(a.calls[0].signal?.aborted).toBe(true);
  });

  it("updates upstreamMs to include the stream's duration once it ends", async () => {
    const a = fakeProvider("openai", [{ stream: ["one", { delayMs: 60, text: "two" }] }]);
    const r = await run([{ model: "m1", provider: "openai", fake: a }]);
    const s = streamed(r);
    const before = r.ok ? r.upstreamMs : -1;
    await readAll(s.body);
    const end = await s.done;
    expect(end.upstreamMs).toBeGreaterThanOrEqual(before + 55);
    expect(r.ok && r.upstreamMs).toBe(end.upstreamMs);
  });
});

describe("dispatch: streaming under the total deadline", () => {
  it("cuts a stream at the total deadline and resolves done even when nobody reads the body", async () => {
    const a = fakeProvider("openai", [{ stream: ["one", { hang: true }] }]);
    const r = await run([{ model: "m1", provider: "openai", fake: a }], {
      route: { deadlines: { firstByteMs: 200, responseMs: 200, idleMs: 10_000, totalMs: 150 } },
    });
    const { body, done } = streamed(r);
    const end = await done;
    expect(end).toMatchObject({ truncated: true, error: { kind: "timeout" } });
    const text = await readAll(body);
    expect(text).toContain(sse("one"));
    expect(text).toContain('"code":"upstream_timeout"');
    expect(text).not.toContain("[DONE]");
  });
});
