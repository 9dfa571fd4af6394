import Anthropic from "@anthropic-ai/sdk";
import { createOpenAI } from "@ai-sdk/openai";
import { embedMany, generateText, streamText } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";

/** The simulator's new endpoints as the real SDKs read them (no router in between). */
let sim: Simulator;
let openai: OpenAI;
beforeAll(async () => {
  sim = await startSimulator();
  openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: "sk-sim", maxRetries: 0 });
});
afterAll(() => sim.close());

const weather = {
  type: "function" as const,
  name: "get_weather",
  description: "Weather forecast for a city",
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  },
  strict: true,
};

describe("openai-node against /v1/responses", () => {
  it("responses.create: plain", async () => {
    const r = await openai.responses.create({ model: "gpt-sdk", input: "echo: hi there" });
    expect(r.output_text).toBe("hi there");
    expect(r.status).toBe("completed");
    expect(r.usage).toMatchObject({ output_tokens: 2, input_tokens: expect.any(Number) });
  });

  it("responses.create: function call and output", async () => {
    const first = await openai.responses.create({
      model: "gpt-sdk",
      input: "Weather in Rome? use get_weather",
      tools: [weather],
    });
    const call = first.output[0];
    expect(call).toMatchObject({ type: "function_call", name: "get_weather", arguments: '{"city":"Rome"}' });
    const second = await openai.responses.create({
      model: "gpt-sdk",
      input: [
        { role: "user", content: "Weather in Rome? use get_weather" },
        ...(first.output as OpenAI.Responses.ResponseInputItem[]),
        { type: "function_call_output", call_id: (call as { call_id: string }).call_id, output: "22C" },
      ],
      tools: [weather],
    });
    expect(second.output_text).toMatch(/^Based on the get_weather result: 22C/);
  });

  it("responses.stream: text deltas and the final response; a tool call", async () => {
    const stream = openai.responses.stream({ model: "gpt-sdk", input: "Tell me about Rome" });
    let text = "";
    stream.on("response.output_text.delta", (e) => (text += e.delta));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(text);
    const tools = await openai.responses
      .stream({ model: "gpt-sdk", input: "Weather in Rome? use get_weather", tools: [weather] })
      .finalResponse();
    expect(tools.output[0]).toMatchObject({ type: "function_call", arguments: '{"city":"Rome"}' });
  });

  it("faults: typed errors, and a stream error event", async () => {
    await expect(openai.responses.create({ model: "gpt-sdk~fail429:5", input: "x" })).rejects.toBeInstanceOf(
      OpenAI.RateLimitError,
    );
    await expect(
      openai.responses.create({ model: "gpt-sdk", input: "x", previous_response_id: "resp_1" }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const broken = await openai.responses.create({
      model: "gpt-sdk~streamerror3",
      input: "Tell me a story",
      stream: true,
    });
    await expect(
      (async () => {
        for await (const _ of broken);
      })(),
    ).rejects.toThrow(/server had an error/);
  });
});

describe("openai-node against /v1/embeddings", () => {
  it("embeddings.create: the SDK's default base64 and explicit floats agree", async () => {
    const b64 = await openai.embeddings.create({
      model: "text-embedding-3-small",
      input: ["refund policy", "shipping"],
      dimensions: 16,
    });
    const floats = await openai.embeddings.create({
      model: "text-embedding-3-small",
      input: ["refund policy", "shipping"],
      dimensions: 16,
      encoding_format: "float",
    });
    expect(b64.data.map((d) => d.embedding.length)).toEqual([16, 16]);
    b64.data[0].embedding.forEach((x, i) => expect(x).toBeCloseTo(floats.data[0].embedding[i], 6));
    expect(b64.usage.prompt_tokens).toBeGreaterThan(0);
    await expect(
      openai.embeddings.create({ model: "text-embedding-ada-002", input: "x", dimensions: 8 }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe("the AI SDK and @anthropic-ai/sdk against the simulator", () => {
  it("AI SDK: openai(model) generateText and streamText go to /v1/responses; embedMany to /v1/embeddings", async () => {
    const paths: string[] = [];
    const provider = createOpenAI({
      baseURL: `${sim.url}/v1`,
      apiKey: "sk-sim",
      fetch: (url, init) => (paths.push(new URL(String(url)).pathname), fetch(url, init)),
    });
    expect((await generateText({ model: provider("gpt-sdk"), prompt: "echo: ok" })).text).toBe("ok");
    let text = "";
    for await (const t of streamText({ model: provider("gpt-sdk"), prompt: "Tell me about Rome" }).textStream)
      text += t;
    expect(text.length).toBeGreaterThan(20);
    const { embeddings } = await embedMany({ model: provider.embedding("text-embedding-3-small"), values: ["a", "b"] });
    expect(embeddings.map((e) => e.length)).toEqual([1536, 1536]);
    expect(paths).toEqual(["/v1/responses", "/v1/responses", "/v1/embeddings"]);
  });

  it("@anthropic-ai/sdk 1.x authenticates with Bearer: messages.create and messages.stream", async () => {
    const client = new Anthropic({ baseURL: sim.url, apiKey: "sk-ant-sim", maxRetries: 0 });
    const m = await client.messages.create({
      model: "claude-sdk",
      max_tokens: 50,
      messages: [{ role: "user", content: "echo: hello" }],
    });
    expect(m.content).toEqual([{ type: "text", text: "hello" }]);
    const final = await client.messages
      .stream({ model: "claude-sdk", max_tokens: 300, messages: [{ role: "user", content: "Tell me about Rome" }] })
      .finalMessage();
    expect(final.stop_reason).toBe("end_turn");
  });
});
