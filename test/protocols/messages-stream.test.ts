import { describe, expect, it } from "vitest";
import { MessagesStreamTranslator } from "../../src/protocols/anthropic-messages";
import { AnthropicStreamTranslator } from "../../src/providers/anthropic/anthropic-stream-translator";
import anthropicText from "../providers/__fixtures__/anthropic-text.chunks.txt?raw";
import anthropicToolUse from "../providers/__fixtures__/anthropic-tool-use.chunks.txt?raw";
import openaiText from "../providers/__fixtures__/openai-text.chunks.txt?raw";
import openaiTools from "../providers/__fixtures__/openai-tool-calls.chunks.txt?raw";
import { type SseEvent, sseEvents, translate } from "./helpers";

const translator = () => new MessagesStreamTranslator({ fallbackId: "req_1", inputTokens: 12 });

/** The message an Anthropic client builds from the events (as the SDK's accumulator does). */
function accumulate(events: SseEvent[]) {
  const start = events[0].data.message as { id: string } & Record<string, unknown>;
  const content: Record<string, unknown>[] = [];
  const json: string[] = [];
  let delta: Record<string, unknown> = {};
  for (const { event, data } of events) {
    if (event === "content_block_start") content[data.index as number] = { ...(data.content_block as object) };
    if (event === "content_block_delta") {
      const d = data.delta as { type: string; text?: string; partial_json?: string };
      const block = content[data.index as number];
      if (d.type === "text_delta") block.text = `${block.text as string}${d.text}`;
      else json[data.index as number] = (json[data.index as number] ?? "") + d.partial_json;
    }
    if (event === "content_block_stop" && json[data.index as number] !== undefined)
      content[data.index as number].input = JSON.parse(json[data.index as number]);
    if (event === "message_delta") delta = data;
  }
  return { ...start, content, stop_reason: (delta.delta as { stop_reason: string }).stop_reason, usage: delta.usage };
}

/** Anthropic SSE → the Anthropic adapter's chat chunks → this translator's Anthropic SSE. */
function roundTrip(sse: string): string {
  const adapter = new AnthropicStreamTranslator({ provider: "anthropic" }, true, 0);
  const chat: string[] = [];
  adapter.push(sse, chat);
  adapter.end();
  return translate(translator(), chat.join(""));
}

describe("chat stream → Anthropic events", () => {
  it("an OpenAI text stream (recorded): message_start, one text block, message_delta, message_stop", () => {
    const events = sseEvents(translate(translator(), openaiText, 11));
    const names = events.map((e) => e.event);
    expect(names[0]).toBe("message_start");
    expect(names.slice(-4)).toEqual(["content_block_delta", "content_block_stop", "message_delta", "message_stop"]);
    expect(events.every((e) => e.data.type === e.event)).toBe(true);
    expect(events[0].data.message).toMatchObject({
      type: "message",
      role: "assistant",
      content: [],
      usage: { input_tokens: 12 },
    });
    const m = accumulate(events);
    expect(m.stop_reason).toBe("end_turn");
    expect(m.content).toHaveLength(1);
    expect(m.usage).toMatchObject({ output_tokens: expect.any(Number), input_tokens: expect.any(Number) });
  });

  it("an OpenAI tool-call stream (recorded): a tool_use block of input_json_delta pieces", () => {
    const m = accumulate(sseEvents(translate(translator(), openaiTools)));
    expect(m.content).toEqual([
      { type: "tool_use", id: "call_DdmO9pD3xa9XTPNJ32zg2hcA", name: "get_weather", input: { location: "Paris" } },
    ]);
    expect(m.stop_reason).toBe("tool_use");
  });

  it("an Anthropic stream through the Anthropic adapter and back keeps its blocks, stop reason and usage (recorded)", () => {
    for (const original of [anthropicText, anthropicToolUse]) {
      const before = accumulate(sseEvents(original));
      const after = accumulate(sseEvents(roundTrip(original)));
      expect(after.id).toBe(before.id);
      expect(after.content).toEqual(
        (before.content as { type: string }[]).map((b) => (b.type === "tool_use" ? { ...b } : b)),
      );
      expect(after.stop_reason).toBe(before.stop_reason);
      expect((after.usage as { output_tokens: number }).output_tokens).toBe(
        (before.usage as { output_tokens: number }).output_tokens,
      );
    }
  });
});

describe("a stream that breaks ends with an error event, never message_stop", () => {
  const half = openaiText.slice(0, openaiText.indexOf("\n\n", openaiText.length / 2) + 2);
  const names = (out: string) => sseEvents(out).map((e) => e.event);

  it("the upstream dies mid-stream", () => {
    const t = translator();
    const out: string[] = [];
    t.push(half, out);
    t.fail({ message: "The upstream stream from openai failed after it had started.", kind: "upstream" }, out);
    t.end(out);
    const events = sseEvents(out.join(""));
    expect(events.at(-1)).toEqual({
      event: "error",
      data: {
        type: "error",
        error: { type: "api_error", message: "The upstream stream from openai failed after it had started." },
      },
    });
    expect(names(out.join(""))).not.toContain("message_stop");
    expect(t.state).toBe("failed");
  });

  it("a deadline is a timeout_error; an end without [DONE] and a malformed chunk are api_errors", () => {
    const t = translator();
    const out: string[] = [];
    t.push(half, out);
    t.fail({ message: "no chunk for 10000 ms", kind: "timeout" }, out);
    expect((sseEvents(out.join("")).at(-1)!.data.error as { type: string }).type).toBe("timeout_error");
    expect(names(translate(translator(), openaiText.replace("data: [DONE]\n\n", ""))).at(-1)).toBe("error");
    const bad = translator();
    expect(names(translate(bad, `${half}data: {"choices":[{\n\n`, 9, false)).at(-1)).toBe("error");
    expect(bad.state).toBe("failed");
  });
});
