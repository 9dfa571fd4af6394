import { describe, expect, it } from "vitest";
import { parseMessagesRequest, toChatRequest } from "../../src/protocols/anthropic-messages";
import toolResult from "./__fixtures__/anthropic-sdk-messages-tool-result.request.json";
import tools from "./__fixtures__/anthropic-sdk-messages-tools.request.json";

const translate = (body: unknown) => toChatRequest(parseMessagesRequest(body));
const weather = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather forecast for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

describe("Messages request → chat request (payloads recorded from @anthropic-ai/sdk)", () => {
  it("system blocks, a text and a base64 image, tools, sampling, stop sequences, user id", () => {
    expect(translate(tools)).toEqual({
      model: "claude-sonnet-4-5",
      messages: [
        { role: "system", content: [{ type: "text", text: "You are terse." }] },
        {
          role: "user",
          content: [
            { type: "text", text: "What's the weather in Rome? Use get_weather." },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          ],
        },
      ],
      max_completion_tokens: 512,
      stop: ["\n\nHuman:"],
      temperature: 0.2,
      user: "u-42",
      tools: [weather],
      tool_choice: "auto",
    });
  });

  it("tool_use and tool_result: tool messages first, the rest of the turn after them", () => {
    const use = toolResult.messages[1].content[1] as { id: string };
    expect(translate(toolResult)).toEqual({
      model: "claude-sonnet-4-5",
      messages: [
        { role: "user", content: "What's the weather in Rome? Use get_weather." },
        {
          role: "assistant",
          content: "I'll use the get_weather tool for this.",
          tool_calls: [
            { id: use.id, type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: "tool", tool_call_id: use.id, content: [{ type: "text", text: '{"temp_c":22}' }] },
        { role: "user", content: [{ type: "text", text: "Thanks!" }] },
      ],
      max_completion_tokens: 512,
      stream: true,
      stream_options: { include_usage: true },
      tools: [weather],
    });
  });

  const use = { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "snap", input: {} }] };
  const base = { model: "m", max_tokens: 100, tools: [{ name: "snap", input_schema: { type: "object" } }] };

  it("an error result is marked; an image in a result follows in the user turn", () => {
    const chat = translate({
      ...base,
      messages: [
        { role: "user", content: "Take a screenshot" },
        use,
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "t1",
              is_error: false,
              content: [{ type: "image", source: { type: "url", url: "https://x/s.png" } }],
            },
          ],
        },
      ],
    });
    expect(chat.messages.slice(2)).toEqual([
      { role: "tool", tool_call_id: "t1", content: [{ type: "text", text: "(the result is the image that follows)" }] },
      { role: "user", content: [{ type: "image_url", image_url: { url: "https://x/s.png" } }] },
    ]);
    const failed = translate({
      ...base,
      messages: [
        { role: "user", content: "x" },
        use,
        { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", is_error: true, content: "denied" }] },
      ],
    });
    expect(failed.messages[2]).toEqual({ role: "tool", tool_call_id: "t1", content: "Error: denied" });
  });

  it("tool_choice any/tool/none and disable_parallel_tool_use; top_k kept; PDFs as file parts", () => {
    expect(
      translate({
        ...base,
        messages: [{ role: "user", content: "x" }],
        tool_choice: { type: "any", disable_parallel_tool_use: true },
      }),
    ).toMatchObject({
      tool_choice: "required",
      parallel_tool_calls: false,
    });
    expect(
      translate({ ...base, messages: [{ role: "user", content: "x" }], tool_choice: { type: "tool", name: "snap" } })
        .tool_choice,
    ).toEqual({
      type: "function",
      function: { name: "snap" },
    });
    expect(
      translate({ ...base, messages: [{ role: "user", content: "x" }], tool_choice: { type: "none" } }).tool_choice,
    ).toBe("none");
    expect(
      translate({ model: "m", max_tokens: 5, top_k: 40, messages: [{ role: "user", content: "x" }] }),
    ).toMatchObject({ top_k: 40 });
    const pdf = translate({
      model: "m",
      max_tokens: 5,
      messages: [
        {
          role: "user",
          content: [
            {
              type: "document",
              title: "a.pdf",
              source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" },
            },
          ],
        },
      ],
    });
    expect(pdf.messages[0].content).toEqual([
      { type: "file", file: { file_data: "data:application/pdf;base64,JVBERi0=", filename: "a.pdf" } },
    ]);
  });
});
