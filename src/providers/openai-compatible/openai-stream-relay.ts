import { createParser, type EventSourceMessage, type EventSourceParser } from "eventsource-parser";
import { ProviderError, type ProviderErrorKind } from "../../core/errors";
import type { Usage } from "../../core/chat";
import { type ErrorContext, invalidResponse, truncated } from "../shared/provider-errors";
import { safeText } from "../../core/redact";
import type { StreamTranslator } from "../shared/stream-pump";
import type { StreamSummary } from "../types";
import { OpenAIChunk, toUsage } from "./openai-schemas";

/** Only events that may carry usage, a finish reason or an error are JSON-parsed. */
const WORTH_PARSING = /"(?:usage"\s*:\s*\{|finish_reason"\s*:\s*"|error"\s*:)/;

/**
 * Relays an OpenAI-format SSE stream byte-for-byte (as text: valid UTF-8 round-trips exactly),
 * one whole event at a time. eventsource-parser is fed line by line so that each event's raw text
 * is known when it is dispatched. Reads usage and finish_reason from the few events that can hold
 * them; drops the usage-only chunk (`choices: []`) when the client did not ask for it, and leaves
 * the `"usage":null` of other chunks alone (the OpenAI chunk type allows it). A chunk that is not
 * a JSON object, or an `error` event, fails the stream; so does an end without `data: [DONE]`.
 */
export class OpenAIStreamRelay implements StreamTranslator {
  private readonly parser: EventSourceParser;
  private raw = "";
  private event: EventSourceMessage | undefined;
  private comment = false;
  private done = false;
  private chunks = 0;
  private usage: Usage | undefined;
  private finishReason: string | null = null;

  constructor(
    private readonly ctx: ErrorContext,
    private readonly clientWantsUsage: boolean,
  ) {
    this.parser = createParser({
      onEvent: (e) => (this.event = e),
      onComment: () => (this.comment = true),
    });
  }

  push(text: string, out: string[]): void {
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf("\n", start);
      const end = nl === -1 ? text.length : nl + 1;
      const piece = text.slice(start, end);
      start = end;
      this.raw += piece;
      this.parser.feed(piece);
      this.settleBlock(out);
    }
  }

  end(out: string[]): void {
    if (!this.done && this.raw) {
      try {
        this.push("\n\n", out);
      } catch {
        // An event cut off by the end of the body: reported as the truncation below.
      }
    }
    if (!this.done) throw truncated(this.ctx, "stream ended before data: [DONE]");
    if (this.raw) out.push(this.raw);
    this.raw = "";
  }

  summary(): StreamSummary {
    return { usage: this.usage, finishReason: this.finishReason, completed: this.done, chunks: this.chunks };
  }

  private settleBlock(out: string[]): void {
    const event = this.event;
    if (!event && !this.comment) return;
    this.event = undefined;
    this.comment = false;
    const keep = event ? this.inspect(event) : true;
    if (keep) out.push(this.raw);
    this.raw = "";
  }

  /** Reads what the router needs from one event; returns whether the client gets it. */
  private inspect(event: EventSourceMessage): boolean {
    const data = event.data.trim();
    if (data === "[DONE]") {
      this.done = true;
      return true;
    }
    if (this.done) return true;
    if (event.event === "error" || !(data.startsWith("{") && data.endsWith("}"))) {
      throw this.malformed(event, data);
    }
    let keep = true;
    if (WORTH_PARSING.test(data)) keep = this.read(data);
    if (keep) this.chunks++;
    return keep;
  }

  private read(data: string): boolean {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      throw invalidResponse(this.ctx, `malformed stream chunk: ${data.slice(0, 120)}`);
    }
    const parsed = OpenAIChunk.safeParse(json);
    if (!parsed.success) throw invalidResponse(this.ctx, `unexpected stream chunk: ${data.slice(0, 120)}`);
    const chunk = parsed.data;
    if (chunk.error) throw streamError(this.ctx, chunk.error);
    for (const choice of chunk.choices ?? []) {
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
    if (!chunk.usage) return true;
    this.usage = toUsage(chunk.usage);
    return this.clientWantsUsage || (chunk.choices?.length ?? 0) > 0;
  }

  private malformed(event: EventSourceMessage, data: string): ProviderError {
    if (event.event !== "error") return invalidResponse(this.ctx, `malformed stream chunk: ${data.slice(0, 120)}`);
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      payload = { message: data };
    }
    const body = payload as { error?: unknown };
    return streamError(this.ctx, (body.error ?? payload) as { message?: string | null; type?: string | null });
  }
}

function streamError(
  ctx: ErrorContext,
  e: { message?: string | null; type?: string | null; code?: string | number | null },
): ProviderError {
  const tag = `${e.type ?? ""} ${e.code ?? ""}`.toLowerCase();
  const kind: ProviderErrorKind = tag.includes("rate_limit")
    ? "rate_limit"
    : tag.includes("overloaded")
      ? "overloaded"
      : "server";
  return new ProviderError(
    ctx.provider,
    kind,
    safeText(`${ctx.provider}: stream error: ${e.message ?? tag.trim()}`, ctx.apiKey),
  );
}
