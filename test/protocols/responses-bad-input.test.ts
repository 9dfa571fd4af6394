import { describe, expect, it } from "vitest";
import { parseResponsesRequest, toChatRequest } from "../../src/protocols/openai-responses";
import { routerError } from "./helpers";

const translate = (body: unknown) => toChatRequest(parseResponsesRequest(body));

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
