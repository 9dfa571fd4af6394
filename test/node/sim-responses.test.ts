import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { parseSse, postResponses, readAll } from "../../sim/testing";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const weather = {
  type: "function",
  name: "get_weather",
  description: "Weather forecast for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};
const json = async (res: Response) => (await res.json()) as Record<string, any>;

describe("POST /v1/responses", () => {
  it("answers a string input with a response object", async () => {
    const res = await postResponses(sim.url, {
      model: "gpt-r",
      input: "echo: hello there",
      instructions: "Be brief.",
      metadata: { a: "b" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    const body = await json(res);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^resp_/),
      object: "response",
      status: "completed",
      error: null,
      incomplete_details: null,
      model: "gpt-r",
      instructions: "Be brief.",
      metadata: { a: "b" },
      output: [
        {
          id: expect.stringMatching(/^msg_/),
          type: "message",
          status: "completed",
          role: "assistant",
          content: [{ type: "output_text", text: "hello there", annotations: [] }],
        },
      ],
    });
    expect(body.usage).toEqual({
      input_tokens: expect.any(Number),
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 3,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: body.usage.input_tokens + 3,
    });
  });

  it("calls a function, then answers from its output", async () => {
    const first = await json(
      await postResponses(sim.url, { model: "gpt-r", input: "Weather in Rome? use get_weather", tools: [weather] }),
    );
    const call = first.output[0];
    expect(call).toMatchObject({
      type: "function_call",
      status: "completed",
      name: "get_weather",
      arguments: '{"city":"Rome"}',
      call_id: expect.stringMatching(/^call_/),
    });
    const second = await json(
      await postResponses(sim.url, {
        model: "gpt-r",
        input: [
          { role: "user", content: "Weather in Rome? use get_weather" },
          call,
          { type: "function_call_output", call_id: call.call_id, output: "22C" },
        ],
        tools: [weather],
      }),
    );
    expect(second.output[0].content[0].text).toMatch(/^Based on the get_weather result: 22C/);
  });

  it("honours text.format and max_output_tokens (incomplete)", async () => {
    const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    const shaped = await json(
      await postResponses(sim.url, {
        model: "gpt-r",
        input: "Paris",
        text: { format: { type: "json_schema", name: "c", schema } },
      }),
    );
    expect(JSON.parse(shaped.output[0].content[0].text)).toEqual({ city: expect.any(String) });
    const cut = await json(
      await postResponses(sim.url, { model: "gpt-r", input: "Tell me a long story", max_output_tokens: 16 }),
    );
    expect(cut).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" } });
  });

  it("streams the events in order, numbered, ending with response.completed", async () => {
    const res = await postResponses(sim.url, {
      model: "gpt-r",
      input: "Weather in Rome? use get_weather",
      tools: [weather],
      stream: true,
    });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const events = parseSse((await readAll(res)).text);
    expect(events.map((e) => e.event)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      ...events.filter((e) => e.event === "response.function_call_arguments.delta").map((e) => e.event),
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((e) => JSON.parse(e.data).sequence_number)).toEqual(events.map((_, i) => i));
  });

  it("refuses what a stateless API cannot resolve, and bad input, in OpenAI's shape", async () => {
    const cases: [unknown, string | null, RegExp][] = [
      [{ model: "gpt-r", input: "x", previous_response_id: "resp_1" }, "previous_response_id", /not found/],
      [{ model: "gpt-r", input: [{ type: "item_reference", id: "msg_1" }] }, "input", /Item with id 'msg_1' not found/],
      [
        { model: "gpt-r", input: [{ type: "function_call_output", call_id: "c", output: "x" }] },
        "input",
        /No tool call found/,
      ],
      [
        { model: "gpt-r", input: [{ type: "function_call", call_id: "c", name: "f", arguments: "{}" }] },
        "input",
        /No tool output found/,
      ],
      [{ model: "gpt-r", input: [{ type: "foo" }] }, "input[0].type", /Invalid value: 'foo'/],
      [{ model: "gpt-r" }, "input", /Missing required parameter/],
      [{ model: "gpt-r", input: "x", max_output_tokens: 5 }, "max_output_tokens", /below minimum/],
      [{ model: "gpt-r", input: "x", bogus: 1 }, "bogus", /Unknown parameter/],
      [{ model: "gpt-r", input: "x", text: { format: { type: "json_object" } } }, "input", /json/],
    ];
    for (const [body, param, message] of cases) {
      const res = await postResponses(sim.url, body);
      expect(res.status).toBe(400);
      const { error } = await json(res);
      expect(Object.keys(error).sort()).toEqual(["code", "message", "param", "type"]);
      expect(error).toMatchObject({ message: expect.stringMatching(message), type: "invalid_request_error", param });
    }
    expect((await postResponses(sim.url, { model: "gpt-r", input: "x" }, { authorization: "" })).status).toBe(401);
  });
});

describe("faults on /v1/responses work as on the chat endpoints", () => {
  it("status, context length and latency", async () => {
    const limited = await postResponses(sim.url, { model: "gpt-r~fail429:1200", input: "x" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after-ms")).toBe("1200");
    expect((await json(limited)).error.code).toBe("rate_limit_exceeded");
    expect((await postResponses(sim.url, { model: "gpt-r", input: "x" }, { "x-sim-fault": "fail503" })).status).toBe(
      503,
    );
    const ctx = await postResponses(sim.url, { model: "gpt-r~ctx", input: "x" });
    expect((await json(ctx)).error.code).toBe("context_length_exceeded");
    const started = Date.now();
    await postResponses(sim.url, { model: "gpt-r~latency150", input: "x" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("a stream cut, broken by an error event, or carrying a malformed frame", async () => {
    const cut = await readAll(
      await postResponses(sim.url, { model: "gpt-r~cut3", input: "Tell me a story", stream: true }),
    );
    expect(cut.error).toBeDefined();
    expect(parseSse(cut.text).map((e) => e.event)).not.toContain("response.completed");
    const failed = parseSse(
      (
        await readAll(
          await postResponses(sim.url, { model: "gpt-r~streamerror3", input: "Tell me a story", stream: true }),
        )
      ).text,
    );
    expect(failed.at(-1)!.event).toBe("error");
    expect(JSON.parse(failed.at(-1)!.data)).toMatchObject({ type: "error", code: "server_error" });
    const bad = (
      await readAll(await postResponses(sim.url, { model: "gpt-r~malformed2", input: "Tell me a story", stream: true }))
    ).text;
    expect(bad).toContain('"sequence_number":\n');
  });

  it("hang holds the request until the client gives up; counted in the stats", async () => {
    await expect(
      postResponses(sim.url, { model: "gpt-r-hang~hang", input: "x" }, {}, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as {
      requests: { byProtocol: Record<string, number> };
      faults: { byModel: Record<string, number> };
    };
    expect(stats.requests.byProtocol.responses).toBeGreaterThan(0);
    expect(stats.faults.byModel["gpt-r-hang~hang"]).toBe(1);
  });
});
