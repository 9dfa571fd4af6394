import { describe, expect, it } from "vitest";
import { parseResponsesRequest, toChatRequest } from "../../src/protocols/openai-responses";
import aiSdkToolLoop from "./__fixtures__/ai-sdk-responses-tool-loop.request.json";
import openaiNodeToolOutput from "./__fixtures__/openai-node-responses-tool-output.request.json";
import openaiNodeTools from "./__fixtures__/openai-node-responses-tools.request.json";
import { routerError } from "./helpers";

const translate = (body: unknown) => toChatRequest(parseResponsesRequest(body));
const weatherTool = (strict: boolean) => ({
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather forecast for a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
      additionalProperties: false,
    },
    strict,
  },
});

describe("Responses request → chat request (payloads recorded from the SDKs)", () => {
  it("openai-node: instructions, text and image parts, tools, sampling, metadata", () => {
    expect(translate(openaiNodeTools)).toEqual({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You are terse." },
        {
          role: "user",
          content: [
            { type: "text", text: "What's the weather in Rome? Use get_weather." },
            { type: "image_url", image_url: { url: "https://example.com/rome.jpg", detail: "low" } },
          ],
        },
      ],
      tools: [weatherTool(true)],
      tool_choice: "auto",
      max_completion_tokens: 200,
      temperature: 0.2,
      metadata: { team: "search" },
    });
  });

  it("openai-node: an echoed function_call item, its output, json_schema format, streaming with usage", () => {
    const call = openaiNodeToolOutput.input[1] as { call_id: string };
    expect(translate(openaiNodeToolOutput)).toEqual({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "What's the weather in Rome? Use get_weather." },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: call.call_id, type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: "tool", tool_call_id: call.call_id, content: '{"temp_c":22}' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      tools: [weatherTool(true)],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "weather",
          schema: {
            type: "object",
            properties: { summary: { type: "string" } },
            required: ["summary"],
            additionalProperties: false,
          },
          strict: true,
        },
      },
    });
  });

  it("the AI SDK's tool loop: a system item, function_call and its output", () => {
    const chat = translate(aiSdkToolLoop);
    expect(chat.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect(chat.messages[0]).toEqual({ role: "system", content: "Be brief." });
    expect(chat.tool_choice).toBe("auto");
    expect(chat.tools?.[0].function).toMatchObject({ name: "weather", strict: false });
  });

  it("a string input is one user message; parallel calls share one assistant message", () => {
    expect(translate({ model: "auto", input: "Hi" })).toEqual({
      model: "auto",
      messages: [{ role: "user", content: "Hi" }],
    });
    const chat = translate({
      model: "auto",
      input: [
        { role: "assistant", content: [{ type: "output_text", text: "Checking both.", annotations: [] }] },
        { type: "function_call", call_id: "a", name: "f", arguments: "{}" },
        { type: "function_call", call_id: "b", name: "f", arguments: "{}" },
        { type: "function_call_output", call_id: "b", output: [{ type: "input_text", text: "B" }] },
        { type: "function_call_output", call_id: "a", output: "A" },
        { type: "function_call", call_id: "c", name: "f", arguments: "{}" },
        { type: "function_call_output", call_id: "c", output: "C" },
      ],
    });
    expect(chat.messages).toEqual([
      {
        role: "assistant",
        content: "Checking both.",
        tool_calls: [
          { id: "a", type: "function", function: { name: "f", arguments: "{}" } },
          { id: "b", type: "function", function: { name: "f", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "b", content: [{ type: "text", text: "B" }] },
      { role: "tool", tool_call_id: "a", content: "A" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: "c", content: "C" },
    ]);
  });

  it("maps verbosity, reasoning effort and the pass-through identifiers", () => {
    const chat = translate({
      model: "auto",
      input: "Hi",
      text: { format: { type: "json_object" }, verbosity: "low" },
      reasoning: { effort: "high" },
      safety_identifier: "u1",
      prompt_cache_key: "k",
      service_tier: "flex",
      user: "u",
      top_p: 0.5,
      parallel_tool_calls: false,
    });
    expect(chat).toEqual({
      model: "auto",
      messages: [{ role: "user", content: "Hi" }],
      response_format: { type: "json_object" },
      verbosity: "low",
      reasoning_effort: "high",
      safety_identifier: "u1",
      prompt_cache_key: "k",
      service_tier: "flex",
      user: "u",
      top_p: 0.5,
    });
  });
});

const call = (id: string) => ({ type: "function_call", call_id: id, name: "f", arguments: "{}" });
const output = (id: string) => ({ type: "function_call_output", call_id: id, output: "ok" });
const user = { role: "user", content: "Hi" };

/** [name, body, param, code] */
const BAD: [string, unknown, string, string][] = [
  ["no input", { model: "m" }, "input", "missing_required_parameter"],
  ["input of the wrong type", { model: "m", input: 3 }, "input", "invalid_type"],
  ["an empty input", { model: "m", input: [] }, "input", "empty_array"],
  ["no model", { input: "x" }, "model", "missing_required_parameter"],
  ["an unknown parameter", { model: "m", input: "x", foo: 1 }, "foo", "unknown_parameter"],
  ["an unknown item type", { model: "m", input: [user, { type: "foo" }] }, "input[1].type", "invalid_value"],
  ["an item that is not an object", { model: "m", input: [user, "hi"] }, "input[1]", "invalid_type"],
  [
    "an item with neither type nor role",
    { model: "m", input: [{ content: "x" }] },
    "input[0].type",
    "missing_required_parameter",
  ],
  [
    "a message with an unknown role",
    { model: "m", input: [{ role: "tool", content: "x" }] },
    "input[0].role",
    "invalid_value",
  ],
  [
    "an unknown content part",
    { model: "m", input: [{ role: "user", content: [{ type: "input_txt", text: "x" }] }] },
    "input[0].content[0].type",
    "invalid_value",
  ],
  [
    "a text part without text",
    { model: "m", input: [{ role: "user", content: [{ type: "input_text" }] }] },
    "input[0].content[0].text",
    "missing_required_parameter",
  ],
  [
    "a function_call without call_id",
    { model: "m", input: [user, { type: "function_call", name: "f", arguments: "{}" }] },
    "input[1].call_id",
    "missing_required_parameter",
  ],
  ["an output without its call", { model: "m", input: [user, output("x")] }, "input[1].call_id", "invalid_value"],
  ["a call without its output", { model: "m", input: [user, call("a"), user] }, "input[1].call_id", "invalid_value"],
  ["a call left unanswered at the end", { model: "m", input: [user, call("a")] }, "input[1].call_id", "invalid_value"],
  [
    "an output after another message",
    { model: "m", input: [user, call("a"), user, output("a")] },
    "input[1].call_id",
    "invalid_value",
  ],
  [
    "a duplicate call id",
    { model: "m", input: [user, call("a"), call("a"), output("a")] },
    "input[2].call_id",
    "invalid_value",
  ],
  [
    "an item_reference",
    { model: "m", input: [user, { type: "item_reference", id: "msg_1" }] },
    "input[1].type",
    "unsupported_parameter",
  ],
  [
    "a reasoning item",
    { model: "m", input: [user, { type: "reasoning", id: "rs_1", summary: [] }] },
    "input[1].type",
    "unsupported_parameter",
  ],
  [
    "an image by file id",
    { model: "m", input: [{ role: "user", content: [{ type: "input_image", file_id: "file-1" }] }] },
    "input[0].content[0].file_id",
    "unsupported_parameter",
  ],
  [
    "an image in a function output",
    {
      model: "m",
      input: [
        user,
        call("a"),
        { type: "function_call_output", call_id: "a", output: [{ type: "input_image", image_url: "https://x/y.png" }] },
      ],
    },
    "input[2].output[0].type",
    "unsupported_parameter",
  ],
  [
    "previous_response_id",
    { model: "m", input: "x", previous_response_id: "resp_1" },
    "previous_response_id",
    "unsupported_parameter",
  ],
  ["store: true", { model: "m", input: "x", store: true }, "store", "unsupported_parameter"],
  ["conversation", { model: "m", input: "x", conversation: "conv_1" }, "conversation", "unsupported_parameter"],
  ["background", { model: "m", input: "x", background: true }, "background", "unsupported_parameter"],
  ["a prompt template", { model: "m", input: "x", prompt: { id: "pmpt_1" } }, "prompt", "unsupported_parameter"],
  ["truncation auto", { model: "m", input: "x", truncation: "auto" }, "truncation", "unsupported_parameter"],
  ["top_logprobs", { model: "m", input: "x", top_logprobs: 3 }, "top_logprobs", "unsupported_parameter"],
  [
    "include logprobs",
    { model: "m", input: "x", include: ["message.output_text.logprobs"] },
    "include[0]",
    "unsupported_parameter",
  ],
  [
    "a reasoning summary",
    { model: "m", input: "x", reasoning: { summary: "auto" } },
    "reasoning.summary",
    "unsupported_parameter",
  ],
  [
    "a built-in tool",
    { model: "m", input: "x", tools: [{ type: "web_search" }] },
    "tools[0].type",
    "unsupported_parameter",
  ],
  [
    "a function tool without a name",
    { model: "m", input: "x", tools: [{ type: "function" }] },
    "tools[0].name",
    "missing_required_parameter",
  ],
  [
    "a built-in tool_choice",
    { model: "m", input: "x", tools: [{ type: "function", name: "f" }], tool_choice: { type: "file_search" } },
    "tool_choice",
    "unsupported_parameter",
  ],
  [
    "a tool_choice naming no tool",
    { model: "m", input: "x", tools: [{ type: "function", name: "f" }], tool_choice: { type: "function", name: "g" } },
    "tool_choice",
    "invalid_value",
  ],
  [
    "a json_schema format without a name",
    { model: "m", input: "x", text: { format: { type: "json_schema", schema: {} } } },
    "text.format.name",
    "missing_required_parameter",
  ],
  ["max_output_tokens of 0", { model: "m", input: "x", max_output_tokens: 0 }, "max_output_tokens", "invalid_value"],
  ["temperature above 2", { model: "m", input: "x", temperature: 3 }, "temperature", "invalid_value"],
];

describe("bad Responses requests get OpenAI's 400 naming the parameter", () => {
  it.each(BAD)("%s", (_name, body, param, code) => {
    const err = routerError(() => translate(body));
    expect(err.status).toBe(400);
    expect(err.toJSON()).toEqual({
      error: { message: expect.any(String), type: "invalid_request_error", param, code },
    });
    expect(err.message.length).toBeGreaterThan(10);
  });

  it("a body that is not an object (malformed JSON parses to something else)", () => {
    for (const body of [null, "text", [1, 2], 42])
      expect(routerError(() => parseResponsesRequest(body)).status).toBe(400);
  });

  it("says why a stateful parameter is refused", () => {
    expect(routerError(() => translate({ model: "m", input: "x", previous_response_id: "r" })).message).toMatch(
      /keeps no conversation state; send the whole conversation in 'input'/,
    );
  });
});
