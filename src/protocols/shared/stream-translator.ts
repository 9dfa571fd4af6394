import type { ProviderError } from "../../core/errors";
import { safeText } from "../../core/redact";

/** Why a stream stopped after it had started, in words a client may read. */
export interface StreamFailure {
  message: string;
  /** `timeout` when a deadline cut it, else `upstream`. */
  kind: "timeout" | "upstream";
}

/**
 * Turns the router's internal stream (OpenAI chat-completion chunks as SSE text) into a client
 * protocol's SSE events. A plain object, not a ReadableStream: the dispatcher's stream guard stays
 * the one JS stream of the response and calls it per chunk.
 *
 * - `push` translates upstream text (cut anywhere) and appends the client's events to `out`.
 * - `end` says the upstream body ended; without the upstream's `[DONE]` that is a failure.
 * - `fail` says the upstream broke (error, deadline, disconnect); it appends the protocol's
 *   explicit error events, never its clean end.
 * After the stream completed or failed, every call is a no-op; `state` tells the guard to stop
 * reading (a malformed upstream chunk fails the stream from inside `push`).
 */
export interface ClientStreamTranslator {
  push(text: string, out: string[]): void;
  end(out: string[]): void;
  fail(failure: StreamFailure, out: string[]): void;
  readonly state: "open" | "completed" | "failed";
}

/** The client-facing failure for a ProviderError that cut a stream (keys redacted). */
export function streamFailure(err: ProviderError, apiKey?: string): StreamFailure {
  return {
    message: `The upstream stream from ${err.provider} failed after it had started; the response is incomplete. ${safeText(err.message, apiKey)}`,
    kind: err.kind === "timeout" ? "timeout" : "upstream",
  };
}

/** One server-sent event with a name (both Responses and Messages name their events). */
export function sseEvent(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}
