import { describe, expect, it } from "vitest";
import { anthropicError, parseMessagesRequest, toChatRequest } from "../../src/protocols/anthropic-messages";
import { routerError } from "./helpers";

const translate = (body: unknown) => toChatRequest(parseMessagesRequest(body));

const user = { role: "user", content: "Hi" };
/** [name, body, param (Anthropic path), message fragment] */
const BAD: [string, unknown, string | null, RegExp][] = [
  ["no max_tokens", { model: "m", messages: [user] }, "max_tokens", /Field required/],
  ["no messages", { model: "m", max_tokens: 5 }, "messages", /Field required/],
  [
    "an extra top-level field",
    { model: "m", max_tokens: 5, messages: [user], foo: 1 },
    "foo",
    /Extra inputs are not permitted/,
  ],
  [
    "a message with an extra field",
    { model: "m", max_tokens: 5, messages: [{ ...user, name: "x" }] },
    "messages.0.name",
    /Extra inputs/,
  ],
  [
    "a system role",
    { model: "m", max_tokens: 5, messages: [{ role: "system", content: "x" }] },
    "messages.0.role",
    /Invalid option/,
  ],
  [
    "an unknown block type",
    { model: "m", max_tokens: 5, messages: [{ role: "user", content: [{ type: "bogus" }] }] },
    "messages.0.content.0.type",
    /Input tag 'bogus'/,
  ],
  [
    "a block that is not an object",
    { model: "m", max_tokens: 5, messages: [{ role: "user", content: ["x"] }] },
    "messages.0.content.0",
    /valid dictionary/,
  ],
  [
    "a text block without text",
    { model: "m", max_tokens: 5, messages: [{ role: "user", content: [{ type: "text" }] }] },
    "messages.0.content.0.text",
    /Field required/,
  ],
  [
    "an image with a bad source",
    {
      model: "m",
      max_tokens: 5,
      messages: [{ role: "user", content: [{ type: "image", source: { type: "file", file_id: "f" } }] }],
    },
    "messages.0.content.0.source.type",
    /discriminator/,
  ],
  [
    "a tool_result without its tool_use",
    { model: "m", max_tokens: 5, messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "t9" }] }] },
    "messages.0.content.0",
    /corresponding `tool_use`/,
  ],
  [
    "a tool_use without its result",
    {
      model: "m",
      max_tokens: 5,
      messages: [user, { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "f", input: {} }] }, user],
    },
    "messages.1",
    /without `tool_result`/,
  ],
  [
    "a tool_use in a user turn",
    {
      model: "m",
      max_tokens: 5,
      messages: [{ role: "user", content: [{ type: "tool_use", id: "t", name: "f", input: {} }] }],
    },
    "messages.0.content.0",
    /only appear in assistant/,
  ],
  [
    "text before a tool_result",
    {
      model: "m",
      max_tokens: 5,
      messages: [
        user,
        { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "f", input: {} }] },
        {
          role: "user",
          content: [
            { type: "text", text: "x" },
            { type: "tool_result", tool_use_id: "t1" },
          ],
        },
      ],
    },
    "messages.2.content.1",
    /must come first/,
  ],
  [
    "thinking",
    { model: "m", max_tokens: 5, messages: [user], thinking: { type: "enabled", budget_tokens: 1024 } },
    "thinking",
    /Extended thinking/,
  ],
  [
    "a thinking block",
    {
      model: "m",
      max_tokens: 5,
      messages: [user, { role: "assistant", content: [{ type: "thinking", thinking: "x", signature: "s" }] }],
    },
    "messages.1.content.0.type",
    /Thinking blocks/,
  ],
  [
    "a server tool",
    { model: "m", max_tokens: 5, messages: [user], tools: [{ type: "web_search_20250305", name: "web_search" }] },
    "tools.0.type",
    /Server tools/,
  ],
  [
    "MCP servers",
    { model: "m", max_tokens: 5, messages: [user], mcp_servers: [{ type: "url", url: "https://x", name: "x" }] },
    "mcp_servers",
    /MCP/,
  ],
  [
    "a tool_choice naming no tool",
    {
      model: "m",
      max_tokens: 5,
      messages: [user],
      tools: [{ name: "f", input_schema: { type: "object" } }],
      tool_choice: { type: "tool", name: "g" },
    },
    "tool_choice.name",
    /not found/,
  ],
  [
    "temperature above 1",
    { model: "m", max_tokens: 5, messages: [user], temperature: 1.5 },
    "temperature",
    /less than or equal|<=/,
  ],
  [
    "citations",
    {
      model: "m",
      max_tokens: 5,
      messages: [
        {
          role: "user",
          content: [{ type: "document", source: { type: "text", data: "x" }, citations: { enabled: true } }],
        },
      ],
    },
    "messages.0.content.0.citations",
    /Citations/,
  ],
];

describe("bad Messages requests get Anthropic's 400 naming the field", () => {
  it.each(BAD)("%s", (_name, body, param, message) => {
    const err = routerError(() => translate(body));
    expect(err.status).toBe(400);
    expect(err.param).toBe(param);
    const { status, body: json } = anthropicError(err, "req_1");
    expect(status).toBe(400);
    expect(json).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: expect.stringMatching(message) },
      request_id: "req_1",
    });
    expect((json.error as { message: string }).message.startsWith(`${param}: `)).toBe(true);
  });

  it("count_tokens bodies need no max_tokens", () => {
    expect(parseMessagesRequest({ model: "m", messages: [user] }, { countTokens: true })).toEqual({
      model: "m",
      messages: [user],
    });
  });

  it("a body that is not an object", () => {
    for (const body of [null, "x", [user]]) expect(routerError(() => parseMessagesRequest(body)).status).toBe(400);
  });
});
