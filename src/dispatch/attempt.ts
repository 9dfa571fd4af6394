import type { ChatCompletionRequest } from "../core/chat";
import { ProviderError } from "../core/errors";
import type { ChunkReader, CompletionOutcome, StreamSummary } from "../providers/types";
import { asProviderError, link, raceAbort, timer } from "./abort";
import type { AttemptSpec } from "./types";

/** A stream whose first chunk has arrived: the point after which there is no failover. */
export interface CommittedStream {
  first: Uint8Array;
  reader: ChunkReader;
  summary: Promise<StreamSummary>;
}

export type AttemptSettled =
  | { ok: true; latencyMs: number; json?: CompletionOutcome; stream?: CommittedStream }
  | { ok: false; latencyMs: number; error: ProviderError };

export interface RunningAttempt {
  spec: AttemptSpec;
  startedAt: number;
  /** Aborted by deadlines, hedging and the client; a committed stream keeps using it. */
  controller: AbortController;
  /** Never rejects. */
  settled: Promise<AttemptSettled>;
  /** Stops listening to the request's signal (call when the attempt is over for good). */
  unlink(): void;
}

export interface AttemptContext {
  req: ChatCompletionRequest;
  stream: boolean;
  /** Aborts on the request's total deadline or the client going away. */
  request: AbortSignal;
  /** min(firstByteMs, or responseMs when not streaming, and the time left of the total deadline). */
  firstByteMs: number;
  now(): number;
}

/**
 * Starts one upstream call. It settles at the first chunk (streams) or the full body (JSON), or with
 * the ProviderError that ended it; no first byte within `firstByteMs` aborts the call as a timeout.
 */
export function startAttempt(spec: AttemptSpec, ctx: AttemptContext): RunningAttempt {
  const controller = new AbortController();
  const unlink = link(ctx.request, controller);
  const { target } = spec.resolved;
  const startedAt = ctx.now();
  const what = ctx.stream ? "no first chunk" : "no complete response";
  const clear = timer(ctx.firstByteMs, () =>
    controller.abort(
      new ProviderError(target.providerId, "timeout", `${target.providerId}: ${what} within ${ctx.firstByteMs} ms`),
    ),
  );
  const call = ctx.stream
    ? firstChunk(spec, ctx.req, controller.signal)
    : completeCall(spec, ctx.req, controller.signal);
  const settled = call.then(
    (ok): AttemptSettled => ({ ok: true, latencyMs: ctx.now() - startedAt, ...ok }),
    (err: unknown): AttemptSettled => {
      unlink();
      return {
        ok: false,
        latencyMs: ctx.now() - startedAt,
        error: asProviderError(err, target.providerId, controller.signal, target.apiKey),
      };
    },
  );
  settled.finally(clear);
  return { spec, startedAt, controller, settled, unlink };
}

async function completeCall(
  spec: AttemptSpec,
  req: ChatCompletionRequest,
  signal: AbortSignal,
): Promise<{ json: CompletionOutcome }> {
  const { provider, target } = spec.resolved;
  const outcome = await raceAbort(provider.complete(req, target, { signal }), signal);
  if (!Array.isArray(outcome.body.choices) || outcome.body.choices.length === 0) {
    throw new ProviderError(
      target.providerId,
      "invalid_response",
      `${target.providerId}: completion without choices`,
      200,
    );
  }
  return { json: outcome };
}

async function firstChunk(
  spec: AttemptSpec,
  req: ChatCompletionRequest,
  signal: AbortSignal,
): Promise<{ stream: CommittedStream }> {
  const { provider, target } = spec.resolved;
  const pending = provider.stream(req, target, { signal });
  const outcome = await raceAbort(pending, signal).catch((err: unknown) => {
    pending.then(
      (late) => late.body.cancel(signal.reason).catch(() => {}),
      () => {},
    );
    throw err;
  });
  const reader = outcome.body.getReader();
  try {
    for (;;) {
      const read = await raceAbort(reader.read(), signal);
      if (read.done)
        throw new ProviderError(
          target.providerId,
          "invalid_response",
          `${target.providerId}: stream ended before its first chunk`,
          200,
        );
      if (read.value.byteLength > 0) return { stream: { first: read.value, reader, summary: outcome.summary } };
    }
  } catch (err) {
    reader.cancel(signal.reason ?? err).catch(() => {});
    throw err;
  }
}
