import { type ChatChunk, ChatChunkReader, type ChatUsage } from "../shared/chat-chunk";
import type { ClientStreamTranslator, StreamFailure } from "../shared/stream-translator";
import { type ResponseEcho, responseId, responseObject, responsesUsage, statusFor } from "./response-object";
import { responsesEvent, ResponsesOutputEvents, UntranslatableStream } from "./responses-output-events";

export interface ResponsesStreamOptions {
  /** The request's settings, repeated in every response object (responseEcho). */
  echo: ResponseEcho;
  /** Used for the ids when the upstream's chunks carry none (the router's request id). */
  fallbackId: string;
  /** Epoch ms, for `created_at` when the chunks carry no `created`. */
  now?: () => number;
}

/**
 * The router's chat-completion stream → Responses API events: `response.created` and
 * `response.in_progress` on the first chunk; per item `output_item.added`, `content_part.added`,
 * `output_text.delta` (or `refusal.delta`, or `function_call_arguments.delta`), the matching
 * `.done` events and `output_item.done`; then, on the upstream's `[DONE]`, `response.completed`
 * (or `response.incomplete` when the output hit its limit) with the usage. A stream that breaks
 * ends with an `error` event and `response.failed`, never a clean end. Every event carries a
 * `sequence_number` from 0.
 * @example const t = new ResponsesStreamTranslator({ echo, fallbackId: "req_1" }); t.push(sseText, out);
 */
export class ResponsesStreamTranslator implements ClientStreamTranslator {
  state: ClientStreamTranslator["state"] = "open";
  private readonly reader = new ChatChunkReader();
  private readonly output: ResponsesOutputEvents;
  private sequence = 0;
  private started = false;
  private chatId = "";
  private model = "";
  private createdAt = 0;
  private finish: string | null = null;
  private usage: ChatUsage | null = null;

  constructor(private readonly o: ResponsesStreamOptions) {
    this.output = new ResponsesOutputEvents(
      () => this.chatId,
      (type, fields, out) => this.emit(type, fields, out),
    );
  }

  push(text: string, out: string[]): void {
    if (this.state !== "open") return;
    try {
      for (const event of this.reader.feed(text)) {
        if (event.kind === "broken") return this.failWith({ message: event.reason, kind: "upstream" }, out);
        if (event.kind === "done") return this.complete(out);
        this.onChunk(event.chunk, out);
      }
    } catch (err) {
      if (!(err instanceof UntranslatableStream)) throw err;
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
    const delta = choice.delta;
    if (delta?.content) this.output.content("output_text", delta.content, out);
    if (delta?.refusal) this.output.content("refusal", delta.refusal, out);
    for (const call of delta?.tool_calls ?? [])
      this.output.toolCall(call.index, call.id, call.function?.name, call.function?.arguments ?? "", out);
    if (choice.finish_reason) this.finish = choice.finish_reason;
  }

  private start(chunk: ChatChunk | undefined, out: string[]): void {
    if (this.started) return;
    this.started = true;
    this.chatId = chunk?.id || this.o.fallbackId;
    this.model = chunk?.model ?? "";
    this.createdAt = chunk?.created ?? Math.floor((this.o.now ?? Date.now)() / 1000);
    const response = this.snapshot("in_progress");
    this.emit("response.created", { response }, out);
    this.emit("response.in_progress", { response }, out);
  }

  private complete(out: string[]): void {
    const { status, incomplete } = statusFor(this.finish);
    const itemStatus = status === "incomplete" ? "incomplete" : "completed";
    this.start(undefined, out);
    this.output.ensureMessage(out);
    this.output.closeOpen(itemStatus, out);
    if (itemStatus === "incomplete")
      for (const item of this.output.items) if (item.type === "message") item.status = itemStatus;
    const response = this.snapshot(status, { incomplete, usage: responsesUsage(this.usage) });
    this.emit(status === "incomplete" ? "response.incomplete" : "response.completed", { response }, out);
    this.state = "completed";
  }

  private failWith(failure: StreamFailure, out: string[]): void {
    this.start(undefined, out);
    const code = failure.kind === "timeout" ? "upstream_timeout" : "upstream_stream_error";
    this.emit("error", { code, message: failure.message, param: null }, out);
    this.output.markOpenIncomplete();
    const error = { code: "server_error", message: failure.message };
    this.emit(
      "response.failed",
      { response: this.snapshot("failed", { error, usage: this.usage ? responsesUsage(this.usage) : null }) },
      out,
    );
    this.state = "failed";
  }

  private snapshot(
    status: "in_progress" | "completed" | "incomplete" | "failed",
    extra: {
      incomplete?: string;
      error?: { code: string; message: string };
      usage?: ReturnType<typeof responsesUsage> | null;
    } = {},
  ) {
    return responseObject(
      {
        id: responseId(this.chatId),
        createdAt: this.createdAt,
        model: this.model,
        status,
        output: status === "in_progress" ? [] : structuredClone(this.output.items),
        usage: extra.usage ?? null,
        incomplete: extra.incomplete,
        error: extra.error,
      },
      this.o.echo,
    );
  }

  private emit(type: string, fields: Record<string, unknown>, out: string[]): void {
    out.push(responsesEvent(type, this.sequence++, fields));
  }
}
