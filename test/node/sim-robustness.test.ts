import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { ANTHROPIC_HEADERS, OPENAI_HEADERS } from "../../sim/testing";

/** Issue 15: the simulator answered 500 (which the breaker then counted against the provider). */
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const ENDPOINTS = {
  chat: { path: "/v1/chat/completions", headers: OPENAI_HEADERS },
  messages: { path: "/v1/messages", headers: ANTHROPIC_HEADERS },
  responses: { path: "/v1/responses", headers: OPENAI_HEADERS },
  embeddings: { path: "/v1/embeddings", headers: OPENAI_HEADERS },
} as const;
const post = async (to: keyof typeof ENDPOINTS, body: string) => {
  const res = await fetch(sim.url + ENDPOINTS[to].path, { method: "POST", headers: ENDPOINTS[to].headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const nest = (n: number, leaf: string, wrap: (s: string) => string) =>
  Array.from({ length: n }).reduce<string>((s) => wrap(s), leaf);
const deepSchema = (n: number) =>
  nest(n, '{"type":"string"}', (s) => `{"type":"object","properties":{"a":${s}},"required":["a"]}`);

describe("deeply nested tool schemas get the provider's own 400", () => {
  it.each([10_000, 100])("%i levels", async (levels) => {
    const schema = deepSchema(levels);
    const chat = await post(
      "chat",
      `{"model":"m","messages":[{"role":"user","content":"get_w"}],"tools":[{"type":"function","function":{"name":"get_w","parameters":${schema}}}]}`,
    );
    const messages = await post(
      "messages",
      `{"model":"m","max_tokens":9,"messages":[{"role":"user","content":"get_w"}],"tools":[{"name":"get_w","input_schema":${schema}}]}`,
    );
    const responses = await post(
      "responses",
      `{"model":"m","input":"get_w","tools":[{"type":"function","name":"get_w","parameters":${schema}}]}`,
    );
    for (const r of [chat, messages, responses]) expect(r.status).toBe(400);
    expect(chat.body.error.type).toBe("invalid_request_error");
    expect(messages.body).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    if (levels === 100) {
      expect(chat.body.error).toMatchObject({
        param: "tools[0].function.parameters",
        code: "invalid_function_parameters",
        message: expect.stringMatching(/nested more than 64 levels/),
      });
      expect(messages.body.error.message).toMatch(/^tools\.0\.custom\.input_schema: JSON schema is invalid/);
      expect(responses.body.error.param).toBe("tools[0].parameters");
    }
  });

  it("a schema nested 30 levels is still answered", async () => {
    const r = await post(
      "chat",
      `{"model":"m","messages":[{"role":"user","content":"get_w"}],"tools":[{"type":"function","function":{"name":"get_w","parameters":${deepSchema(30)}}}],"tool_choice":"required"}`,
    );
    expect(r.status).toBe(200);
  });
});

describe("malformed tools and tool calls get a 400 naming the field", () => {
  const J = JSON.stringify;
  it.each([
    [
      "parameters that are a string",
      J({
        model: "m",
        messages: [{ role: "user", content: "x" }],
        tools: [{ type: "function", function: { name: "f", parameters: "x" } }],
      }),
      "tools[0].function.parameters",
    ],
    [
      "properties that are a string",
      J({
        model: "m",
        messages: [{ role: "user", content: "x" }],
        tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: "zz" } } }],
      }),
      "tools[0].function.parameters",
    ],
    [
      "anyOf with null",
      J({
        model: "m",
        messages: [{ role: "user", content: "x" }],
        tools: [
          {
            type: "function",
            function: { name: "f", parameters: { type: "object", properties: { a: { anyOf: [null] } } } },
          },
        ],
      }),
      "tools[0].function.parameters",
    ],
    [
      "items that are a string",
      J({
        model: "m",
        messages: [{ role: "user", content: "x" }],
        tools: [
          {
            type: "function",
            function: { name: "f", parameters: { type: "object", properties: { a: { type: "array", items: "q" } } } },
          },
        ],
      }),
      "tools[0].function.parameters",
    ],
    [
      "a json_schema that is a string",
      J({
        model: "m",
        messages: [{ role: "user", content: "json" }],
        response_format: { type: "json_schema", json_schema: { name: "a", schema: "s" } },
      }),
      "response_format",
    ],
    [
      "tool_calls that are a string",
      J({
        model: "m",
        messages: [
          { role: "user", content: "x" },
          { role: "assistant", content: "x", tool_calls: "abc" },
        ],
      }),
      "messages[1].tool_calls",
    ],
    [
      "a tool call without arguments",
      J({
        model: "m",
        messages: [
          { role: "user", content: "x" },
          { role: "assistant", tool_calls: [{ id: "a", type: "function", function: { name: "f" } }] },
        ],
      }),
      "messages[1].tool_calls[0].function.arguments",
    ],
  ])("chat: %s", async (_name, body, param) => {
    const r = await post("chat", body);
    expect(r.status).toBe(400);
    expect(r.body.error.param).toBe(param);
  });

  const use = { role: "assistant", content: [{ type: "tool_use", id: "a", name: "x", input: {} }] };
  it.each([
    [
      "a tool_result whose content is a number",
      [{ type: "tool_result", tool_use_id: "a", content: 5 }],
      /^messages\.2\.content\.0\.content: /,
    ],
    [
      "a tool_result whose content holds null",
      [{ type: "tool_result", tool_use_id: "a", content: [null] }],
      /^messages\.2\.content\.0\.content\.0: /,
    ],
    [
      "a tool_result whose content is an object",
      [{ type: "tool_result", tool_use_id: "a", content: {} }],
      /^messages\.2\.content\.0\.content: /,
    ],
  ])("messages: %s", async (_name, content, message) => {
    const r = await post(
      "messages",
      JSON.stringify({
        model: "m",
        max_tokens: 9,
        messages: [{ role: "user", content: "hi" }, use, { role: "user", content }],
      }),
    );
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(message);
  });
});

/** A valid body with one field replaced by a random JSON value. */
const VALID = {
  chat: {
    model: "m",
    messages: [{ role: "user", content: "get_w" }],
    tools: [
      {
        type: "function",
        function: { name: "get_w", parameters: { type: "object", properties: { a: { type: "string" } } } },
      },
    ],
    response_format: { type: "text" },
  },
  messages: {
    model: "m",
    max_tokens: 9,
    system: "s",
    messages: [
      { role: "user", content: "hi" },
      { role: "assistant", content: [{ type: "tool_use", id: "a", name: "x", input: {} }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "a", content: "ok" }] },
    ],
    tools: [{ name: "x", input_schema: { type: "object" } }],
  },
  responses: {
    model: "m",
    input: [
      { role: "user", content: [{ type: "input_text", text: "x" }] },
      { type: "function_call", call_id: "c", name: "f", arguments: "{}" },
      { type: "function_call_output", call_id: "c", output: "ok" },
    ],
    tools: [{ type: "function", name: "f", parameters: { type: "object" } }],
    text: { format: { type: "text" } },
  },
  embeddings: { model: "text-embedding-3-small", input: ["a", "b"], dimensions: 8 },
};

function mutate(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = path;
  (copy as Record<string | number, unknown>)[head] = mutate(
    (value as Record<string | number, unknown>)?.[head],
    rest,
    replacement,
  );
  return copy;
}

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}

describe("bounded fuzz: a random value anywhere in a valid body never gets a 5xx", () => {
  it.each(Object.keys(VALID) as (keyof typeof VALID)[])("%s", async (endpoint) => {
    const base = VALID[endpoint];
    const all = paths(base);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...all), fc.jsonValue({ maxDepth: 3 }), async (path, replacement) => {
        const r = await post(endpoint, JSON.stringify(mutate(base, path, replacement)));
        expect(r.status, JSON.stringify({ path, replacement, body: r.body })).toBeLessThan(500);
      }),
      { numRuns: 150, seed: 14 },
    );
  });
});
