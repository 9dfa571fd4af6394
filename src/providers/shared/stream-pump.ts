import type { ChunkReader, ChunkSource, StreamSummary } from "../types";
import { type ErrorContext, toProviderError } from "./provider-errors";

/**
 * The protocol-specific half of a stream: fed decoded upstream text, it appends what the client
 * should receive to `out`. It throws a ProviderError for a malformed or failed stream; what it
 * appended before throwing is still delivered.
 */
export interface StreamTranslator {
  push(text: string, out: string[]): void;
  /** The upstream body ended; throws when the end was not clean (no `[DONE]` / `message_stop`). */
  end(out: string[]): void;
  summary(): StreamSummary;
}

/**
 * Pulls the upstream body through a translator. The result is a plain pull source, not a
 * ReadableStream: the dispatcher's stream guard reads it and is the one JS stream in the response
 * path. The upstream is read only when the source is, and cancelling the source cancels the
 * upstream. Every failure rejects a read with a ProviderError (read errors mapped by
 * `toProviderError`), after the output that preceded it, and every later read rejects with the same
 * error. `summary` resolves once the source has ended, failed or been cancelled.
 */
export function pumpStream(
  upstream: ReadableStream<Uint8Array>,
  translator: StreamTranslator,
  ctx: ErrorContext,
): { body: ChunkSource; summary: Promise<StreamSummary> } {
  const reader = upstream.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let resolveSummary!: (s: StreamSummary) => void;
  const summary = new Promise<StreamSummary>((r) => (resolveSummary = r));
  let state: "open" | "closed" | "failed" = "open";
  let failure: unknown;
  let deferred: unknown;
  const finish = () => resolveSummary(translator.summary());

  const fail = (err: unknown): never => {
    failure = toProviderError(err, ctx);
    state = "failed";
    reader.cancel(failure).catch(() => {});
    finish();
    throw failure;
  };

  /** Reads upstream until the translator has output or the body ends; an error waits behind output. */
  const translate = async (): Promise<{ out: string[]; done: boolean }> => {
    const out: string[] = [];
    let done = false;
    try {
      while (out.length === 0 && !done) {
        const read = await reader.read();
        done = read.done;
        translator.push(done ? decoder.decode() : decoder.decode(read.value, { stream: true }), out);
        if (done) translator.end(out);
      }
    } catch (err) {
      deferred = err;
    }
    return { out, done };
  };

  const source: ChunkReader = {
    async read() {
      if (state === "failed") throw failure;
      if (state === "closed") return { done: true, value: undefined };
      if (deferred !== undefined) return fail(deferred);
      const { out, done } = await translate();
      if (deferred !== undefined && out.length === 0) return fail(deferred);
      if (done && deferred === undefined) {
        state = "closed";
        finish();
      }
      if (out.length > 0) return { done: false, value: encoder.encode(out.join("")) };
      return { done: true, value: undefined };
    },
    cancel(reason) {
      if (state === "open") {
        state = "closed";
        finish();
      }
      return reader.cancel(reason);
    },
  };
  return { body: { getReader: () => source, cancel: (reason) => source.cancel(reason) }, summary };
}
