import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { parseSse, postAnthropic } from "../../sim/testing";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const ask = (content: unknown, extra: Record<string, unknown> = {}) => ({
  model: "claude-sim",
  max_tokens: 256,
  messages: [{ role: "user", content }],
  ...extra,
});
const json = async (body: unknown, headers?: Record<string, string>) => {
  const res = await postAnthropic(sim.url, body, headers);
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};
const WEATHER = {
  name: "get_weather",
  description: "Get the current weather forecast for a city",
  input_schema: {
    type: "object",
    properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
    required: ["city"],
  },
};
const usage = (input: number, output: number, read = 0, write = 0) => ({
  input_tokens: input,
  cache_creation_input_tokens: write,
  cache_read_input_tokens: read,
  output_tokens: output,
  service_tier: "standard",
});

describe("Anthropic messages", () => {
  it("answers in the exact message shape", async () => {
    const { status, headers, body } = await json(ask("What is the capital of France?", { system: "Be brief." }));
    expect(status).toBe(200);
    expect(headers.get("request-id")).toMatch(/^req_/);
    const text: string = body.content[0].text;
    expect(body).toEqual({
      id: expect.stringMatching(/^msg_01/),
      type: "message",
      role: "assistant",
      model: "claude-sim",
      content: [{ type: "text", text: expect.stringContaining("capital of France") }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: usage(3 + 3 + 3 + 8, Math.ceil(text.length / 4)),
    });
  });

  it("streams the real event sequence, with event names matching the data", async () => {
    const res = await postAnthropic(sim.url, ask("What is the capital of France?", { stream: true }));
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = parseSse(await res.text());
    const names = events.map((e) => e.event);
    expect(names.slice(0, 3)).toEqual(["message_start", "content_block_start", "ping"]);
    expect(names.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    const data = events.map((e) => JSON.parse(e.data));
    data.forEach((d, i) => expect(d.type).toBe(names[i]));
    const whole = (await json(ask("What is the capital of France?"))).body;
    expect(data[0].message).toEqual({
      ...whole,
      id: data[0].message.id,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...whole.usage, output_tokens: 1 },
    });
    const deltas = data.filter((d) => d.type === "content_block_delta");
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.map((d) => d.delta.text).join("")).toBe(whole.content[0].text);
    expect(data.at(-2)).toEqual({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: whole.usage.output_tokens },
    });
  });

  it("honours max_tokens and stop_sequences", async () => {
    const cut = (await json(ask("Tell me about rivers", { max_tokens: 3 }))).body;
    expect(cut.stop_reason).toBe("max_tokens");
    expect(cut.content[0].text).toHaveLength(12);
    const full: string = (await json(ask("Tell me about rivers"))).body.content[0].text;
    const stop = full.split(" ")[2];
    const stopped = (await json(ask("Tell me about rivers", { stop_sequences: ["zzz", stop] }))).body;
    expect(stopped).toMatchObject({
      stop_reason: "stop_sequence",
      stop_sequence: stop,
      content: [{ type: "text", text: full.slice(0, full.indexOf(stop)) }],
    });
  });

  it("answers with tool_use blocks per tool_choice", async () => {
    const any = (await json(ask("Hello", { tools: [WEATHER], tool_choice: { type: "any" } }))).body;
    expect(any.stop_reason).toBe("tool_use");
    expect(any.content).toEqual([
      {
        type: "tool_use",
        id: expect.stringMatching(/^toolu_01[a-z0-9]{22}$/),
        name: "get_weather",
        input: { city: "Paris" },
      },
    ]);
    const auto = (await json(ask("Any weather forecast for Lyon?", { tools: [WEATHER] }))).body;
    expect(auto.content.map((b: { type: string }) => b.type)).toEqual(["text", "tool_use"]);
    const none = (
      await json(ask("Any weather forecast for Lyon?", { tools: [WEATHER], tool_choice: { type: "none" } }))
    ).body;
    expect(none.content.map((b: { type: string }) => b.type)).toEqual(["text"]);
  });

  it("streams tool input as input_json_delta pieces", async () => {
    const res = await postAnthropic(
      sim.url,
      ask("Hi", { tools: [WEATHER], tool_choice: { type: "tool", name: "get_weather" }, stream: true }),
    );
    const data = parseSse(await res.text()).map((e) => JSON.parse(e.data));
    expect(data[1]).toEqual({
      type: "content_block_start",
      index: 0,
      content_block: { type: "tool_use", id: expect.stringMatching(/^toolu_01/), name: "get_weather", input: {} },
    });
    const parts = data.filter((d) => d.type === "content_block_delta").map((d) => d.delta);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.type === "input_json_delta")).toBe(true);
    expect(JSON.parse(parts.map((p) => p.partial_json).join(""))).toEqual({ city: "Paris" });
    expect(data.at(-2).delta.stop_reason).toBe("tool_use");
  });

  it("answers a tool_result with text that uses it", async () => {
    const messages = [
      { role: "user", content: "Weather in Oslo?" },
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Oslo" } }],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "-3C and snow" }] },
    ];
    const { body } = await json({ model: "claude-sim", max_tokens: 200, messages, tools: [WEATHER] });
    expect(body.content[0].text).toMatch(/^Based on the get_weather result: -3C and snow/);
  });

  it("reports cache writes then cache reads for a cache_control prefix", async () => {
    const system = [{ type: "text", text: "Policy. ".repeat(600), cache_control: { type: "ephemeral" } }];
    const body = ask("Hi", { model: "claude-cache", system });
    const first = (await json(body)).body.usage;
    const second = (await json(body)).body.usage;
    const prefix = 3 + Math.ceil(system[0].text.length / 4);
    expect(first).toMatchObject({
      cache_creation_input_tokens: prefix,
      cache_read_input_tokens: 0,
      input_tokens: 3 + 1,
    });
    expect(second).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: prefix,
      input_tokens: 3 + 1,
    });
    const uncached = (await json(ask("Hi", { model: "claude-cache", system: "Policy. ".repeat(600) }))).body.usage;
    expect(uncached).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      input_tokens: prefix + 4,
    });
  });
});

describe("Anthropic validation", () => {
  const err = (message: string | RegExp, type = "invalid_request_error") => ({
    type: "error",
    error: { type, message: typeof message === "string" ? message : expect.stringMatching(message) },
    request_id: expect.stringMatching(/^req_/),
  });

  it("requires x-api-key, then anthropic-version", async () => {
    const noKey = await fetch(`${sim.url}/v1/messages`, {
      method: "POST",
      headers: { "anthropic-version": "2023-06-01" },
      body: JSON.stringify(ask("hi")),
    });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual(err("x-api-key header is required", "authentication_error"));
    const noVersion = await fetch(`${sim.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": "k" },
      body: JSON.stringify(ask("hi")),
    });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toEqual(err("anthropic-version: header is required"));
  });

  const toolTurn = { role: "assistant", content: [{ type: "tool_use", id: "toolu_a", name: "f", input: {} }] };
  it.each([
    ["no max_tokens", { model: "m", messages: [{ role: "user", content: "x" }] }, "max_tokens: Field required"],
    [
      "a system message",
      {
        ...ask("x"),
        messages: [
          { role: "system", content: "s" },
          { role: "user", content: "x" },
        ],
      },
      /^messages.0.role: Unexpected role "system"/,
    ],
    [
      "an assistant first",
      {
        ...ask("x"),
        messages: [
          { role: "assistant", content: "a" },
          { role: "user", content: "x" },
        ],
      },
      'messages: first message must use the "user" role',
    ],
    [
      "an unknown block type",
      ask([{ type: "image_url", image_url: { url: "x" } }]),
      /^messages.0.content.0: Input tag 'image_url' found using 'type'/,
    ],
    [
      "an OpenAI-only field",
      { ...ask("x"), stream_options: { include_usage: true } },
      "stream_options: Extra inputs are not permitted",
    ],
    ["temperature above 1", { ...ask("x"), temperature: 1.5 }, "temperature: Input should be less than or equal to 1"],
    [
      "empty content",
      ask(""),
      "messages.0: all messages must have non-empty content except for the optional final assistant message",
    ],
    [
      "a tool_result that answers nothing",
      {
        ...ask("x"),
        messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_x", content: "r" }] }],
      },
      /^messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_x/,
    ],
    [
      "a tool_use left unanswered",
      { ...ask("x"), messages: [{ role: "user", content: "x" }, toolTurn, { role: "user", content: "y" }] },
      /^messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_a/,
    ],
    [
      "an OpenAI-shaped tool",
      { ...ask("x"), tools: [{ type: "function", function: { name: "f" } }] },
      "tools.0.custom.function: Extra inputs are not permitted",
    ],
  ])("rejects %s with invalid_request_error", async (_name, body, message) => {
    const res = await json(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(err(message));
  });
});
