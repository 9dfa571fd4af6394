import { type ChatChunk, ChatChunkReader, type ChatUsage } from "../shared/chat-chunk";
import { type ClientStreamTranslator, sseEvent, type StreamFailure } from "../shared/stream-translator";
import { anthropicUsage, messageId } from "./convert-to-anthropic-message";
import { mapStopReason } from "./map-stop-reason";

export interface MessagesStreamOptions {
  /** Used for the message id when the upstream's chunks carry none (the router's request id). */
  fallbackId: string;
  /** The router's estimate of the input, for message_start (the exact count comes in message_delta). */
  inputTokens?: number;
}

class Untranslatable extends Error {}

/**
 * The router's chat-completion stream → Anthropic Messages events: `message_start` on the first
 * chunk; a text block (`content_block_start`, `content_block_delta` text_delta…,
 * `content_block_stop`) for the answer text, a tool_use block (input_json_delta pieces) per tool
 * call; on the upstream's `[DONE]`, `message_delta` with the stop reason and the usage, then
 * `message_stop`. A stream that breaks ends with `event: error` (api_error, or timeout_error for
 * a deadline) and no message_stop.
 * @example const t = new MessagesStreamTranslator({ fallbackId: "req_1" }); t.push(sseText, out);
 */
export class MessagesStreamTranslator implements ClientStreamTranslator {
  state: ClientStreamTranslator["state"] = "open";
  private readonly reader = new ChatChunkReader();
  private started = false;
  private blocks = 0;
  private open: { kind: "text" } | { kind: "tool"; index: number } | undefined;
  private readonly tools = new Set<number>();
  private finish: string | null = null;
  private refusal = false;
  private usage: ChatUsage | null = null;

  constructor(private readonly o: MessagesStreamOptions) {}

  push(text: string, out: string[]): void {
    if (this.state !== "open") return;
    try {
      for (const event of this.reader.feed(text)) {
        if (event.kind === "broken") return this.failWith({ message: event.reason, kind: "upstream" }, out);
        if (event.kind === "done") return this.complete(out);
        this.onChunk(event.chunk, out);
      }
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      this.failWith({ message: `The upstream stream could not be translated: ${err.message}.`, kind: "upstream" }, out);
    }
  }

  end(out: string[]): void {
    if (this.state === "open")
      this.failWith({ message: "The upstream stream ended before it was complete.", kind: "upstream" }, out);
  }

  fail(failure: StreamFailure, out: string[]): void {
    if (this.state === "open") this.failWith(failure, out);
  }

  private onChunk(chunk: ChatChunk, out: string[]): void {
    this.start(chunk, out);
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
    if (!choice) return;
    const text = (choice.delta?.content ?? "") + (choice.delta?.refusal ?? "");
    if (choice.delta?.refusal) this.refusal = true;
    if (text) this.text(text, out);
    for (const call of choice.delta?.tool_calls ?? [])
      this.toolCall(call.index, call.id, call.function?.name, call.function?.arguments ?? "", out);
    if (choice.finish_reason) this.finish = choice.finish_reason;
  }

  private start(chunk: ChatChunk | undefined, out: string[]): void {
    if (this.started) return;
    this.started = true;
    const message = {
      id: messageId(chunk?.id || this.o.fallbackId),
      type: "message",
      role: "assistant",
      model: chunk?.model ?? "",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: this.o.inputTokens ?? 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 0,
      },
    };
    out.push(sseEvent("message_start", { type: "message_start", message }));
  }

  private text(piece: string, out: string[]): void {
    if (this.open?.kind !== "text") {
      this.closeOpen(out);
      this.openBlock({ kind: "text" }, { type: "text", text: "" }, out);
    }
    this.emit("content_block_delta", { index: this.blocks - 1, delta: { type: "text_delta", text: piece } }, out);
  }

  private toolCall(
    index: number,
    id: string | null | undefined,
    name: string | null | undefined,
    args: string,
    out: string[],
  ): void {
    if (!this.tools.has(index)) {
      if (!id || !name) throw new Untranslatable("a tool call started without an id or a name");
      this.closeOpen(out);
      this.tools.add(index);
      this.openBlock({ kind: "tool", index }, { type: "tool_use", id, name, input: {} }, out);
    } else if (this.open?.kind !== "tool" || this.open.index !== index) {
      throw new Untranslatable("tool call deltas arrived interleaved");
    }
    if (args)
      this.emit(
        "content_block_delta",
        { index: this.blocks - 1, delta: { type: "input_json_delta", partial_json: args } },
        out,
      );
  }

  private openBlock(open: NonNullable<typeof this.open>, block: Record<string, unknown>, out: string[]): void {
    this.open = open;
    this.emit("content_block_start", { index: this.blocks++, content_block: block }, out);
  }

  private closeOpen(out: string[]): void {
    if (!this.open) return;
    this.emit("content_block_stop", { index: this.blocks - 1 }, out);
    this.open = undefined;
  }

  private complete(out: string[]): void {
    this.start(undefined, out);
    this.closeOpen(out);
    const stop = this.refusal && this.finish === "stop" ? "refusal" : (mapStopReason(this.finish) ?? "end_turn");
    this.emit(
      "message_delta",
      { delta: { stop_reason: stop, stop_sequence: null }, usage: anthropicUsage(this.usage) },
      out,
    );
    this.emit("message_stop", {}, out);
    this.state = "completed";
  }

  private failWith(failure: StreamFailure, out: string[]): void {
    const type = failure.kind === "timeout" ? "timeout_error" : "api_error";
    out.push(sseEvent("error", { type: "error", error: { type, message: failure.message } }));
    this.state = "failed";
  }

  private emit(type: string, fields: Record<string, unknown>, out: string[]): void {
    out.push(sseEvent(type, { type, ...fields }));
  }
}
