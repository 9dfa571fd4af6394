import {
  acquire,
  applyEvent,
  CLOSED,
  releaseProbe,
  stateAt,
  type BreakerEvent,
  type BreakerGrant,
  type BreakerRecord,
  type BreakerStateName,
} from "./machine";
import type { BreakerConfig } from "../../config/schema";

/** The breakers as the dispatcher uses them: synchronous reads, fire-and-forget reports. */
export interface BreakerStore {
  acquire(provider: string, model: string, now: number, cfg: BreakerConfig): BreakerGrant;
  report(provider: string, model: string, event: BreakerEvent, cfg: BreakerConfig): void;
  /** Returns an unused half-open probe lease (the call was cancelled). */
  release(provider: string, model: string): void;
  peek(provider: string, model: string): BreakerRecord;
}

/** Where breaker state is shared across isolates (the BreakerState Durable Object, one per provider). */
export interface BreakerRemote {
  /** Applies events for one provider's models and returns all of that provider's records after them. */
  push(provider: string, events: ModelEvent[], cfg: BreakerConfig): Promise<Record<string, BreakerRecord>>;
  pull(provider: string): Promise<Record<string, BreakerRecord>>;
}

export interface ModelEvent {
  model: string;
  event: BreakerEvent;
}

/** Per-request sync context: the remote, and the request's waitUntil to keep background calls alive. */
export interface SyncContext {
  remote?: BreakerRemote;
  background?(p: Promise<unknown>): void;
}

export interface BreakerView {
  provider: string;
  model: string;
  state: BreakerStateName;
  failures: number;
  openedAt?: string;
  lastFailureAt?: string;
}

export interface BoardStats {
  pushes: number;
  pulls: number;
  syncErrors: number;
  lastSyncError?: string;
}

/**
 * The isolate-local view of every breaker, kept in step with a remote in the background: reads are
 * synchronous map lookups; failures and state-changing successes are sent (batched, one call in
 * flight per provider); the remote's view is pulled at most every `syncMs` per provider.
 */
export class BreakerBoard {
  private readonly records = new Map<string, Map<string, BreakerRecord>>();
  private readonly queued = new Map<string, ModelEvent[]>();
  private readonly unsynced = new Map<string, Map<string, number>>();
  /** Provider → when its push / pull started: one of each in flight per provider. */
  private readonly flushing = new Map<string, number>();
  private readonly pulling = new Map<string, number>();
  private readonly lastPull = new Map<string, number>();
  readonly stats: BoardStats = { pushes: 0, pulls: 0, syncErrors: 0 };

  /**
   * @param syncMs pull the remote's view at most this often per provider
   * @param staleMs a push or pull that has not settled after this long no longer blocks the next
   *   one: the request that started it may have been cancelled with its I/O, and its `finally`
   *   would then never run, leaving the provider unsynced for the isolate's lifetime
   */
  constructor(
    private readonly syncMs = 5_000,
    private readonly staleMs = 30_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A BreakerStore that syncs through `ctx` (no ctx or no remote: isolate-local only). */
  session(ctx: SyncContext = {}): BreakerStore {
    return {
      acquire: (provider, model, now, cfg) => {
        if (ctx.remote) this.maybePull(provider, now, ctx);
        const rec = this.get(provider, model);
        const grant = acquire(rec, now, cfg);
        if (grant.record !== rec) this.set(provider, model, grant.record);
        return grant;
      },
      report: (provider, model, event, cfg) => {
        const rec = this.get(provider, model);
        const next = applyEvent(rec, event, cfg);
        this.set(provider, model, next);
        if (ctx.remote && (event.type === "failure" || next !== rec))
          this.enqueue(provider, { model, event }, cfg, ctx);
      },
      release: (provider, model) => this.set(provider, model, releaseProbe(this.get(provider, model))),
      peek: (provider, model) => this.get(provider, model),
    };
  }

  /** Every breaker this isolate knows, with its state at `now`. */
  snapshot(now: number, cfg: BreakerConfig): BreakerView[] {
    const out: BreakerView[] = [];
    for (const [provider, models] of this.records) {
      for (const [model, rec] of models) out.push(view(provider, model, rec, now, cfg));
    }
    return out;
  }

  providers(): string[] {
    return [...this.records.keys()];
  }

  /** Replaces this isolate's view of a provider with the remote's, except models with unsent events. */
  adopt(provider: string, remote: Record<string, BreakerRecord>): void {
    const pending = this.unsynced.get(provider);
    for (const [model, rec] of Object.entries(remote)) {
      if ((pending?.get(model) ?? 0) > 0) continue;
      const local = this.records.get(provider)?.get(model);
      const probeAt =
        rec.state === "open" && local?.probeAt !== undefined && local.probeAt >= (rec.openedAt ?? 0)
          ? local.probeAt
          : undefined;
      this.set(provider, model, { ...rec, probeAt });
    }
  }

  private get(provider: string, model: string): BreakerRecord {
    return this.records.get(provider)?.get(model) ?? CLOSED;
  }

  private set(provider: string, model: string, rec: BreakerRecord): void {
    let models = this.records.get(provider);
    if (!models) this.records.set(provider, (models = new Map()));
    models.set(model, rec);
  }

  private enqueue(provider: string, ev: ModelEvent, cfg: BreakerConfig, ctx: SyncContext): void {
    const list = this.queued.get(provider) ?? [];
    list.push(ev);
    this.queued.set(provider, list);
    this.count(provider, ev.model, 1);
    const p = this.flush(provider, cfg, ctx);
    if (p) ctx.background?.(p);
  }

  private flush(provider: string, cfg: BreakerConfig, ctx: SyncContext): Promise<void> | undefined {
    const events = this.queued.get(provider);
    if (!ctx.remote || this.inFlight(this.flushing, provider) || !events?.length) return undefined;
    this.queued.delete(provider);
    const started = this.clock();
    this.flushing.set(provider, started);
    this.stats.pushes++;
    return ctx.remote
      .push(provider, events, cfg)
      .then(
        (remote) => {
          for (const e of events) this.count(provider, e.model, -1);
          this.adopt(provider, remote);
        },
        (err: unknown) => {
          for (const e of events) this.count(provider, e.model, -1);
          this.syncFailed(err);
        },
      )
      .finally(() => {
        if (this.flushing.get(provider) === started) this.flushing.delete(provider);
        return this.flush(provider, cfg, ctx);
      });
  }

  private maybePull(provider: string, now: number, ctx: SyncContext): void {
    if (
      !ctx.remote ||
      this.inFlight(this.pulling, provider) ||
      now - (this.lastPull.get(provider) ?? -Infinity) < this.syncMs
    )
      return;
    this.lastPull.set(provider, now);
    const started = this.clock();
    this.pulling.set(provider, started);
    this.stats.pulls++;
    const p = ctx.remote
      .pull(provider)
      .then(
        (remote) => this.adopt(provider, remote),
        (err: unknown) => this.syncFailed(err),
      )
      .finally(() => {
        if (this.pulling.get(provider) === started) this.pulling.delete(provider);
      });
    ctx.background?.(p);
  }

  private inFlight(calls: Map<string, number>, provider: string): boolean {
    const started = calls.get(provider);
    return started !== undefined && this.clock() - started < this.staleMs;
  }

  private count(provider: string, model: string, delta: number): void {
    let models = this.unsynced.get(provider);
    if (!models) this.unsynced.set(provider, (models = new Map()));
    models.set(model, (models.get(model) ?? 0) + delta);
  }

  private syncFailed(err: unknown): void {
    this.stats.syncErrors++;
    this.stats.lastSyncError = err instanceof Error ? err.message : String(err);
  }
}

/** A record as the status endpoint shows it. */
export function view(
  provider: string,
  model: string,
  rec: BreakerRecord,
  now: number,
  cfg: BreakerConfig,
): BreakerView {
  const iso = (t?: number) => (t === undefined ? undefined : new Date(t).toISOString());
  return {
    provider,
    model,
    state: stateAt(rec, now, cfg),
    failures: rec.failures,
    openedAt: iso(rec.openedAt),
    lastFailureAt: iso(rec.lastFailureAt),
  };
}
