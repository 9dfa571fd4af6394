import { describe, expect, it } from "vitest";
import { acquire, applyEvent, CLOSED, stateAt, type BreakerRecord } from "../../../src/dispatch/breaker/machine";
import { BreakerBoard, type BreakerRemote, type ModelEvent } from "../../../src/dispatch/breaker/store";

const cfg = { failureThreshold: 3, slowCallMs: 1_000, openMs: 10_000 };
const fail = (rec: BreakerRecord, at: number, probe = false) => applyEvent(rec, { type: "failure", at, probe }, cfg);
const ok = (rec: BreakerRecord, at: number, latencyMs = 10, probe = false) =>
  applyEvent(rec, { type: "success", at, latencyMs, probe }, cfg);

describe("breaker state machine", () => {
  it("opens after the threshold of consecutive failures; a success in between resets the run", () => {
    let r = fail(fail(CLOSED, 1), 2);
    expect(r).toMatchObject({ state: "closed", failures: 2 });
    r = fail(ok(r, 3), 4);
    expect(r).toMatchObject({ state: "closed", failures: 1 });
    r = fail(fail(r, 5), 6);
    expect(r).toMatchObject({ state: "open", failures: 3, openedAt: 6, lastFailureAt: 6 });
  });

  it("counts a success slower than slowCallMs as a failure", () => {
    const r = ok(ok(ok(CLOSED, 1, 1_500), 2, 2_000), 3, 1_001);
    expect(r).toMatchObject({ state: "open", openedAt: 3 });
  });

  it("blocks while open, grants one probe when half-open, closes on the probe's success", () => {
    const open = fail(fail(fail(CLOSED, 0), 0), 0);
    expect(acquire(open, 9_999, cfg)).toMatchObject({ allowed: false, state: "open" });
    const probe = acquire(open, 10_000, cfg);
    expect(probe).toMatchObject({ allowed: true, state: "half_open", probe: true });
    expect(acquire(probe.record, 10_001, cfg)).toMatchObject({ allowed: false, state: "half_open" });
    expect(ok(probe.record, 10_050, 10, true)).toMatchObject({ state: "closed", failures: 0 });
  });

  it("re-opens for another openMs when the probe fails; the lease expires if a probe never reports", () => {
    const open = fail(fail(fail(CLOSED, 0), 0), 0);
    const probe = acquire(open, 10_000, cfg);
    const reopened = fail(probe.record, 10_100, true);
    expect(reopened).toMatchObject({ state: "open", openedAt: 10_100 });
    expect(stateAt(reopened, 20_000, cfg)).toBe("open");
    expect(stateAt(reopened, 20_100, cfg)).toBe("half_open");
    expect(acquire(probe.record, 19_999, cfg).allowed).toBe(false);
    expect(acquire(probe.record, 20_000, cfg).allowed).toBe(true);
  });

  it("ignores a late non-probe success while open (a call that started before it opened)", () => {
    const open = fail(fail(fail(CLOSED, 0), 0), 0);
    expect(ok(open, 500)).toBe(open);
    expect(ok(open, 500, 10, true).state).toBe("closed");
  });
});

function fakeRemote() {
  const shared = new Map<string, Map<string, BreakerRecord>>();
  const pushes: ModelEvent[][] = [];
  let pulls = 0;
  const records = (p: string) => Object.fromEntries(shared.get(p) ?? []);
  const remote: BreakerRemote = {
    push: async (provider, events, c) => {
      pushes.push(events);
      const m = shared.get(provider) ?? new Map<string, BreakerRecord>();
      shared.set(provider, m);
      for (const { model, event } of events) m.set(model, applyEvent(m.get(model) ?? CLOSED, event, c));
      return records(provider);
    },
    pull: async (provider) => {
      pulls++;
      return records(provider);
    },
  };
  return { remote, pushes, shared, pulls: () => pulls };
}

describe("BreakerBoard: isolate-local view synced in the background", () => {
  it("shares one isolate's failures with another isolate through the remote", async () => {
    const { remote } = fakeRemote();
    const bg: Promise<unknown>[] = [];
    const isolateA = new BreakerBoard(1_000).session({ remote, background: (p) => bg.push(p) });
    const boardB = new BreakerBoard(1_000);
    const isolateB = boardB.session({ remote, background: (p) => bg.push(p) });
    expect(isolateB.acquire("openai", "m", 0, cfg).allowed).toBe(true);
    for (let i = 0; i < 3; i++) isolateA.report("openai", "m", { type: "failure", at: 100 }, cfg);
    await Promise.all(bg.splice(0));
    expect(isolateB.acquire("openai", "m", 500, cfg).allowed).toBe(true);
    expect(isolateB.acquire("openai", "m", 1_000, cfg).allowed).toBe(true);
    await Promise.all(bg.splice(0));
    expect(isolateB.acquire("openai", "m", 1_001, cfg)).toMatchObject({ allowed: false, state: "open" });
    expect(boardB.snapshot(1_001, cfg)).toEqual([
      {
        provider: "openai",
        model: "m",
        state: "open",
        failures: 3,
        openedAt: new Date(100).toISOString(),
        lastFailureAt: new Date(100).toISOString(),
      },
    ]);
  });

  it("batches reports while a push is in flight and keeps one call per provider in flight", async () => {
    const { remote, pushes } = fakeRemote();
    const bg: Promise<unknown>[] = [];
    const s = new BreakerBoard().session({ remote, background: (p) => bg.push(p) });
    for (let i = 0; i < 5; i++) s.report("openai", "m", { type: "failure", at: i }, cfg);
    while (bg.length) await Promise.all(bg.splice(0));
    expect(pushes.map((p) => p.length)).toEqual([1, 4]);
  });

  it("sends nothing for successes that change nothing, and pulls at most once per interval", async () => {
    const { remote, pushes, pulls } = fakeRemote();
    const bg: Promise<unknown>[] = [];
    const s = new BreakerBoard(5_000).session({ remote, background: (p) => bg.push(p) });
    for (let t = 0; t < 4_000; t += 100) {
      s.acquire("openai", "m", t, cfg);
      s.report("openai", "m", { type: "success", at: t, latencyMs: 5 }, cfg);
    }
    await Promise.all(bg.splice(0));
    expect(pushes).toHaveLength(0);
    expect(pulls()).toBe(1);
    s.report("openai", "m", { type: "failure", at: 4_000 }, cfg);
    s.report("openai", "m", { type: "success", at: 4_001, latencyMs: 5 }, cfg);
    while (bg.length) await Promise.all(bg.splice(0));
    expect(pushes.flat().map((e) => e.event.type)).toEqual(["failure", "success"]);
  });

  it("a push that never settles (its request cancelled) stops blocking the next one after staleMs", async () => {
    const pushes: ModelEvent[][] = [];
    const remote: BreakerRemote = {
      push: (_p, events) => (pushes.push(events), new Promise(() => {})),
      pull: () => new Promise(() => {}),
    };
    let now = 0;
    const s = new BreakerBoard(5_000, 30_000, () => now).session({ remote, background: () => {} });
    s.report("openai", "m", { type: "failure", at: 0 }, cfg);
    now = 29_999;
    s.report("openai", "m", { type: "failure", at: now }, cfg);
    expect(pushes).toHaveLength(1);
    now = 30_000;
    s.report("openai", "m", { type: "failure", at: now }, cfg);
    expect(pushes.map((p) => p.length)).toEqual([1, 2]);
  });

  it("keeps its own view of a model whose reports have not reached the remote yet", async () => {
    const { remote } = fakeRemote();
    const board = new BreakerBoard();
    const s = board.session({ remote, background: () => {} });
    for (let i = 0; i < 3; i++) s.report("openai", "m", { type: "failure", at: 1 }, cfg);
    board.adopt("openai", { m: { ...CLOSED, updatedAt: 0 } });
    expect(s.peek("openai", "m").state).toBe("open");
  });

  it("keeps working on its own when the remote fails, and counts the failure", async () => {
    const remote: BreakerRemote = {
      push: () => Promise.reject(new Error("DO unreachable")),
      pull: () => Promise.reject(new Error("DO unreachable")),
    };
    const bg: Promise<unknown>[] = [];
    const board = new BreakerBoard();
    const s = board.session({ remote, background: (p) => bg.push(p) });
    s.acquire("openai", "m", 0, cfg);
    for (let i = 0; i < 3; i++) s.report("openai", "m", { type: "failure", at: 1 }, cfg);
    await Promise.all(bg.splice(0));
    expect(s.acquire("openai", "m", 2, cfg).allowed).toBe(false);
    expect(board.stats.syncErrors).toBeGreaterThanOrEqual(2);
    expect(board.stats.lastSyncError).toBe("DO unreachable");
  });
});
