import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";

let sim: Simulator;
let client: OpenAI;
beforeAll(async () => {
  sim = await startSimulator();
  client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: "sk-sim", maxRetries: 0 });
});
afterAll(() => sim.close());

const messages = [{ role: "user" as const, content: "What's the weather forecast in Rome?" }];
const tools = [
  {
    type: "function" as const,
    function: {
      name: "get_weather",
      description: "Weather forecast for a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];

it("is read by the official openai SDK, streaming and not, tool calls included", async () => {
  const plain = await client.chat.completions.create({
    model: "gpt-sdk",
    messages: [{ role: "user", content: "echo: hi there" }],
  });
  expect(plain.choices[0].message.content).toBe("hi there");
  const stream = client.chat.completions.stream({
    model: "gpt-sdk",
    messages,
    tools,
    stream_options: { include_usage: true },
  });
  const final = await stream.finalChatCompletion();
  expect(final.choices[0].message.tool_calls?.[0]).toMatchObject({
    type: "function",
    function: { name: "get_weather", arguments: '{"city":"Rome"}' },
  });
  expect(final.usage?.prompt_tokens).toBeGreaterThan(0);
});

it("raises the SDK's typed errors for simulated failures", async () => {
  await expect(client.chat.completions.create({ model: "gpt-sdk~fail429:10", messages })).rejects.toBeInstanceOf(
    OpenAI.RateLimitError,
  );
  await expect(client.chat.completions.create({ model: "gpt-sdk~fail503", messages })).rejects.toBeInstanceOf(
    OpenAI.InternalServerError,
  );
  await expect(client.chat.completions.create({ model: "gpt-sdk", messages: [] })).rejects.toBeInstanceOf(
    OpenAI.BadRequestError,
  );
  const cut = await client.chat.completions.create({ model: "gpt-sdk~cut3", messages, stream: true });
  await expect(
    (async () => {
      for await (const _ of cut);
    })(),
  ).rejects.toThrow();
});
