import { describe, expect, it } from "vitest";
import { toAnthropicMessage } from "../../src/protocols/anthropic-messages";
import { toChatCompletion } from "../../src/providers/anthropic/convert-anthropic-response";
import completion from "../providers/__fixtures__/openai-completion.json";
import toolCompletion from "../providers/__fixtures__/openai-tool-completion.json";
import anthropicMessage from "../providers/__fixtures__/anthropic-message.json";
import anthropicToolUse from "../providers/__fixtures__/anthropic-tool-use.json";
import { completionJson, routerError } from "./helpers";

describe("chat completion → Anthropic message", () => {
  it("an OpenAI text answer (recorded): one text block, end_turn, cached tokens split out", () => {
    expect(toAnthropicMessage(completion)).toEqual({
      id: "msg_B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
      type: "message",
      role: "assistant",
      model: "gpt-4o-mini-2024-07-18",
      content: [{ type: "text", text: "The capital of France is Paris." }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 93, cache_creation_input_tokens: 0, cache_read_input_tokens: 1024, output_tokens: 8 },
    });
  });

  it("an OpenAI tool call (recorded): a tool_use block with parsed input, stop_reason tool_use", () => {
    const m = toAnthropicMessage(toolCompletion);
    expect(m.content).toEqual([
      {
        type: "tool_use",
        id: "call_Vf3WGmcG5oTnmNmsGMjYDs8P",
        name: "get_weather",
        input: { location: "Paris, France", unit: "celsius" },
      },
    ]);
    expect(m.stop_reason).toBe("tool_use");
  });

  it("an Anthropic answer through the Anthropic adapter comes back as it was (recorded)", () => {
    for (const original of [anthropicMessage, anthropicToolUse]) {
      const back = toAnthropicMessage(toChatCompletion(original as never, 0).body);
      expect(back.id).toBe(original.id);
      expect(back.content).toEqual(original.content.filter((b) => b.type === "text" || b.type === "tool_use"));
      expect(back.stop_reason).toBe(original.stop_reason);
      const u = original.usage;
      expect(back.usage.input_tokens + back.usage.cache_read_input_tokens).toBe(
        u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0),
      );
      expect(back.usage.cache_read_input_tokens).toBe(u.cache_read_input_tokens ?? 0);
    }
  });

  it("maps length, content_filter and refusals; keeps arguments that are not JSON", () => {
    const base = { id: "chatcmpl-x", created: 1, model: "m", usage: { prompt: 5, completion: 1, cached: 0 } };
    expect(toAnthropicMessage(completionJson({ ...base, content: "Par", finish: "length" })).stop_reason).toBe(
      "max_tokens",
    );
    expect(toAnthropicMessage(completionJson({ ...base, content: "", finish: "content_filter" })).stop_reason).toBe(
      "refusal",
    );
    const refused = toAnthropicMessage(completionJson({ ...base, content: null, refusal: "No.", finish: "stop" }));
    expect(refused).toMatchObject({ content: [{ type: "text", text: "No." }], stop_reason: "refusal" });
    const broken = toAnthropicMessage(
      completionJson({
        ...base,
        content: null,
        toolCalls: [{ id: "c", name: "f", arguments: '{"a":' }],
        finish: "tool_calls",
      }),
    );
    expect(broken.content).toEqual([{ type: "tool_use", id: "c", name: "f", input: { _raw: '{"a":' } }]);
  });

  it("a body that is not a chat completion is a 502", () => {
    expect(routerError(() => toAnthropicMessage({ id: "x" })).status).toBe(502);
  });
});
