import Anthropic from "@anthropic-ai/sdk";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, stepCountIs, streamText, tool } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startSimulator, type Simulator } from "../../sim/server";
import { harnessFetch, type Upstream } from "./protocol-harness";

/**
 * The translators end to end with the SDKs clients use: each SDK talks to the harness (parse →
 * chat → a real provider adapter → the simulator → back), for both upstream protocols. What the
 * router's own end-to-end tests will do once the endpoints are wired.
 */
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const weatherTool = {
  type: "function" as const,
  name: "get_weather",
  description: "Weather forecast for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  strict: false,
};
const weatherInput = { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] };
const drain = async (stream: AsyncIterable<unknown>) => {
  for await (const _ of stream);
};

describe.each<Upstream>(["openai", "anthropic"])("upstream %s", (upstream) => {
  const model = upstream === "openai" ? "gpt-4o-mini" : "claude-haiku-4-5";
  const openai = () =>
    new OpenAI({
      baseURL: "http://harness.test/v1",
      apiKey: "sk-client",
      maxRetries: 0,
      fetch: harnessFetch(sim.url, upstream),
    });
  const anthropic = () =>
    new Anthropic({
      baseURL: "http://harness.test",
      apiKey: "sk-client",
      maxRetries: 0,
      fetch: harnessFetch(sim.url, upstream),
    });

  describe("openai-node responses", () => {
    it("create: plain text", async () => {
      const r = await openai().responses.create({ model, input: "echo: hello there", instructions: "Repeat." });
      expect(r.output_text).toBe("hello there");
      expect(r).toMatchObject({ object: "response", status: "completed", store: false, instructions: "Repeat." });
      expect(r.usage?.input_tokens).toBeGreaterThan(0);
    });

    it("create with tools: a function call, then the answer from its output", async () => {
      const client = openai();
      const input = "What's the weather in Rome? Use get_weather.";
      const first = await client.responses.create({ model, input, tools: [weatherTool] });
      const call = first.output.find((o) => o.type === "function_call");
      expect(call).toMatchObject({ type: "function_call", name: "get_weather", arguments: '{"city":"Rome"}' });
      const second = await client.responses.create({
        model,
        input: [
          { role: "user", content: input },
          ...(first.output as OpenAI.Responses.ResponseInputItem[]),
          { type: "function_call_output", call_id: call!.call_id, output: "22C and sunny" },
        ],
        tools: [weatherTool],
      });
      expect(second.output_text).toMatch(/^Based on the get_weather result: 22C and sunny/);
    });

    it("stream: text and a function call, accumulated by the SDK", async () => {
      const client = openai();
      const text = client.responses.stream({ model, input: "Tell me about Rome" });
      const deltas: string[] = [];
      text.on("response.output_text.delta", (e) => deltas.push(e.delta));
      const final = await text.finalResponse();
      expect(final.output_text.length).toBeGreaterThan(20);
      expect(deltas.join("")).toBe(final.output_text);
      const tools = client.responses.stream({ model, input: "Weather in Rome? use get_weather", tools: [weatherTool] });
      const calls = (await tools.finalResponse()).output.filter((o) => o.type === "function_call");
      expect(calls.map((c) => JSON.parse(c.arguments))).toEqual([{ city: "Rome" }]);
    });

    it("stream: an upstream dying mid-stream is an error, never a completed response", async () => {
      for (const fault of ["cut3", "streamerror3"]) {
        const stream = await openai().responses.create({
          model: `${model}~${fault}`,
          input: "Tell me a long story",
          stream: true,
        });
        const seen: string[] = [];
        await expect(
          (async () => {
            for await (const e of stream) seen.push(e.type);
          })(),
        ).rejects.toThrow(/failed after it had started|incomplete/);
        expect(seen).toContain("response.created");
        expect(seen).not.toContain("response.completed");
      }
    });

    it("bad input: the SDK's BadRequestError with the param", async () => {
      const err = await openai()
        .responses.create({ model, input: [{ type: "function_call_output", call_id: "call_x", output: "1" }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("input[0].call_id");
    });
  });

  describe("@anthropic-ai/sdk messages", () => {
    it("create: plain text; countTokens", async () => {
      const client = anthropic();
      const m = await client.messages.create({
        model,
        max_tokens: 200,
        messages: [{ role: "user", content: "echo: hello there" }],
      });
      expect(m.content).toEqual([{ type: "text", text: "hello there" }]);
      expect(m.stop_reason).toBe("end_turn");
      const count = await client.messages.countTokens({
        model,
        messages: [{ role: "user", content: "echo: hello there" }],
      });
      expect(count.input_tokens).toBeGreaterThan(0);
    });

    it("tool use, then the tool result", async () => {
      const client = anthropic();
      const tools = [{ name: "get_weather", description: "Weather forecast for a city", input_schema: weatherInput }];
      const question = { role: "user" as const, content: "What's the weather in Rome? Use get_weather." };
      const first = await client.messages.create({
        model,
        max_tokens: 300,
        messages: [question],
        tools,
        tool_choice: { type: "any" },
      });
      const use = first.content.find((b) => b.type === "tool_use");
      expect(use).toMatchObject({ type: "tool_use", name: "get_weather", input: { city: "Rome" } });
      expect(first.stop_reason).toBe("tool_use");
      const second = await client.messages.create({
        model,
        max_tokens: 300,
        tools,
        messages: [
          question,
          { role: "assistant", content: first.content },
          { role: "user", content: [{ type: "tool_result", tool_use_id: use!.id, content: "22C and sunny" }] },
        ],
      });
      expect(second.content[0]).toMatchObject({
        type: "text",
        text: expect.stringMatching(/^Based on the get_weather result: 22C and sunny/),
      });
    });

    it("stream: text and tool use, accumulated by the SDK", async () => {
      const client = anthropic();
      const stream = client.messages.stream({
        model,
        max_tokens: 300,
        messages: [{ role: "user", content: "Tell me about Rome" }],
      });
      let text = "";
      stream.on("text", (t) => (text += t));
      const final = await stream.finalMessage();
      expect(final.content).toEqual([{ type: "text", text }]);
      expect(final.usage.output_tokens).toBeGreaterThan(0);
      const tools = [{ name: "get_weather", description: "Weather forecast for a city", input_schema: weatherInput }];
      const withTool = await client.messages
        .stream({
          model,
          max_tokens: 300,
          messages: [{ role: "user", content: "Weather in Rome? use get_weather" }],
          tools,
          tool_choice: { type: "any" },
        })
        .finalMessage();
      expect(withTool.content.find((b) => b.type === "tool_use")).toMatchObject({ input: { city: "Rome" } });
    });

    it("stream: an upstream dying mid-stream is an error event, never message_stop", async () => {
      const stream = anthropic().messages.stream({
        model: `${model}~cut3`,
        max_tokens: 300,
        messages: [{ role: "user", content: "Tell me a long story" }],
      });
      await expect(stream.finalMessage()).rejects.toThrow(/failed after it had started/);
    });

    it("bad input: the SDK's BadRequestError in Anthropic's shape", async () => {
      const err = await anthropic()
        .messages.create({
          model,
          max_tokens: 10,
          messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_x", content: "1" }] }],
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.BadRequestError);
      expect((err as InstanceType<typeof Anthropic.BadRequestError>).message).toMatch(
        /messages\.0\.content\.0: unexpected `tool_use_id`/,
      );
    });
  });

  describe("the AI SDK's default provider, openai(model)", () => {
    const provider = () =>
      createOpenAI({ baseURL: "http://harness.test/v1", apiKey: "sk-client", fetch: harnessFetch(sim.url, upstream) });

    it("generateText and streamText", async () => {
      const r = await generateText({ model: provider()(model), system: "Repeat.", prompt: "echo: hi there" });
      expect(r.text).toBe("hi there");
      expect(r.finishReason).toBe("stop");
      const s = streamText({ model: provider()(model), prompt: "Tell me about Rome" });
      let text = "";
      for await (const piece of s.textStream) text += piece;
      expect(text.length).toBeGreaterThan(20);
      expect(await s.finishReason).toBe("stop");
    });

    const weather = tool({
      description: "Weather forecast for a city",
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => `22C in ${city}`,
    });
    const prompt = "What's the weather in Rome? use weather";

    it("a tool loop (with store: false, see below)", async () => {
      const r = await generateText({
        model: provider()(model),
        prompt,
        tools: { weather },
        stopWhen: stepCountIs(3),
        providerOptions: { openai: { store: false } },
      });
      expect(r.steps.length).toBe(2);
      expect(r.text).toMatch(/^Based on the weather result: 22C in Rome/);
    });

    /**
     * A known gap for the wiring phase: with its default `store: true` the AI SDK sends an earlier
     * assistant text back as `{"type":"item_reference","id":"msg_…"}`, which a stateless router
     * cannot resolve. Claude says a sentence before calling a tool, so the loop's second step is
     * refused (clearly, naming the item); answers that are only a call pass.
     */
    it("a tool loop with the AI SDK's default store", async () => {
      const run = generateText({ model: provider()(model), prompt, tools: { weather }, stopWhen: stepCountIs(3) });
      if (upstream === "openai") return void expect((await run).steps.length).toBe(2);
      await expect(run).rejects.toThrow(/'input\[1\]\.type': items are not stored/);
    });
  });
});
