import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startSimulator, type Simulator } from "../../sim/server";
import { parseSse, postOpenAI } from "../../sim/testing";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  model: "gpt-sim",
  messages: [{ role: "user", content }],
  ...extra,
});
const json = async (body: unknown, headers?: Record<string, string>) => {
  const res = await postOpenAI(sim.url, body, headers);
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};
const WEATHER = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Get the current weather forecast for a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city", "unit"],
    },
  },
};
const USAGE_DETAILS = {
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

describe("OpenAI chat completions", () => {
  it("answers in the exact chat.completion shape with usage", async () => {
    const { status, headers, body } = await json(ask("What is the capital of France?"));
    expect(status).toBe(200);
    expect(headers.get("x-request-id")).toMatch(/^req_/);
    expect(body).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: "chat.completion",
      created: expect.any(Number),
      model: "gpt-sim",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: expect.stringContaining("capital of France"),
            refusal: null,
            annotations: [],
          },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: 14,
        completion_tokens: Math.ceil(body.choices[0].message.content.length / 4),
        total_tokens: 14 + body.usage.completion_tokens,
        ...USAGE_DETAILS,
      },
      service_tier: "default",
      system_fingerprint: expect.stringMatching(/^fp_/),
    });
  });

  it("is deterministic per prompt and model, and differs across models", async () => {
    const text = async (model: string) =>
      (await json({ ...ask("Plan a small garden"), model })).body.choices[0].message.content;
    const a = await text("gpt-sim");
    expect(await text("gpt-sim")).toBe(a);
    expect(await text("gpt-sim-2")).not.toBe(a);
  });

  it("counts input tokens from system, messages and tools at about four characters a token", async () => {
    const sys = "s".repeat(400);
    const user = "u".repeat(800);
    const { body } = await json({
      model: "gpt-sim",
      messages: [
        { role: "system", content: sys },
        { role: "user", content: user },
      ],
      tools: [WEATHER],
      tool_choice: "none",
    });
    const toolTokens = Math.ceil(JSON.stringify([WEATHER]).length / 4);
    expect(body.usage.prompt_tokens).toBe(3 + toolTokens + (3 + 100) + (3 + 200));
  });

  it("streams chunks with usage:null, a usage chunk with no choices, then [DONE]", async () => {
    const res = await postOpenAI(
      sim.url,
      ask("What is the capital of France?", { stream: true, stream_options: { include_usage: true } }),
    );
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = parseSse(await res.text());
    expect(events.at(-1)!.data).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks[0].choices[0]).toEqual({
      index: 0,
      delta: { role: "assistant", content: "", refusal: null },
      logprobs: null,
      finish_reason: null,
    });
    for (const c of chunks.slice(0, -1)) {
      expect(c).toMatchObject({ object: "chat.completion.chunk", model: "gpt-sim", usage: null });
      expect(c.id).toBe(chunks[0].id);
    }
    const content = chunks
      .slice(1, -2)
      .map((c) => c.choices[0].delta.content)
      .join("");
    expect(chunks.length - 3).toBeGreaterThan(3);
    const whole = (await json(ask("What is the capital of France?"))).body;
    expect(content).toBe(whole.choices[0].message.content);
    expect(chunks.at(-2).choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: "stop" });
    expect(chunks.at(-1).choices).toEqual([]);
    expect(chunks.at(-1).usage).toEqual(whole.usage);
  });

  it("omits usage from chunks without include_usage", async () => {
    const events = parseSse(await (await postOpenAI(sim.url, ask("hello there", { stream: true }))).text());
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.every((c) => !("usage" in c) && c.choices.length === 1)).toBe(true);
  });

  it("honours max_tokens and stop sequences", async () => {
    const cut = (await json(ask("Tell me about rivers", { max_tokens: 5 }))).body;
    expect(cut.choices[0].finish_reason).toBe("length");
    expect(cut.choices[0].message.content).toHaveLength(20);
    expect(cut.usage.completion_tokens).toBe(5);
    const full: string = (await json(ask("Tell me about rivers"))).body.choices[0].message.content;
    const stop = full.split(" ")[3];
    const stopped = (await json(ask("Tell me about rivers", { stop: [stop] }))).body;
    expect(stopped.choices[0].message.content).toBe(full.slice(0, full.indexOf(stop)));
    expect(stopped.choices[0].finish_reason).toBe("stop");
  });

  it("echoes a message that starts with echo:", async () => {
    expect((await json(ask("echo: exactly this"))).body.choices[0].message.content).toBe("exactly this");
  });

  it("calls a tool when required, named or asked for, with arguments from its schema", async () => {
    const required = (await json(ask("Hello", { tools: [WEATHER], tool_choice: "required" }))).body.choices[0];
    expect(required.finish_reason).toBe("tool_calls");
    expect(required.message.content).toBeNull();
    expect(required.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_[a-z0-9]{24}$/),
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Paris","unit":"celsius"}' },
      },
    ]);
    const asked = (await json(ask("What's the forecast in Rome?", { tools: [WEATHER] }))).body.choices[0];
    expect(asked.message.tool_calls[0].function.name).toBe("get_weather");
    const plain = (await json(ask("Write a haiku", { tools: [WEATHER] }))).body.choices[0];
    expect(plain.message.tool_calls).toBeUndefined();
    expect(plain.finish_reason).toBe("stop");
  });

  it("streams tool-call arguments in several deltas", async () => {
    const events = parseSse(
      await (
        await postOpenAI(
          sim.url,
          ask("Hi", {
            tools: [WEATHER],
            tool_choice: { type: "function", function: { name: "get_weather" } },
            stream: true,
          }),
        )
      ).text(),
    );
    const deltas = events.slice(0, -1).map((e) => JSON.parse(e.data).choices[0]);
    const calls = deltas.flatMap((d) => d.delta.tool_calls ?? []);
    expect(calls[0]).toEqual({
      index: 0,
      id: expect.stringMatching(/^call_/),
      type: "function",
      function: { name: "get_weather", arguments: "" },
    });
    expect(calls.length).toBeGreaterThan(2);
    expect(JSON.parse(calls.map((c) => c.function.arguments).join(""))).toEqual({ city: "Paris", unit: "celsius" });
    expect(deltas.at(-1).finish_reason).toBe("tool_calls");
  });

  it("answers a tool result with text that uses it", async () => {
    const messages = [
      { role: "user", content: "Weather in Oslo?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: '{"temp": -3, "sky": "snow"}' },
    ];
    const { body } = await json({ model: "gpt-sim", messages, tools: [WEATHER] });
    expect(body.choices[0].message.content).toContain('Based on the get_weather result: {"temp": -3, "sky": "snow"}');
  });

  it("returns JSON for json_object and schema-valid JSON for json_schema", async () => {
    const obj = JSON.parse(
      (await json(ask("Reply in JSON please", { response_format: { type: "json_object" } }))).body.choices[0].message
        .content,
    );
    expect(obj).toEqual({ answer: expect.any(String), topic: "Reply in JSON please" });
    const schema: Record<string, unknown> = {
      type: "object",
      properties: {
        title: { type: "string" },
        rating: { type: "integer", minimum: 1, maximum: 5 },
        tags: { type: "array", items: { type: "string" } },
      },
      required: ["title", "rating", "tags"],
      additionalProperties: false,
    };
    const out = (
      await json(
        ask("Review this film", {
          response_format: { type: "json_schema", json_schema: { name: "review", strict: true, schema } },
        }),
      )
    ).body;
    expect(z.fromJSONSchema(schema).parse(JSON.parse(out.choices[0].message.content))).toEqual({
      title: "Review this film",
      rating: 3,
      tags: ["example tag"],
    });
  });

  it("reports cached prompt tokens when a long prefix repeats", async () => {
    const body = {
      model: "gpt-cache",
      messages: [
        { role: "system", content: "Be helpful. ".repeat(500) },
        { role: "user", content: "Hi" },
      ],
    };
    const first = (await json(body)).body.usage;
    const second = (await json(body)).body.usage;
    expect(first.prompt_tokens_details.cached_tokens).toBe(0);
    expect(second.prompt_tokens).toBe(first.prompt_tokens);
    expect(second.prompt_tokens_details.cached_tokens).toBeGreaterThanOrEqual(1024);
    expect(second.prompt_tokens_details.cached_tokens % 128).toBe(0);
  });

  it("lists models, including the ones requested", async () => {
    const res = await fetch(`${sim.url}/v1/models`, { headers: { authorization: "Bearer x" } });
    const body = (await res.json()) as { object: string; data: { id: string; object: string }[] };
    expect(body.object).toBe("list");
    expect(body.data).toContainEqual({
      id: "gpt-sim",
      object: "model",
      created: expect.any(Number),
      owned_by: "system",
    });
  });
});

describe("OpenAI validation", () => {
  const err = (message: string | RegExp, param: string | null, code: string | null = null) => ({
    error: {
      message: typeof message === "string" ? message : expect.stringMatching(message),
      type: "invalid_request_error",
      param,
      code,
    },
  });

  it("requires a bearer key", async () => {
    const res = await fetch(`${sim.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify(ask("hi")) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(err(/You didn't provide an API key/, null, "missing_api_key"));
  });

  it.each([
    [
      "no messages",
      { model: "m" },
      err("Missing required parameter: 'messages'.", "messages", "missing_required_parameter"),
    ],
    ["empty messages", { model: "m", messages: [] }, err(/empty array/, "messages", "empty_array")],
    [
      "a bad role",
      { model: "m", messages: [{ role: "bot", content: "x" }] },
      err(
        /Invalid value: 'bot'. Supported values are: 'system', .*and 'developer'./,
        "messages[0].role",
        "invalid_value",
      ),
    ],
    [
      "a tool message without tool_call_id",
      {
        model: "m",
        messages: [
          { role: "user", content: "x" },
          { role: "tool", content: "y" },
        ],
      },
      err(
        "Missing required parameter: 'messages[1].tool_call_id'.",
        "messages[1].tool_call_id",
        "missing_required_parameter",
      ),
    ],
    [
      "a tool message that answers nothing",
      {
        model: "m",
        messages: [
          { role: "user", content: "x" },
          { role: "tool", tool_call_id: "call_9", content: "y" },
        ],
      },
      err(/must be a response to a preceeding message with 'tool_calls'/, "messages.[1].role"),
    ],
    [
      "tool calls left unanswered",
      {
        model: "m",
        messages: [
          { role: "user", content: "x" },
          {
            role: "assistant",
            tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }],
          },
          { role: "user", content: "y" },
        ],
      },
      err(/did not have response messages: call_1/, "messages.[1].role"),
    ],
    [
      "an unknown content part",
      { model: "m", messages: [{ role: "user", content: [{ type: "video", url: "x" }] }] },
      err(/Invalid value: 'video'/, "messages[0].content[0].type", "invalid_value"),
    ],
    [
      "stream_options without stream",
      { ...ask("x"), stream_options: { include_usage: true } },
      err(/only allowed when 'stream' is enabled/, "stream_options"),
    ],
    [
      "json_object without the word json",
      { ...ask("x"), response_format: { type: "json_object" } },
      err(/must contain the word 'json'/, "messages"),
    ],
    [
      "tool_choice without tools",
      { ...ask("x"), tool_choice: "auto" },
      err(/only allowed when 'tools' are specified/, "tool_choice"),
    ],
    [
      "max_tokens of the wrong type",
      { ...ask("x"), max_tokens: "10" },
      err("Invalid type for 'max_tokens': expected an integer, but got string instead.", "max_tokens", "invalid_type"),
    ],
    [
      "temperature out of range",
      { ...ask("x"), temperature: 3 },
      err(/Expected a value <= 2, but got 3 instead/, "temperature", "decimal_above_max_value"),
    ],
  ])("rejects %s with a 400 naming the parameter", async (_name, body, expected) => {
    const res = await json(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(expected);
  });

  it("rejects a body that is not JSON", async () => {
    const res = await fetch(`${sim.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer x" },
      body: "{nope",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(err(/could not parse the JSON body/, null));
  });
});
