import { describe, expect, it } from "vitest";
import { parseResponsesRequest, responseEcho, ResponsesStreamTranslator } from "../../src/protocols/openai-responses";
import textSse from "../providers/__fixtures__/openai-text.chunks.txt?raw";
import toolSse from "../providers/__fixtures__/openai-tool-calls.chunks.txt?raw";
import { completionStream, sseEvents, translate } from "./helpers";

const echo = responseEcho(parseResponsesRequest({ model: "gpt-4o-mini", input: "Hi", stream: true }));
const translator = () => new ResponsesStreamTranslator({ echo, fallbackId: "req_1", now: () => 1_000_000 });
const types = (text: string) => sseEvents(text).map((e) => e.event);

describe("chat stream → Responses events (recorded OpenAI streams)", () => {
  it("a text answer, in OpenAI's order, numbered from 0, whatever the cuts", () => {
    const out = translate(translator(), textSse, 7);
    const events = sseEvents(out);
    expect(events.map((e) => e.event)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      ...events.filter((e) => e.event === "response.output_text.delta").map(() => "response.output_text.delta"),
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.every((e) => e.data.type === e.event)).toBe(true);
    const text = events
      .filter((e) => e.event === "response.output_text.delta")
      .map((e) => e.data.delta)
      .join("");
    const done = events.find((e) => e.event === "response.output_text.done")!.data;
    expect(done.text).toBe(text);
    expect(text.length).toBeGreaterThan(0);
    const completed = events.at(-1)!.data.response as Record<string, unknown>;
    expect(completed).toMatchObject({
      status: "completed",
      object: "response",
      usage: { input_tokens: expect.any(Number) },
    });
    expect(completed.output).toEqual([events.find((e) => e.event === "response.output_item.done")!.data.item]);
    expect(translate(translator(), textSse, 1)).toBe(out);
    expect(translate(translator(), textSse, textSse.length)).toBe(out);
  });

  it("a tool call: a function_call item, its argument deltas and done event", () => {
    const events = sseEvents(translate(translator(), toolSse));
    expect(events.map((e) => e.event).filter((t) => !t.endsWith(".delta"))).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    const added = events[2].data;
    expect(added).toMatchObject({
      output_index: 0,
      item: {
        type: "function_call",
        status: "in_progress",
        arguments: "",
        call_id: "call_DdmO9pD3xa9XTPNJ32zg2hcA",
        name: "get_weather",
      },
    });
    const args = events
      .filter((e) => e.event === "response.function_call_arguments.delta")
      .map((e) => e.data.delta)
      .join("");
    expect(JSON.parse(args)).toEqual({ location: "Paris" });
    expect(events.find((e) => e.event === "response.function_call_arguments.done")!.data.arguments).toBe(args);
    expect(events.find((e) => e.event === "response.output_item.done")!.data.item).toMatchObject({
      status: "completed",
      arguments: args,
    });
  });

  it("text then two tool calls: each item closed before the next one opens", () => {
    const sse = completionStream({
      id: "chatcmpl-t",
      created: 7,
      model: "m",
      content: "Checking.",
      toolCalls: [
        { id: "call_a", name: "f", arguments: '{"x":1}' },
        { id: "call_b", name: "g", arguments: "{}" },
      ],
      finish: "tool_calls",
      usage: { prompt: 10, completion: 5, cached: 2 },
    });
    const events = sseEvents(translate(translator(), sse));
    const items = events.filter((e) => e.event.startsWith("response.output_item."));
    expect(items.map((e) => `${e.event.slice(21)}:${e.data.output_index}`)).toEqual([
      "added:0",
      "done:0",
      "added:1",
      "done:1",
      "added:2",
      "done:2",
    ]);
    const final = events.at(-1)!.data.response as { output: { id: string }[]; usage: unknown };
    expect(final.output.map((o) => o.id)).toEqual(["msg_t", "fc_t_0", "fc_t_1"]);
    expect(final.usage).toEqual({
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 2 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 15,
    });
  });

  it("a cut answer ends with response.incomplete", () => {
    const sse = completionStream({
      id: "c",
      created: 1,
      model: "m",
      content: "Par",
      finish: "length",
      usage: { prompt: 1, completion: 1, cached: 0 },
    });
    const last = sseEvents(translate(translator(), sse)).at(-1)!;
    expect(last.event).toBe("response.incomplete");
    expect(last.data.response).toMatchObject({
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
    });
  });
});

describe("a stream that breaks ends with error and response.failed, never a clean end", () => {
  const half = textSse.slice(0, textSse.indexOf("\n\n", textSse.length / 2) + 2);

  it("the upstream dies mid-stream (the guard calls fail)", () => {
    const t = translator();
    const out: string[] = [];
    t.push(half, out);
    t.fail({ message: "The upstream stream from openai failed after it had started.", kind: "upstream" }, out);
    t.push(textSse.slice(half.length), out);
    t.end(out);
    const events = sseEvents(out.join(""));
    expect(types(out.join("")).slice(-2)).toEqual(["error", "response.failed"]);
    expect(events.at(-2)!.data).toMatchObject({
      type: "error",
      code: "upstream_stream_error",
      param: null,
      message: expect.stringMatching(/failed after it had started/),
    });
    expect(events.at(-1)!.data.response).toMatchObject({ status: "failed", error: { code: "server_error" } });
    expect((events.at(-1)!.data.response as { output: { status: string }[] }).output[0].status).toBe("incomplete");
    expect(types(out.join(""))).not.toContain("response.completed");
    expect(t.state).toBe("failed");
  });

  it("a deadline: error code upstream_timeout", () => {
    const t = translator();
    const out: string[] = [];
    t.push(half, out);
    t.fail({ message: "no chunk for 10000 ms", kind: "timeout" }, out);
    expect(sseEvents(out.join("")).at(-2)!.data.code).toBe("upstream_timeout");
  });

  it("the body ends without [DONE]", () => {
    const out = translate(translator(), textSse.replace("data: [DONE]\n\n", ""));
    expect(types(out).slice(-2)).toEqual(["error", "response.failed"]);
  });

  it("a malformed chunk or an in-stream error fails the stream from inside push", () => {
    for (const bad of [
      'data: {"choices":[{"index":0,"delta":{"content":"x"\n\n',
      'data: {"error":{"message":"overloaded"}}\n\n',
    ]) {
      const t = translator();
      const out = translate(t, half + bad + textSse.slice(half.length), 50, false);
      expect(t.state).toBe("failed");
      expect(types(out).slice(-2)).toEqual(["error", "response.failed"]);
    }
  });

  it("tool deltas that interleave cannot be expressed in order: the stream fails", () => {
    const chunk = (delta: unknown) => `data: ${JSON.stringify({ id: "c", choices: [{ index: 0, delta }] })}\n\n`;
    const sse =
      chunk({ tool_calls: [{ index: 0, id: "a", function: { name: "f", arguments: "" } }] }) +
      chunk({ tool_calls: [{ index: 1, id: "b", function: { name: "g", arguments: "" } }] }) +
      chunk({ tool_calls: [{ index: 0, function: { arguments: "{}" } }] });
    const t = translator();
    const out = translate(t, sse, 1000, false);
    expect(t.state).toBe("failed");
    expect(sseEvents(out).at(-2)!.data.message).toMatch(/interleaved/);
  });

  it("a failure before any chunk still opens the response first", () => {
    const out: string[] = [];
    translator().fail({ message: "boom", kind: "upstream" }, out);
    expect(types(out.join(""))).toEqual(["response.created", "response.in_progress", "error", "response.failed"]);
  });
});
