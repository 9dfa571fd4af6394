import type { BreakerConfig } from "../../config/schema";

export type BreakerStateName = "closed" | "open" | "half_open";

/**
 * One circuit breaker (one provider + model). `open` stays stored until a probe succeeds or
 * fails; "half_open" is derived: open and `openMs` elapsed.
 */
export interface BreakerRecord {
  state: "closed" | "open";
  /** Consecutive failures (slow calls included). */
  failures: number;
  openedAt?: number;
  lastFailureAt?: number;
  /** When the current half-open probe was granted (a lease: another probe after `openMs`). */
  probeAt?: number;
  updatedAt: number;
}

/** A call's outcome as the breaker counts it. `probe`: the call was a half-open probe or a forced try. */
export interface BreakerEvent {
  type: "success" | "failure";
  at: number;
  latencyMs?: number;
  probe?: boolean;
}

export interface BreakerGrant {
  allowed: boolean;
  /** State seen when asked: "half_open" when this call is (or waits behind) the probe. */
  state: BreakerStateName;
  probe: boolean;
  record: BreakerRecord;
}

export const CLOSED: BreakerRecord = Object.freeze({ state: "closed", failures: 0, updatedAt: 0 });

/** The state a record is in at `now`. */
export function stateAt(rec: BreakerRecord, now: number, cfg: BreakerConfig): BreakerStateName {
  if (rec.state === "closed") return "closed";
  return now - (rec.openedAt ?? 0) >= cfg.openMs ? "half_open" : "open";
}

/**
 * Asks whether a call may go out now. Closed: yes. Open: no. Half-open: yes for one probe per
 * `openMs` (the returned record holds the lease), no for the others.
 */
export function acquire(rec: BreakerRecord, now: number, cfg: BreakerConfig): BreakerGrant {
  const state = stateAt(rec, now, cfg);
  if (state === "closed") return { allowed: true, state, probe: false, record: rec };
  if (state === "open") return { allowed: false, state, probe: false, record: rec };
  if (rec.probeAt !== undefined && now - rec.probeAt < cfg.openMs)
    return { allowed: false, state, probe: false, record: rec };
  return { allowed: true, state, probe: true, record: { ...rec, probeAt: now, updatedAt: now } };
}

/** Gives back a probe lease whose call was cancelled before it could tell anything. */
export function releaseProbe(rec: BreakerRecord): BreakerRecord {
  return rec.probeAt === undefined ? rec : { ...rec, probeAt: undefined };
}

/**
 * Applies one outcome. A success slower than `slowCallMs` is a failure. Failures open the breaker
 * at `failureThreshold` in a row, and re-open it when a probe fails. A success closes it when it
 * was a probe or the open window has passed; a late success from a call started before the breaker
 * opened leaves it open.
 */
export function applyEvent(rec: BreakerRecord, ev: BreakerEvent, cfg: BreakerConfig): BreakerRecord {
  const slow = ev.type === "success" && (ev.latencyMs ?? 0) > cfg.slowCallMs;
  if (ev.type === "success" && !slow) {
    if (rec.state === "open" && !ev.probe && stateAt(rec, ev.at, cfg) === "open") return rec;
    if (rec.state === "closed" && rec.failures === 0) return rec;
    return { state: "closed", failures: 0, lastFailureAt: rec.lastFailureAt, updatedAt: ev.at };
  }
  const failures = rec.failures + 1;
  const base = { failures, lastFailureAt: ev.at, updatedAt: ev.at };
  if (rec.state === "open") {
    const reopen = ev.probe || stateAt(rec, ev.at, cfg) === "half_open";
    return reopen ? { ...base, state: "open", openedAt: ev.at } : { ...rec, ...base };
  }
  if (failures >= cfg.failureThreshold) return { ...base, state: "open", openedAt: ev.at };
  return { ...base, state: "closed" };
}
