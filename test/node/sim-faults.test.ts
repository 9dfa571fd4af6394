import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { parseSse, postAnthropic, postOpenAI, readAll } from "../../sim/testing";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const oa = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: "user", content: "Tell me a story about a fox" }],
  ...extra,
});
const an = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  max_tokens: 200,
  messages: [{ role: "user", content: "Tell me a story about a fox" }],
  ...extra,
});
const control = (method: string, path: string, body?: unknown) =>
  fetch(`${sim.url}/_sim/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });

describe("status faults", () => {
  it("429 with retry-after and retry-after-ms, in each protocol's error shape", async () => {
    const res = await postOpenAI(sim.url, oa("gpt-f~fail429:1500"));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(res.headers.get("retry-after-ms")).toBe("1500");
    expect(await res.json()).toEqual({
      error: {
        message: expect.stringMatching(/Rate limit/),
        type: "requests",
        param: null,
        code: "rate_limit_exceeded",
      },
    });
    const ant = await postAnthropic(sim.url, an("claude-f~ratelimit"));
    expect(ant.status).toBe(429);
    expect(ant.headers.get("retry-after")).toBe("1");
    expect(await ant.json()).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
  });

  it.each([
    [500, "server_error", "api_error"],
    [503, "server_error", "api_error"],
    [529, "server_error", "overloaded_error"],
  ])("%i", async (status, openaiType, anthropicType) => {
    const o = await postOpenAI(sim.url, oa(`gpt-f~fail${status}`));
    expect(o.status).toBe(status);
    expect(((await o.json()) as any).error.type).toBe(openaiType);
    const a = await postAnthropic(sim.url, an(`claude-f~fail${status}`));
    expect(a.status).toBe(status);
    expect(((await a.json()) as any).error.type).toBe(anthropicType);
  });

  it("context-length errors", async () => {
    const o = await postOpenAI(sim.url, oa("gpt-f~ctx"));
    expect(o.status).toBe(400);
    expect(((await o.json()) as any).error).toMatchObject({
      code: "context_length_exceeded",
      param: "messages",
      message: expect.stringMatching(/maximum context length is 128000 tokens/),
    });
    const a = await postAnthropic(sim.url, an("claude-f~ctx"));
    expect(((await a.json()) as any).error).toEqual({
      type: "invalid_request_error",
      message: "prompt is too long: 200001 tokens > 200000 maximum",
    });
  });

  it("faults from the x-sim-fault header, and a 400 for an unknown fault", async () => {
    expect((await postOpenAI(sim.url, oa("gpt-h"), { "x-sim-fault": "fail503" })).status).toBe(503);
    expect((await postOpenAI(sim.url, oa("gpt-h"))).status).toBe(200);
    const bad = await postOpenAI(sim.url, oa("gpt-h~explode"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toMatch(/unknown fault "explode"/);
  });
});

describe("timing faults", () => {
  it("adds latency before the first byte", async () => {
    const t0 = performance.now();
    const res = await postOpenAI(sim.url, oa("gpt-t~latency150", { stream: true }));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
    expect(res.status).toBe(200);
    await res.text();
  });

  it("adds a delay between chunks", async () => {
    const res = await postAnthropic(sim.url, an("claude-t~slow15", { stream: true }));
    const t0 = performance.now();
    const events = parseSse(await res.text());
    expect(performance.now() - t0).toBeGreaterThanOrEqual((events.length - 2) * 15);
    expect(events.at(-1)!.event).toBe("message_stop");
  });

  it("hangs until the client gives up", async () => {
    const started = performance.now();
    const err = await postOpenAI(sim.url, oa("gpt-t~hang"), {}, { signal: AbortSignal.timeout(200) }).catch(
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe("TimeoutError");
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("stream faults", () => {
  it("cuts the connection after N chunks, with no [DONE]", async () => {
    const res = await postOpenAI(sim.url, oa("gpt-s~cut3", { stream: true }));
    expect(res.status).toBe(200);
    const { text, error } = await readAll(res);
    expect(error).toBeDefined();
    expect(parseSse(text)).toHaveLength(3);
    expect(text).not.toContain("[DONE]");
    const ant = await readAll(await postAnthropic(sim.url, an("claude-s~cut4", { stream: true })));
    expect(ant.error).toBeDefined();
    expect(parseSse(ant.text).map((e) => e.event)).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
    ]);
  });

  it("cuts a non-streaming body half-way", async () => {
    const res = await postOpenAI(sim.url, oa("gpt-s~cut"));
    expect((await readAll(res)).error).toBeDefined();
  });

  it("inserts a malformed chunk, and breaks a non-streaming JSON body", async () => {
    const events = parseSse(await (await postOpenAI(sim.url, oa("gpt-s~malformed2", { stream: true }))).text());
    expect(() => JSON.parse(events[2].data)).toThrow();
    expect(events.at(-1)!.data).toBe("[DONE]");
    const body = await (await postOpenAI(sim.url, oa("gpt-s~badjson"))).text();
    expect(() => JSON.parse(body)).toThrow();
    const ant = parseSse(await (await postAnthropic(sim.url, an("claude-s~malformed1", { stream: true }))).text());
    expect(() => JSON.parse(ant[1].data)).toThrow();
  });

  it("ends with a mid-stream error event", async () => {
    const ant = parseSse(await (await postAnthropic(sim.url, an("claude-s~streamerror3", { stream: true }))).text());
    expect(ant.map((e) => e.event)).toEqual(["message_start", "content_block_start", "ping", "error"]);
    expect(JSON.parse(ant[3].data)).toEqual({
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    const o = parseSse(await (await postOpenAI(sim.url, oa("gpt-s~streamerror2", { stream: true }))).text());
    expect(o).toHaveLength(3);
    expect(JSON.parse(o[2].data)).toEqual({
      error: { message: expect.any(String), type: "server_error", param: null, code: null },
    });
  });
});

describe("rates, counts and the control API", () => {
  it("fails exactly 30% of requests for a rate suffix", async () => {
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await postOpenAI(sim.url, oa("gpt-r~fail503@30%"))).status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
  });

  it("fails the next N requests then recovers", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await postAnthropic(sim.url, an("claude-r~fail529*2"))).status);
    expect(statuses).toEqual([529, 529, 200, 200]);
  });

  it("registers, lists and clears faults; stats count them", async () => {
    const reg = await control("POST", "faults", { model: "gpt-c", fault: { kind: "status", status: 500 }, count: 1 });
    expect(reg.status).toBe(201);
    expect(await reg.json()).toEqual({
      registered: { model: "gpt-c", fault: { kind: "status", status: 500 }, count: 1, seen: 0, fired: 0 },
    });
    await control("POST", "faults", { model: "gpt-c", fault: "latency5" });
    expect(((await (await control("GET", "faults")).json()) as any).faults).toHaveLength(2);
    expect((await postOpenAI(sim.url, oa("gpt-c"))).status).toBe(500);
    expect((await postOpenAI(sim.url, oa("gpt-c"))).status).toBe(200);
    expect(await (await control("DELETE", "faults?model=gpt-c")).json()).toEqual({ removed: 2 });
    const stats = (await (await control("GET", "stats")).json()) as any;
    expect(stats.requests.byModel["gpt-c"]).toBe(2);
    expect(stats.faults.byModel["gpt-c"]).toBe(3);
    expect(stats.faults.byKind.status_500).toBeGreaterThanOrEqual(1);
    expect(stats.requests.byProtocol.openai).toBeGreaterThan(0);
  });

  it("rejects a bad registration", async () => {
    const res = await control("POST", "faults", { model: "x", fault: { kind: "status", status: 200 } });
    expect(res.status).toBe(400);
    expect((await control("POST", "faults", { fault: "nonsense" })).status).toBe(400);
  });

  it("resets counters and faults", async () => {
    await control("POST", "faults", { fault: "fail500" });
    expect((await postOpenAI(sim.url, oa("gpt-any"))).status).toBe(500);
    expect(await (await control("POST", "reset")).json()).toEqual({ ok: true });
    expect((await postOpenAI(sim.url, oa("gpt-any"))).status).toBe(200);
    const stats = (await (await control("GET", "stats")).json()) as any;
    expect(stats.requests).toEqual({ total: 1, byProtocol: { openai: 1 }, byModel: { "gpt-any": 1 } });
  });
});

describe("global latency", () => {
  it("delays every chat response", async () => {
    const slow = await startSimulator({ latencyMs: 120 });
    try {
      const t0 = performance.now();
      expect((await postOpenAI(slow.url, oa("gpt-l"))).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
    } finally {
      await slow.close();
    }
  });
});
