/**
 * The router as a client app sees it: the official openai SDK pointed at `wrangler dev`, which
 * routes to the provider simulator. Both providers, streaming and not, tools, json_schema, and the
 * SDK's own typed errors for the router's error responses.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_KEY, startRouter, type RouterHarness } from "./harness";

let router: RouterHarness;
let client: OpenAI;

beforeAll(async () => {
  router = await startRouter();
  client = new OpenAI({ baseURL: `${router.url}/v1`, apiKey: E2E_KEY, maxRetries: 0 });
}, 120_000);

afterAll(async () => {
  await router?.stop();
});

const PROVIDERS = [
  { provider: "openai", model: "gpt-4o-mini" },
  { provider: "anthropic", model: "claude-haiku-4-5" },
] as const;

const weatherTool: OpenAI.Chat.ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

describe.each(PROVIDERS)("through $provider ($model)", ({ provider, model }) => {
  it("answers a non-streaming completion with usage and router headers", async () => {
    const { data, response } = await client.chat.completions
      .create({ model, messages: [{ role: "user", content: "Say hello to the team." }] })
      .withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.choices[0].message.role).toBe("assistant");
    expect(data.choices[0].message.content?.length).toBeGreaterThan(0);
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(data.usage?.completion_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-router-provider")).toBe(provider);
    expect(response.headers.get("x-router-model")).toBe(model);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("streams chunks, honours include_usage and ends cleanly", async () => {
    const stream = await client.chat.completions.create({
      model,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "Write two sentences about routing." }],
    });
    let text = "";
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined | null;
    let finish: string | null = null;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe("stop");
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("round-trips a tool call", async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: "user", content: "What is the weather in Paris? Use get_weather." },
    ];
    const first = await client.chat.completions.create({
      model,
      messages,
      tools: [weatherTool],
      tool_choice: "required",
    });
    const call = first.choices[0].message.tool_calls?.[0];
    expect(first.choices[0].finish_reason).toBe("tool_calls");
    expect(call?.type).toBe("function");
    if (call?.type !== "function") throw new Error("expected a function call");
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toHaveProperty("city");
    messages.push(first.choices[0].message, {
      role: "tool",
      tool_call_id: call.id,
      content: '{"temp_c": 18, "sky": "clear"}',
    });
    const second = await client.chat.completions.create({ model, messages, tools: [weatherTool] });
    expect(second.choices[0].finish_reason).toBe("stop");
    expect(second.choices[0].message.content?.length).toBeGreaterThan(0);
  });

  it("streams a tool call as deltas", async () => {
    const stream = await client.chat.completions.create({
      model,
      stream: true,
      tools: [weatherTool],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      messages: [{ role: "user", content: "Weather in Oslo?" }],
    });
    let name = "";
    let args = "";
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.tool_calls?.[0];
      if (delta?.function?.name) name += delta.function.name;
      if (delta?.function?.arguments) args += delta.function.arguments;
    }
    expect(name).toBe("get_weather");
    expect(JSON.parse(args)).toHaveProperty("city");
  });

  it("returns JSON matching a json_schema response_format", async () => {
    const res = await client.chat.completions.create({
      model,
      messages: [
        { role: "user", content: "Extract the invoice number and total: Invoice INV-2291, total 1,240.50 EUR." },
      ],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "invoice",
          strict: true,
          schema: {
            type: "object",
            properties: { invoice_number: { type: "string" }, total: { type: "number" } },
            required: ["invoice_number", "total"],
            additionalProperties: false,
          },
        },
      },
    });
    const parsed = JSON.parse(res.choices[0].message.content ?? "");
    expect(typeof parsed.invoice_number).toBe("string");
    expect(typeof parsed.total).toBe("number");
  });
});

describe("routing", () => {
  it("routes model 'auto' and says how in the headers", async () => {
    const { response } = await client.chat.completions
      .create({
        model: "auto",
        messages: [
          { role: "user", content: "Classify this ticket as billing, technical or general: 'I was charged twice.'" },
        ],
      })
      .withResponse();
    expect(response.headers.get("x-router-rule")).toBeTruthy();
    expect(response.headers.get("x-router-category")).toBeTruthy();
    expect(response.headers.get("x-router-model")).toBeTruthy();
  });

  it("lists models and aliases", async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toContain("auto");
    expect(ids).toContain("gpt-4o-mini");
  });
});

describe("errors surface as the SDK's typed errors", () => {
  it("AuthenticationError for a wrong key", async () => {
    const bad = new OpenAI({ baseURL: `${router.url}/v1`, apiKey: "mr-wrong", maxRetries: 0 });
    await expect(
      bad.chat.completions.create({ model: "auto", messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("BadRequestError naming the field for a wrong type", async () => {
    const err = await client.chat.completions
      .create({ model: "auto", messages: [{ role: "user", content: "hi" }], temperature: "hot" as unknown as number })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.param).toBe("temperature");
  });

  it("NotFoundError for an unknown model", async () => {
    const err = await client.chat.completions
      .create({ model: "gpt-9-ultra", messages: [{ role: "user", content: "hi" }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err.message).toMatch(/\/v1\/models/);
  });

  it("RateLimitError when every provider is rate limited", async () => {
    await fetch(`${router.simUrl}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "*", fault: { kind: "status", status: 429, retryAfterMs: 1 }, count: 50 }),
    });
    try {
      const err = await client.chat.completions
        .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })
        .catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    } finally {
      await fetch(`${router.simUrl}/_sim/faults`, { method: "DELETE" });
    }
  });
});
