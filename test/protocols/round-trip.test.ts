import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MessagesStreamTranslator,
  parseMessagesRequest,
  toAnthropicMessage,
  toChatRequest as messagesToChat,
} from "../../src/protocols/anthropic-messages";
import {
  parseResponsesRequest,
  responseEcho,
  ResponsesStreamTranslator,
  toChatCompletion,
  toChatRequest,
  toResponse,
  toResponsesRequest,
} from "../../src/protocols/openai-responses";
import { buildAnthropicBody } from "../../src/providers/anthropic/build-anthropic-request";
import { toChatCompletion as anthropicToChat } from "../../src/providers/anthropic/convert-anthropic-response";
import { completion, messagesRequest, responsesRequest, text } from "./arbitraries";
import { completionJson, completionStream, sseEvents, translate } from "./helpers";

type Json = Record<string, unknown>;
const RUNS = { numRuns: 300 };

/** A Responses request in one canonical spelling: instructions and string input as items, assistant text as one part. */
function canonicalResponses(r: Json): Json {
  const { instructions, input, tools, tool_choice, parallel_tool_calls, stream, ...rest } = r;
  const items = typeof input === "string" ? [{ role: "user", content: input }] : [...(input as Json[])];
  if (instructions) items.unshift({ role: "system", content: instructions });
  const out: Json = {
    ...rest,
    input: items.map((i) => {
      if (i.type !== undefined && i.type !== "message") return i;
      if (i.role !== "assistant") return { type: "message", role: i.role, content: i.content };
      const parts = typeof i.content === "string" ? [{ type: "output_text", text: i.content }] : (i.content as Json[]);
      return {
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: parts.map((p) => p.text).join(""), annotations: [] }],
      };
    }),
  };
  if (stream) out.stream = true;
  if ((tools as unknown[] | undefined)?.length) Object.assign(out, { tools, tool_choice, parallel_tool_calls });
  return JSON.parse(JSON.stringify(out));
}

/** A Messages request as the Anthropic adapter would send it: text merged where it merges, hints and top_k dropped. */
function canonicalMessages(r: Json): Json {
  const { system, messages, stream, stop_sequences, tools, ...rest } = r;
  const blocks = (c: unknown): Json[] => (typeof c === "string" ? [{ type: "text", text: c }] : (c as Json[]));
  const out: Json = {
    ...rest,
    messages: (messages as Json[]).map((m) => {
      let content = blocks(m.content).map((b) =>
        b.type === "tool_result"
          ? {
              ...b,
              content:
                typeof b.content === "string"
                  ? b.content
                  : blocks(b.content)
                      .map((x) => x.text)
                      .join("\n"),
            }
          : b,
      );
      if (m.role === "assistant") {
        const textAll = content
          .filter((b) => b.type === "text")
          .map((b) => b.text)
          .join("");
        content = [...(textAll ? [{ type: "text", text: textAll }] : []), ...content.filter((b) => b.type !== "text")];
      }
      return { role: m.role, content };
    }),
  };
  const sys = typeof system === "string" ? system : (system as Json[] | undefined)?.map((b) => b.text).join("\n");
  if (sys) out.system = sys;
  if (stream) out.stream = true;
  if ((stop_sequences as unknown[] | undefined)?.length) out.stop_sequences = stop_sequences;
  if (tools) out.tools = (tools as Json[]).map(({ cache_control: _c, ...t }) => t);
  else delete out.tool_choice;
  return JSON.parse(JSON.stringify(out));
}

describe("round trips keep the content", () => {
  it("Responses request → chat → Responses request", () => {
    fc.assert(
      fc.property(responsesRequest, (raw) => {
        const back = toResponsesRequest(toChatRequest(parseResponsesRequest(raw)));
        expect(canonicalResponses(back as Json)).toEqual(canonicalResponses(raw as Json));
      }),
      RUNS,
    );
  });

  it("chat completion → Responses response → chat completion", () => {
    fc.assert(
      fc.property(completion, (c) => {
        const json = completionJson(c);
        const back = toChatCompletion(
          toResponse(json, responseEcho(parseResponsesRequest({ model: "m", input: "x" }))) as never,
        );
        const m = back.choices[0].message as Json;
        expect(back.id).toBe(c.id);
        expect(back.choices[0].finish_reason).toBe(c.finish);
        const noText = c.content === null && !c.toolCalls?.length && c.refusal == null;
        expect(m.content).toBe(noText ? "" : c.content);
        expect(m.refusal ?? null).toBe(c.refusal ?? null);
        expect(m.tool_calls ?? []).toEqual(json.choices[0].message.tool_calls ?? []);
        expect(back.usage).toMatchObject(json.usage);
      }),
      RUNS,
    );
  });

  it("Messages request → chat → Messages request (the Anthropic adapter's own conversion)", () => {
    fc.assert(
      fc.property(messagesRequest, (raw) => {
        const chat = messagesToChat(parseMessagesRequest(raw));
        const target = { providerId: "anthropic", modelId: "c", upstreamModel: raw.model, baseUrl: "", apiKey: "" };
        const back = buildAnthropicBody(chat, target, chat.stream === true);
        expect(canonicalMessages(back as unknown as Json)).toEqual(canonicalMessages(raw as Json));
      }),
      RUNS,
    );
  });

  it("Anthropic message → chat completion (the adapter) → Anthropic message", () => {
    const block = fc.oneof(
      text.map((t) => ({ type: "text", text: t })),
      fc
        .tuple(text, fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.integer(), { maxKeys: 2 }))
        .map(([id, input]) => ({ type: "tool_use", id: `toolu_${id}`, name: "f", input })),
    );
    const message = fc.record({
      id: fc.stringMatching(/^msg_[a-zA-Z0-9]{4,12}$/),
      type: fc.constant("message"),
      role: fc.constant("assistant"),
      model: fc.constant("claude-x"),
      content: fc.array(block, { maxLength: 4 }),
      stop_reason: fc.constantFrom("end_turn", "max_tokens", "tool_use", "stop_sequence", "refusal"),
      stop_sequence: fc.constant(null),
      usage: fc.record({
        input_tokens: fc.nat(1000),
        output_tokens: fc.nat(1000),
        cache_read_input_tokens: fc.nat(1000),
        cache_creation_input_tokens: fc.nat(1000),
      }),
    });
    fc.assert(
      fc.property(message, (m) => {
        const back = toAnthropicMessage(anthropicToChat(m, 0).body);
        const textAll = m.content
          .filter((b) => b.type === "text")
          .map((b) => (b as { text: string }).text)
          .join("");
        expect(back.id).toBe(m.id);
        expect(back.content).toEqual([
          ...(textAll ? [{ type: "text", text: textAll }] : []),
          ...m.content.filter((b) => b.type === "tool_use"),
        ]);
        expect(back.stop_reason).toBe(m.stop_reason === "stop_sequence" ? "end_turn" : m.stop_reason);
        const u = m.usage;
        expect(back.usage).toEqual({
          input_tokens: u.input_tokens + u.cache_creation_input_tokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: u.cache_read_input_tokens,
          output_tokens: u.output_tokens,
        });
      }),
      RUNS,
    );
  });
});

describe("a streamed answer ends as the same answer as the non-streamed one", () => {
  it("Responses: the final response of the stream equals toResponse of the completion", () => {
    const echo = responseEcho(parseResponsesRequest({ model: "m", input: "x" }));
    fc.assert(
      fc.property(completion, fc.integer({ min: 1, max: 40 }), (c, cut) => {
        const events = sseEvents(
          translate(new ResponsesStreamTranslator({ echo, fallbackId: "r" }), completionStream(c), cut),
        );
        const final = events.at(-1)!.data.response;
        expect(final).toEqual(toResponse(completionJson(c), echo));
      }),
      RUNS,
    );
  });

  it("Messages: the message a client accumulates equals toAnthropicMessage of the completion", () => {
    fc.assert(
      fc.property(completion, fc.integer({ min: 1, max: 40 }), (c, cut) => {
        const events = sseEvents(
          translate(new MessagesStreamTranslator({ fallbackId: "r" }), completionStream(c), cut),
        );
        const start = events[0].data.message as Json;
        const blocks: Json[] = [];
        const json: Record<number, string> = {};
        for (const { event, data } of events) {
          const i = data.index as number;
          if (event === "content_block_start") blocks[i] = { ...(data.content_block as Json) };
          if (event === "content_block_delta" && (data.delta as Json).type === "text_delta")
            blocks[i].text = `${blocks[i].text}${(data.delta as Json).text}`;
          if (event === "content_block_delta" && (data.delta as Json).type === "input_json_delta")
            json[i] = (json[i] ?? "") + (data.delta as Json).partial_json;
          if (event === "content_block_stop" && json[i] !== undefined) blocks[i].input = JSON.parse(json[i]);
        }
        const delta = events.find((e) => e.event === "message_delta")!.data;
        const expected = toAnthropicMessage(completionJson(c));
        expect({
          id: start.id,
          model: start.model,
          content: blocks,
          stop_reason: (delta.delta as Json).stop_reason,
          usage: delta.usage,
        }).toEqual({
          id: expected.id,
          model: expected.model,
          content: expected.content,
          stop_reason: expected.stop_reason,
          usage: expected.usage,
        });
      }),
      RUNS,
    );
  });
});
