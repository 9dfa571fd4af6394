import { ProviderError } from "../core/errors";
import { AttemptLog } from "./attempt-log";
import { timer } from "./abort";
import { BusyClock, runChain, type Won } from "./chain";
import { failureError } from "./failure";
import { AttemptPlan } from "./plan";
import type { BreakerConfig } from "../config/schema";
import { resolveSettings } from "./settings";
import type { BreakerStore } from "./breaker/store";
import { guardStream } from "./stream-guard";
import type { Candidate, DispatchInput, DispatchResult, DispatchSuccess, StreamEnd } from "./types";

/**
 * Sends the request to the decision's targets in order until one answers: deadlines per attempt
 * and in total, retries with backoff and jitter, circuit breakers, optional hedging, and for
 * streams failover only until the first chunk. Never throws for upstream failures: the result is
 * either the answer or an OpenAI-shaped RouterError listing every attempt.
 * @example
 * const r = await dispatch({ req, stream: false, targets: decision.targets, route: decision.routeConfig,
 *   resilience: config.resilience, estimatedInputTokens: 1200, signal, deps: { resolve, breakers } });
 * if (r.ok && r.response.kind === "json") return Response.json(r.response.outcome.body);
 */
export async function dispatch(input: DispatchInput): Promise<DispatchResult> {
  const settings = resolveSettings(input.route, input.resilience);
  const now = input.deps.now ?? Date.now;
  const started = now();
  const deadlineAt = started + settings.totalMs;
  const log = new AttemptLog();
  const request = requestScope(input.signal, settings.totalMs);
  const plan = new AttemptPlan(candidates(input, log), input.deps.breakers, settings.breaker, log, now);
  const busy = new BusyClock();
  const outcome = await runChain({
    req: input.req,
    stream: input.stream,
    settings,
    plan,
    log,
    breakers: input.deps.breakers,
    request: request.signal,
    deadlineAt,
    busy,
    now,
    sleep: input.deps.sleep ?? sleep,
    random: input.deps.random ?? Math.random,
  });
  if (outcome.kind !== "won") {
    const reason: unknown = request.signal.reason;
    request.dispose();
    const error = failureError(log.records, {
      badRequest: outcome.kind === "fatal" && outcome.error.kind === "bad_request" ? outcome.error : undefined,
      clientGone: input.signal?.aborted ?? false,
      deadlinePassed: (reason instanceof ProviderError && reason.kind === "timeout") || now() >= deadlineAt,
      totalMs: settings.totalMs,
    });
    return { ok: false, error, attempts: log.records, upstreamMs: busy.ms(now()) };
  }
  const { attempt, settled } = outcome.won;
  const { target } = attempt.spec.resolved;
  const base = {
    ok: true as const,
    model: target.modelId,
    provider: target.providerId,
    attempts: log.records,
    upstreamMs: busy.ms(now()),
    ttfbMs: now() - started,
  };
  if (settled.json) {
    request.dispose();
    return { ...base, response: { kind: "json", outcome: settled.json } };
  }
  return streamResult(input.deps.breakers, base, outcome.won, {
    deadlineAt,
    idleMs: settings.idleMs,
    breaker: settings.breaker,
    busy,
    request,
    now,
  });
}

interface StreamScope {
  deadlineAt: number;
  idleMs: number;
  breaker: BreakerConfig;
  busy: BusyClock;
  request: RequestScope;
  now(): number;
}

function streamResult(
  breakers: BreakerStore,
  base: Omit<DispatchSuccess, "response">,
  won: Won,
  s: StreamScope,
): DispatchSuccess {
  const { target } = won.attempt.spec.resolved;
  const guarded = guardStream({
    committed: won.settled.stream!,
    controller: won.attempt.controller,
    provider: target.providerId,
    apiKey: target.apiKey,
    idleMs: s.idleMs,
    deadlineAt: s.deadlineAt,
    now: s.now,
  });
  const done = guarded.done.then((end): StreamEnd => {
    s.request.dispose();
    won.attempt.unlink();
    s.busy.leave(s.now());
    result.upstreamMs = s.busy.ms(s.now());
    if (end.error && end.error.kind !== "aborted") {
      won.record.ok = false;
      won.record.errorKind = end.error.kind;
      won.record.error = `after the first chunk: ${end.error.message}`;
      breakers.report(target.providerId, target.modelId, { type: "failure", at: s.now() }, s.breaker);
    }
    const error = end.error && { kind: end.error.kind, message: end.error.message };
    return {
      truncated: end.truncated,
      usage: end.usage,
      finishReason: end.finishReason,
      error,
      upstreamMs: result.upstreamMs,
    };
  });
  const result: DispatchSuccess = { ...base, response: { kind: "stream", body: guarded.body, done } };
  return result;
}

/** Resolves the targets (a target that cannot be resolved is recorded, not fatal) and drops those whose context window is smaller than the estimated input. */
function candidates(input: DispatchInput, log: AttemptLog): Candidate[] {
  const all: Candidate[] = [];
  for (const decision of input.targets) {
    try {
      const resolved = input.deps.resolve(decision.model);
      if (resolved) all.push({ decision, resolved });
      else log.skip(decision, "not_found", `model ${decision.model} (${decision.provider}) is not configured`);
    } catch (err) {
      const e = err instanceof ProviderError ? err : new ProviderError(decision.provider, "not_found", String(err));
      log.skip(decision, e.kind, e.kind === "auth" ? `AUTH: ${e.message}` : e.message);
    }
  }
  const need = input.estimatedInputTokens ?? 0;
  const fits = all.filter((c) => c.resolved.contextWindow >= need);
  const largest = all.reduce<Candidate | undefined>(
    (a, b) => (a && a.resolved.contextWindow >= b.resolved.contextWindow ? a : b),
    undefined,
  );
  const keep = fits.length > 0 || !largest ? fits : [largest];
  for (const c of all) {
    if (!keep.includes(c))
      log.skip(
        c.decision,
        "skipped_context_window",
        `estimated input of ${need} tokens exceeds the context window of ${c.resolved.contextWindow}`,
      );
  }
  return keep;
}

interface RequestScope {
  signal: AbortSignal;
  dispose(): void;
}

/** The request's own signal: aborted by the client's signal or when the total deadline passes. */
function requestScope(client: AbortSignal | undefined, totalMs: number): RequestScope {
  const ac = new AbortController();
  const clear = timer(totalMs, () =>
    ac.abort(new ProviderError("router", "timeout", `router: total deadline of ${totalMs} ms passed`)),
  );
  const onClient = () => ac.abort(new ProviderError("router", "aborted", "router: the client closed the request"));
  if (client?.aborted) onClient();
  else client?.addEventListener("abort", onClient, { once: true });
  return {
    signal: ac.signal,
    dispose: () => {
      clear();
      client?.removeEventListener("abort", onClient);
    },
  };
}

/** setTimeout as a promise; resolves early when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const clear = timer(ms, done);
    function done() {
      clear();
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
