import type { StreamSummary } from "../types";
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
 * Pulls the upstream body through a translator into the client's body. Pull-based, so the
 * upstream is read only as fast as the client reads, and cancelling the body cancels the upstream.
 * Every failure reaches the client as a ProviderError (read errors mapped by `toProviderError`),
 * after the output that preceded it. `summary` resolves once the body has ended, errored or been
 * cancelled.
 */
export function pumpStream(
  upstream: ReadableStream<Uint8Array>,
  translator: StreamTranslator,
  ctx: ErrorContext,
): { body: ReadableStream<Uint8Array>; summary: Promise<StreamSummary> } {
  const reader = upstream.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let resolveSummary!: (s: StreamSummary) => void;
  const summary = new Promise<StreamSummary>((r) => (resolveSummary = r));
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    resolveSummary(translator.summary());
  };
  let deferred: unknown;

  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, err: unknown) => {
    const error = toProviderError(err, ctx);
    controller.error(error);
    reader.cancel(error).catch(() => {});
    finish();
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (deferred !== undefined) return fail(controller, deferred);
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
        if (out.length > 0) controller.enqueue(encoder.encode(out.join("")));
        if (deferred !== undefined) {
          if (out.length === 0) fail(controller, deferred);
        } else if (done) {
          controller.close();
          finish();
        }
      },
      cancel(reason) {
        finish();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, summary };
}
