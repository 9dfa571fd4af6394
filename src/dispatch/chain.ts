import type { ChatCompletionRequest } from "../core/chat";
import { ProviderError, type ProviderErrorKind } from "../core/errors";
import { startAttempt, type AttemptSettled, type RunningAttempt } from "./attempt";
import type { AttemptLog } from "./attempt-log";
import { timer } from "./abort";
import { retryDelayMs } from "./backoff";
import type { BreakerStore } from "./breaker/store";
import type { AttemptPlan } from "./plan";
import type { DispatchSettings } from "./settings";
import type { AttemptRecord, AttemptSpec } from "./types";

export interface ChainContext {
  req: ChatCompletionRequest;
  stream: boolean;
  settings: DispatchSettings;
  plan: AttemptPlan;
  log: AttemptLog;
  breakers: BreakerStore;
  /** Aborts on the total deadline or when the client goes away. */
  request: AbortSignal;
  deadlineAt: number;
  busy: BusyClock;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

export type Won = { attempt: RunningAttempt; settled: Extract<AttemptSettled, { ok: true }>; record: AttemptRecord };
export type ChainOutcome = { kind: "won"; won: Won } | { kind: "fatal"; error: ProviderError } | { kind: "exhausted" };

/** Errors that say nothing about the provider's health. */
const NEUTRAL: ReadonlySet<ProviderErrorKind> = new Set(["bad_request", "context_length", "aborted"]);

/**
 * Runs the plan: one call at a time, or two when hedging starts the next target after
 * `hedgeAfterMs` without a first byte; the first success wins and the other call is cancelled.
 * Stops early on the client's own bad request, on the client going away, and on the deadline.
 */
export async function runChain(c: ChainContext): Promise<ChainOutcome> {
  const running: RunningAttempt[] = [];
  let hedging = c.settings.hedgeAfterMs !== undefined;
  for (;;) {
    if (running.length === 0) {
      const next = await startNext(c);
      if (!next) return { kind: "exhausted" };
      running.push(next);
    }
    const hedgeIn =
      hedging && running.length === 1 ? c.settings.hedgeAfterMs! - (c.now() - running[0].startedAt) : undefined;
    const ev = await nextEvent(running, hedgeIn);
    if (ev === "hedge") {
      const spec = c.plan.hasFallback(running[0].spec) ? c.plan.hedge(running[0].spec) : undefined;
      if (spec) running.push(launch(c, spec));
      else hedging = false;
      continue;
    }
    running.splice(running.indexOf(ev.attempt), 1);
    const { spec } = ev.attempt;
    const { target } = spec.resolved;
    if (ev.settled.ok) {
      const record = c.log.success(spec, ev.settled.latencyMs);
      cancelAll(c, running, "hedge_lost");
      c.breakers.report(
        target.providerId,
        target.modelId,
        { type: "success", at: c.now(), latencyMs: ev.settled.latencyMs, probe: spec.probe },
        c.settings.breaker,
      );
      if (ev.settled.json) {
        ev.attempt.unlink();
        c.busy.leave(c.now());
      }
      return { kind: "won", won: { attempt: ev.attempt, settled: ev.settled, record } };
    }
    c.busy.leave(c.now());
    const error = ev.settled.error;
    c.log.failure(spec, error, ev.settled.latencyMs);
    if (NEUTRAL.has(error.kind)) releaseProbe(c, spec);
    else
      c.breakers.report(
        target.providerId,
        target.modelId,
        { type: "failure", at: c.now(), probe: spec.probe },
        c.settings.breaker,
      );
    if (error.kind === "bad_request" || error.kind === "aborted") {
      cancelAll(c, running, "aborted");
      return { kind: "fatal", error };
    }
    const remainingMs = c.deadlineAt - c.now();
    const delay = retryDelayMs({
      error,
      retry: spec.retry,
      settings: c.settings,
      remainingMs,
      hasFallback: c.plan.hasFallback(spec),
      random: c.random,
    });
    c.plan.failed(spec, error, delay);
  }
}

async function startNext(c: ChainContext): Promise<RunningAttempt | undefined> {
  if (c.request.aborted) return undefined;
  const spec = c.plan.take();
  if (!spec) return undefined;
  if (spec.delayMs > 0) await c.sleep(spec.delayMs, c.request).catch(() => {});
  if (c.request.aborted || c.deadlineAt - c.now() <= 0) {
    releaseProbe(c, spec);
    return undefined;
  }
  return launch(c, spec);
}

function launch(c: ChainContext, spec: AttemptSpec): RunningAttempt {
  c.busy.enter(c.now());
  const firstByteMs = Math.min(c.stream ? c.settings.firstByteMs : c.settings.responseMs, c.deadlineAt - c.now());
  return startAttempt(spec, { req: c.req, stream: c.stream, request: c.request, firstByteMs, now: c.now });
}

type ChainEvent = "hedge" | { attempt: RunningAttempt; settled: AttemptSettled };

async function nextEvent(running: RunningAttempt[], hedgeInMs: number | undefined): Promise<ChainEvent> {
  const settled = running.map((attempt) => attempt.settled.then((s) => ({ attempt, settled: s })));
  if (hedgeInMs === undefined) return Promise.race(settled);
  let clear = () => {};
  const hedge = new Promise<"hedge">((r) => (clear = timer(hedgeInMs, () => r("hedge"))));
  return Promise.race([...settled, hedge]).finally(() => clear());
}

/** Stops calls that lost (hedging) or no longer matter (the request ended); closes their streams. */
function cancelAll(c: ChainContext, running: RunningAttempt[], kind: "hedge_lost" | "aborted"): void {
  for (const r of running.splice(0)) {
    const { target } = r.spec.resolved;
    const why = kind === "hedge_lost" ? "hedge lost: another target answered first" : "cancelled: the request ended";
    r.controller.abort(new ProviderError(target.providerId, "aborted", `${target.providerId}: ${why}`));
    r.unlink();
    c.busy.leave(c.now());
    c.log.cancelled(r.spec, kind, why, c.now() - r.startedAt);
    releaseProbe(c, r.spec);
    r.settled.then((s) => (s.ok && s.stream ? s.stream.reader.cancel().catch(() => {}) : undefined));
  }
}

function releaseProbe(c: ChainContext, spec: AttemptSpec): void {
  if (spec.probe) c.breakers.release(spec.resolved.target.providerId, spec.resolved.target.modelId);
}

/** Wall time with at least one upstream call in flight. */
export class BusyClock {
  private inFlight = 0;
  private since = 0;
  private total = 0;

  enter(now: number): void {
    if (this.inFlight++ === 0) this.since = now;
  }

  leave(now: number): void {
    if (--this.inFlight === 0) this.total += now - this.since;
  }

  ms(now: number): number {
    return this.total + (this.inFlight > 0 ? now - this.since : 0);
  }
}
