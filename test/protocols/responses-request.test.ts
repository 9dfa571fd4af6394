import { describe, expect, it } from "vitest";
import { parseResponsesRequest, toChatRequest } from "../../src/protocols/openai-responses";
import aiSdkToolLoop from "./__fixtures__/ai-sdk-responses-tool-loop.request.json";
import openaiNodeToolOutput from "./__fixtures__/openai-node-responses-tool-output.request.json";
import openaiNodeTools from "./__fixtures__/openai-node-responses-tools.request.json";

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
