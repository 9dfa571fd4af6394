import { createParser, type EventSourceMessage, type EventSourceParser } from "eventsource-parser";
import type { z } from "zod";
import { type ErrorContext, invalidResponse, truncated } from "../shared/provider-errors";
import type { StreamTranslator } from "../shared/stream-pump";
import type { StreamSummary } from "../types";
import { streamError } from "./anthropic-error";
import { type AnthropicUsage, openAIUsage, StreamEvents, toUsage } from "./anthropic-schemas";
import { mapFinishReason } from "./map-anthropic-finish-reason";

type EventType = keyof typeof StreamEvents;
const USAGE_KEYS = ["input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"] as const;
type Event<T extends EventType> = z.infer<(typeof StreamEvents)[T]>;

/**
 * Anthropic Messages SSE → OpenAI `chat.completion.chunk` SSE. message_start → the role chunk;
 * text deltas → content deltas; a tool_use block → a tool-call delta with index, id and name, then
 * its input_json_delta pieces as `arguments`; message_stop → the finish chunk, the usage chunk
 * (only when the client asked for it), `data: [DONE]`. ping and unknown events are skipped. An
 * `error` event, an event that does not parse, or an end before message_stop fails the stream.
 */
export class AnthropicStreamTranslator implements StreamTranslator {
  private readonly parser: EventSourceParser;
  private pending: EventSourceMessage[] = [];
  private id = "";
  private model = "";
  private usage: AnthropicUsage = {};
  private stopReason: string | null = null;
  private readonly toolIndex = new Map<number, number>();
  private done = false;
  private chunks = 0;

  constructor(
    private readonly ctx: ErrorContext,
    private readonly includeUsage: boolean,
    private readonly created: number,
  ) {
    this.parser = createParser({ onEvent: (e) => this.pending.push(e) });
  }

  push(text: string, out: string[]): void {
    this.parser.feed(text);
    const events = this.pending;
    this.pending = [];
    for (const event of events) this.handle(event, out);
  }

  end(): void {
    if (!this.done) throw truncated(this.ctx, "stream ended before message_stop");
  }

  summary(): StreamSummary {
    const usage = this.id ? toUsage(this.usage) : undefined;
    return { usage, finishReason: mapFinishReason(this.stopReason), completed: this.done, chunks: this.chunks };
  }

  private handle(event: EventSourceMessage, out: string[]): void {
    if (this.done) return;
    let json: { type?: unknown };
    try {
      json = JSON.parse(event.data);
    } catch {
      throw invalidResponse(this.ctx, `malformed stream event: ${event.data.slice(0, 120)}`);
    }
    const type = typeof json?.type === "string" ? json.type : event.event;
    if (!type || !(type in StreamEvents)) return;
    const parsed = StreamEvents[type as EventType].safeParse(json);
    if (!parsed.success) throw invalidResponse(this.ctx, `unexpected ${type} event: ${event.data.slice(0, 120)}`);
    this.dispatch(type as EventType, parsed.data, out);
  }

  private dispatch(type: EventType, e: Event<EventType>, out: string[]): void {
    switch (type) {
      case "message_start":
        return this.onStart(e as Event<"message_start">, out);
      case "content_block_start":
        return this.onBlockStart(e as Event<"content_block_start">, out);
      case "content_block_delta":
        return this.onDelta(e as Event<"content_block_delta">, out);
      case "message_delta": {
        const { delta, usage } = e as Event<"message_delta">;
        if (delta.stop_reason) this.stopReason = delta.stop_reason;
        if (usage) this.mergeUsage(usage);
        return;
      }
      case "message_stop":
        return this.onStop(out);
      case "error":
        throw streamError(this.ctx, (e as Event<"error">).error);
    }
  }

  private onStart(e: Event<"message_start">, out: string[]): void {
    this.id = e.message.id;
    this.model = e.message.model;
    if (e.message.usage) this.mergeUsage(e.message.usage);
    this.emit(out, { role: "assistant", content: "" });
  }

  private onBlockStart({ index, content_block: block }: Event<"content_block_start">, out: string[]): void {
    if (block.type === "text" && typeof block.text === "string" && block.text) this.emit(out, { content: block.text });
    if (block.type !== "tool_use" || typeof block.id !== "string" || typeof block.name !== "string") return;
    const toolIndex = this.toolIndex.size;
    this.toolIndex.set(index, toolIndex);
    this.emit(out, {
      tool_calls: [{ index: toolIndex, id: block.id, type: "function", function: { name: block.name, arguments: "" } }],
    });
  }

  private onDelta({ index, delta }: Event<"content_block_delta">, out: string[]): void {
    if (delta.type === "text_delta" && typeof delta.text === "string" && delta.text) {
      this.emit(out, { content: delta.text });
    } else if (delta.type === "input_json_delta" && typeof delta.partial_json === "string" && delta.partial_json) {
      const toolIndex = this.toolIndex.get(index);
      if (toolIndex === undefined)
        throw invalidResponse(this.ctx, `input_json_delta for block ${index}, which is not a tool_use`);
      this.emit(out, { tool_calls: [{ index: toolIndex, function: { arguments: delta.partial_json } }] });
    }
  }

  private onStop(out: string[]): void {
    this.done = true;
    this.emit(out, {}, mapFinishReason(this.stopReason) ?? "stop");
    if (this.includeUsage) this.write(out, { choices: [], usage: openAIUsage(toUsage(this.usage)) });
    out.push("data: [DONE]\n\n");
  }

  /** message_delta's usage is cumulative and may repeat or omit message_start's fields. */
  private mergeUsage(u: AnthropicUsage): void {
    for (const key of USAGE_KEYS) if (u[key] != null) this.usage[key] = u[key];
  }

  private emit(out: string[], delta: Record<string, unknown>, finishReason: string | null = null): void {
    this.write(out, { choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
  }

  private write(out: string[], fields: Record<string, unknown>): void {
    const chunk = { id: this.id, object: "chat.completion.chunk", created: this.created, model: this.model, ...fields };
    out.push(`data: ${JSON.stringify(chunk)}\n\n`);
    this.chunks++;
  }
}
