import type { Usage } from "../core/chat";
import { ProviderError } from "../core/errors";
import type { ChunkReader, StreamSummary } from "../providers/types";
import { safeText } from "../core/redact";
import { timer } from "./abort";
import type { CommittedStream } from "./attempt";

export interface GuardOptions {
  committed: CommittedStream;
  /** The attempt's controller: aborted here to stop the upstream; the request's deadline aborts it too. */
  controller: AbortController;
  provider: string;
  apiKey?: string;
  idleMs: number;
  /** Epoch ms of the request's total deadline. */
  deadlineAt: number;
  now(): number;
}

export interface GuardEnd {
  truncated: boolean;
  usage?: Usage;
  finishReason: string | null;
  error?: ProviderError;
}

const encoder = new TextEncoder();

/**
 * The client's body for a committed stream: the first chunk, then upstream chunks as they come
 * (pull-based, nothing buffered). A chunk later than `idleMs`, the total deadline, an upstream
 * error, an unclean end or the request's abort (total deadline, client gone) closes the body
 * with an OpenAI error event (never `[DONE]`) and resolves `done` with `truncated: true`, even
 * when nobody is reading the body.
 */
export function guardStream(o: GuardOptions): { body: ReadableStream<Uint8Array>; done: Promise<GuardEnd> } {
  const { reader, summary } = o.committed;
  let first: Uint8Array | undefined = o.committed.first;
  let resolveDone!: (end: GuardEnd) => void;
  const done = new Promise<GuardEnd>((r) => (resolveDone = r));
  let sink!: ReadableStreamDefaultController<Uint8Array>;
  let ended = false;
  const finish = async (error?: ProviderError, notify = true) => {
    if (ended) return;
    ended = true;
    watch.stop();
    o.controller.signal.removeEventListener("abort", onAbort);
    if (notify && first) sink.enqueue(first);
    first = undefined;
    if (error) {
      if (notify) sink.enqueue(errorEvent(error, o.apiKey));
      o.controller.abort(error);
      reader.cancel(error).catch(() => {});
    }
    if (notify) sink.close();
    const s = await settleSoon(summary);
    resolveDone({ truncated: error !== undefined, usage: s?.usage, finishReason: s?.finishReason ?? null, error });
  };
  const onAbort = () => void finish(abortReason(o.controller.signal));
  o.controller.signal.addEventListener("abort", onAbort, { once: true });
  const watch = watchdog(o, (stall) => void finish(stall));

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        sink = controller;
      },
      async pull(controller) {
        if (first) {
          controller.enqueue(first);
          first = undefined;
          return;
        }
        const next = await nextChunk(o, reader, watch);
        if (ended) return;
        if (next instanceof ProviderError) return finish(next);
        if (next !== undefined) return controller.enqueue(next);
        const s = await settleSoon(summary);
        if (s && !s.completed)
          return finish(
            new ProviderError(o.provider, "connect", `${o.provider}: stream ended without its final event`),
          );
        return finish();
      },
      cancel(reason) {
        const message = reason instanceof Error ? reason.message : "client closed the stream";
        return finish(new ProviderError(o.provider, "aborted", `client went away: ${message}`), false);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, done };
}

interface Watchdog {
  /** A read starts waiting for the upstream. */
  reading(): void;
  /** The read got its chunk (or the end). */
  got(): void;
  stop(): void;
}

/**
 * One timer per stream instead of one per chunk (a timer, an abort listener and a three-way race
 * per chunk cost a streaming request about a quarter of its throughput in workerd): it stalls the
 * stream when a read has waited `idleMs`, or, when less than that was left of the total deadline
 * as the read began, at the deadline. The request's abort is the guard's own listener.
 */
function watchdog(o: GuardOptions, stall: (error: ProviderError) => void): Watchdog {
  let since: number | undefined;
  let clear = () => {};
  const check = () => {
    const now = o.now();
    if (since === undefined) return (clear = timer(o.idleMs, check));
    const left = o.deadlineAt - since;
    const limit = Math.min(o.idleMs, left);
    if (now - since < limit) return (clear = timer(limit - (now - since), check));
    const message = left < o.idleMs ? "total deadline passed mid-stream" : `no chunk for ${o.idleMs} ms`;
    stall(new ProviderError(o.provider, "timeout", `${o.provider}: ${message}`));
  };
  clear = timer(Math.min(o.idleMs, o.deadlineAt - o.now()), check);
  return {
    reading: () => {
      since = o.now();
      if (o.deadlineAt - since < o.idleMs) {
        clear();
        clear = timer(o.deadlineAt - since, check);
      }
    },
    got: () => (since = undefined),
    stop: () => clear(),
  };
}

/** The next non-empty chunk, undefined at the end, or the ProviderError that cut the stream. */
async function nextChunk(
  o: GuardOptions,
  reader: ChunkReader,
  watch: Watchdog,
): Promise<Uint8Array | undefined | ProviderError> {
  for (;;) {
    watch.reading();
    try {
      const r = await reader.read();
      if (r.done) return undefined;
      if (r.value.byteLength > 0) return r.value;
    } catch (err) {
      return err instanceof ProviderError
        ? err
        : new ProviderError(o.provider, "connect", safeText(`${o.provider}: ${String(err)}`, o.apiKey));
    } finally {
      watch.got();
    }
  }
}

function abortReason(signal: AbortSignal): ProviderError {
  return signal.reason instanceof ProviderError
    ? signal.reason
    : new ProviderError("router", "aborted", "request aborted");
}

/** The summary if it is there within a moment (it should be, once the body has ended). */
function settleSoon(summary: Promise<StreamSummary>): Promise<StreamSummary | undefined> {
  let clear = () => {};
  const late = new Promise<undefined>((r) => (clear = timer(250, () => r(undefined))));
  return Promise.race([summary.catch(() => undefined), late]).finally(() => clear());
}

/** `data: {"error":{…}}` in the OpenAI stream format, for a stream cut after its first byte. */
export function errorEvent(err: ProviderError, apiKey?: string): Uint8Array {
  const timeout = err.kind === "timeout";
  const error = {
    message: `The upstream stream from ${err.provider} failed after it had started; the response is incomplete. ${safeText(err.message, apiKey)}`,
    type: timeout ? "timeout_error" : "server_error",
    code: timeout ? "upstream_timeout" : "upstream_stream_error",
  };
  return encoder.encode(`data: ${JSON.stringify({ error })}\n\n`);
}
