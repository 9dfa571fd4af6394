import { describe, expect, it } from "vitest";
import type { ChatCompletionRequest } from "../../src/core/chat";
import { ProviderError } from "../../src/core/errors";
import { createAnthropicProvider, messagesUrl } from "../../src/providers/anthropic/anthropic-provider";
import { buildAnthropicBody } from "../../src/providers/anthropic/build-anthropic-request";
import message from "./__fixtures__/anthropic-message.json";
import { fakeFetch, jsonResponse, makeTarget } from "./helpers";

const target = makeTarget({
  providerId: "anthropic",
  modelId: "claude-haiku",
  upstreamModel: "claude-3-5-haiku-20241022",
  baseUrl: "https://api.anthropic.test",
  apiKey: "sk-ant-api03-TESTKEY-abcdef",
  maxOutputTokens: 8192,
});
const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
  },
};
const user = (content: string): ChatCompletionRequest["messages"][number] => ({ role: "user", content });
const body = (extra: Partial<ChatCompletionRequest>, t = target) =>
  buildAnthropicBody({ model: "auto", messages: [user("Hi")], ...extra } as ChatCompletionRequest, t, false);

describe("anthropic request translation", () => {
  it("translates a full tool conversation exactly, and sends it with the Anthropic headers", async () => {
    const req = {
      model: "auto",
      messages: [
        { role: "system", content: "You are a travel assistant." },
        { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
        {
          role: "user",
          content: [
            { type: "text", text: "What is the weather in these two cities?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            { type: "image_url", image_url: { url: "https://example.com/lyon.jpg", detail: "low" } },
          ],
        },
        { role: "user", content: "Paris and Lyon." },
        {
          role: "assistant",
          content: "Je vérifie.",
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"location":"Paris"}' } },
            { id: "call_2", type: "function", function: { name: "get_weather", arguments: '{"location":"Lyon"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "18°C, sunny" },
        { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "15°C, rain" }] },
        { role: "user", content: "Which is warmer?" },
      ],
      tools: [weatherTool],
      tool_choice: "required",
      parallel_tool_calls: false,
      stop: "END",
      temperature: 1.4,
      top_p: 0.9,
      max_tokens: 300,
      user: "user-7",
      seed: 7,
      n: 1,
      presence_penalty: 0.5,
      metadata: { team: "search" },
    } satisfies ChatCompletionRequest;

    const { fetch, calls } = fakeFetch(() => jsonResponse(200, message));
    await createAnthropicProvider().complete(req, { ...target, fetch, headers: { "anthropic-beta": "x-test" } });

    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe("https://api.anthropic.test/v1/messages");
    expect(calls[0].method).toBe("POST");
    expect(calls[0].headers).toMatchObject({
      "x-api-key": "sk-ant-api03-TESTKEY-abcdef",
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
      "anthropic-beta": "x-test",
    });
    expect(calls[0].headers.authorization).toBeUndefined();
    expect(calls[0].body).toEqual({
      model: "claude-3-5-haiku-20241022",
      max_tokens: 300,
      system: "You are a travel assistant.\n\nAnswer in French.",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is the weather in these two cities?" },
            { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
            { type: "image", source: { type: "url", url: "https://example.com/lyon.jpg" } },
            { type: "text", text: "Paris and Lyon." },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Je vérifie." },
            { type: "tool_use", id: "call_1", name: "get_weather", input: { location: "Paris" } },
            { type: "tool_use", id: "call_2", name: "get_weather", input: { location: "Lyon" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "call_1", content: "18°C, sunny" },
            { type: "tool_result", tool_use_id: "call_2", content: "15°C, rain" },
            { type: "text", text: "Which is warmer?" },
          ],
        },
      ],
      stop_sequences: ["END"],
      temperature: 1,
      top_p: 0.9,
      metadata: { user_id: "user-7" },
      tools: [
        {
          name: "get_weather",
          description: "Current weather for a city",
          input_schema: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
        },
      ],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    });
  });

  it("keeps a plain conversation minimal and marks streams", () => {
    const messages: ChatCompletionRequest["messages"] = [
      user("Hi"),
      { role: "assistant", content: "Hello!" },
      user("Bye"),
    ];
    const req = { model: "auto", messages, stream: true } as ChatCompletionRequest;
    expect(buildAnthropicBody(req, target, true)).toEqual({
      model: "claude-3-5-haiku-20241022",
      max_tokens: 4096,
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!" },
        { role: "user", content: "Bye" },
      ],
      stream: true,
    });
  });

  it("max_tokens: default 4096, client value preferred (max_completion_tokens first), capped by the model", () => {
    expect(body({}).max_tokens).toBe(4096);
    expect(body({}, { ...target, maxOutputTokens: 1024 }).max_tokens).toBe(1024);
    expect(body({}, { ...target, maxOutputTokens: undefined }).max_tokens).toBe(4096);
    expect(body({ max_tokens: 200, max_completion_tokens: 500 }).max_tokens).toBe(500);
    expect(body({ max_completion_tokens: 20_000 }).max_tokens).toBe(8192);
  });

  it.each([
    ["auto", undefined, { type: "auto" }],
    ["none", false, { type: "none" }],
    ["required", undefined, { type: "any" }],
    [
      { type: "function", function: { name: "get_weather" } },
      false,
      { type: "tool", name: "get_weather", disable_parallel_tool_use: true },
    ],
    [undefined, false, { type: "auto", disable_parallel_tool_use: true }],
    [undefined, undefined, undefined],
  ] as const)("tool_choice %j (parallel %s) → %j", (choice, parallel, expected) => {
    const out = body({
      tools: [weatherTool],
      tool_choice: choice as ChatCompletionRequest["tool_choice"],
      parallel_tool_calls: parallel,
    });
    expect(out.tool_choice).toEqual(expected);
  });

  it("sends no tool_choice without tools, and an empty object schema for a tool without parameters", () => {
    expect(body({ tool_choice: "required" }).tool_choice).toBeUndefined();
    const out = body({ tools: [{ type: "function", function: { name: "now" } }] });
    expect(out.tools).toEqual([{ name: "now", input_schema: { type: "object", properties: {} } }]);
  });

  it("stop arrays pass as stop_sequences", () => {
    expect(body({ stop: ["\n\nHuman:", "END"] }).stop_sequences).toEqual(["\n\nHuman:", "END"]);
  });

  it("response_format becomes a system instruction after the client's system text", () => {
    const json = body({
      messages: [{ role: "system", content: "Extract." }, user("Ann, 31")],
      response_format: { type: "json_object" },
    });
    expect(json.system).toBe(
      "Extract.\n\nRespond with a single valid JSON object and nothing else: no text before or after it, no Markdown code fences.",
    );
    const schema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };
    const withSchema = body({
      response_format: { type: "json_schema", json_schema: { name: "person", schema, strict: true } },
    });
    expect(withSchema.system).toBe(
      "Respond with a single valid JSON object and nothing else: no text before or after it, no Markdown code fences." +
        ` The object must conform to this JSON Schema (person):\n${JSON.stringify(schema)}`,
    );
    expect(body({ response_format: { type: "text" } }).system).toBeUndefined();
  });

  it("inline PDFs become document blocks", () => {
    const out = body({
      messages: [
        {
          role: "user",
          content: [{ type: "file", file: { filename: "a.pdf", file_data: "data:application/pdf;base64,JVBERi0=" } }],
        },
      ],
    });
    expect(out.messages).toEqual([
      {
        role: "user",
        content: [{ type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" } }],
      },
    ]);
  });

  it("drops empty assistant turns and merges the user turns around them", () => {
    const out = body({ messages: [user("a"), { role: "assistant", content: "" }, user("b")] });
    expect(out.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "a" },
          { type: "text", text: "b" },
        ],
      },
    ]);
  });

  it.each([
    ["audio", [{ type: "input_audio", input_audio: { data: "UklGR", format: "wav" } }]],
    ["an ftp image", [{ type: "image_url", image_url: { url: "ftp://example.com/a.png" } }]],
    ["a non-base64 data URL", [{ type: "image_url", image_url: { url: "data:image/svg+xml,%3Csvg%3E" } }]],
    ["a file by id", [{ type: "file", file: { file_id: "file-abc" } }]],
  ])("rejects %s as bad_request", (_name, content) => {
    const call = () => body({ messages: [{ role: "user", content } as ChatCompletionRequest["messages"][number]] });
    expect(call).toThrow(ProviderError);
    expect(call).toThrow(expect.objectContaining({ kind: "bad_request", provider: "anthropic" }));
  });

  it("rejects tool call arguments that are not JSON", () => {
    const messages: ChatCompletionRequest["messages"] = [
      user("x"),
      { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{oops" } }] },
    ];
    expect(() => body({ messages })).toThrow(expect.objectContaining({ kind: "bad_request" }));
  });

  it("builds the messages URL from the base URL", () => {
    expect(messagesUrl("https://api.anthropic.com")).toBe("https://api.anthropic.com/v1/messages");
    expect(messagesUrl("http://127.0.0.1:9999/")).toBe("http://127.0.0.1:9999/v1/messages");
    expect(messagesUrl("https://proxy.example/anthropic/v1")).toBe("https://proxy.example/anthropic/v1/messages");
  });
});
