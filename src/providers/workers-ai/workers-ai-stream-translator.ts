import { createParser, type EventSourceMessage, type EventSourceParser } from "eventsource-parser";
import { type ErrorContext, invalidResponse, truncated } from "../shared/provider-errors";
import type { StreamTranslator } from "../shared/stream-pump";
import type { StreamSummary } from "../types";
import { openAIToolCall, openAIUsage, toUsage, WorkersAIStreamEvent, type WorkersAIUsage } from "./workers-ai-schemas";

/**
 * Workers AI SSE (`data: {"response": "…"}` events, usage on the last one, then `data: [DONE]`) →
 * OpenAI `chat.completion.chunk` SSE: a role chunk first, one content delta per text piece, tool
 * calls as whole deltas, then the finish chunk, the usage chunk (only when the client asked) and
 * `data: [DONE]`. An event that does not parse, or an end before `[DONE]`, fails the stream.
 */
export class WorkersAIStreamTranslator implements StreamTranslator {
  private readonly parser: EventSourceParser;
  private pending: EventSourceMessage[] = [];
  private usage: WorkersAIUsage | undefined;
  private toolCalls = 0;
  private started = false;
  private done = false;
  private chunks = 0;

  constructor(
    private readonly ctx: ErrorContext,
    private readonly includeUsage: boolean,
    private readonly meta: { id: string; model: string; created: number },
  ) {
    this.parser = createParser({ onEvent: (e) => this.pending.push(e) });
  }

  push(text: string, out: string[]): void {
    this.parser.feed(text);
    const events = this.pending;
    this.pending = [];
    for (const event of events) this.handle(event.data, out);
  }

  end(): void {
    if (!this.done) throw truncated(this.ctx, "stream ended before [DONE]");
  }

  summary(): StreamSummary {
    const finishReason = this.done ? this.finishReason() : null;
    return { usage: toUsage(this.usage), finishReason, completed: this.done, chunks: this.chunks };
  }

  private handle(data: string, out: string[]): void {
    if (this.done) return;
    if (!this.started) {
      this.started = true;
      this.emit(out, { role: "assistant", content: "" });
    }
    if (data.trim() === "[DONE]") return this.finish(out);
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      throw invalidResponse(this.ctx, `malformed stream event: ${data.slice(0, 120)}`);
    }
    const parsed = WorkersAIStreamEvent.safeParse(json);
    if (!parsed.success) throw invalidResponse(this.ctx, `unexpected stream event: ${data.slice(0, 120)}`);
    const { response, tool_calls: calls, usage } = parsed.data;
    if (usage) this.usage = usage;
    if (response) this.emit(out, { content: response });
    for (const call of calls ?? []) {
      const index = this.toolCalls++;
      this.emit(out, { tool_calls: [{ index, ...openAIToolCall(call, index) }] });
    }
  }

  private finish(out: string[]): void {
    this.done = true;
    this.emit(out, {}, this.finishReason());
    if (this.includeUsage) this.write(out, { choices: [], usage: openAIUsage(toUsage(this.usage)) });
    out.push("data: [DONE]\n\n");
  }

  private finishReason(): string {
    return this.toolCalls > 0 ? "tool_calls" : "stop";
  }

  private emit(out: string[], delta: Record<string, unknown>, finishReason: string | null = null): void {
    this.write(out, { choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
  }

  private write(out: string[], fields: Record<string, unknown>): void {
    const { id, model, created } = this.meta;
    out.push(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, ...fields })}\n\n`);
    this.chunks++;
  }
}
