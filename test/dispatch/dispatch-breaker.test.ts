import { describe, expect, it } from "vitest";
import { dispatch } from "../../src/dispatch";
import { BreakerBoard } from "../../src/dispatch/breaker/store";
import { fakeInput, fakeProvider, perr, type Fake } from "./fakes";

const breaker = { failureThreshold: 2, slowCallMs: 10_000, openMs: 30_000 };

function setup(a: Fake, b: Fake) {
  let clock = 1_000_000;
  const board = new BreakerBoard();
  const run = () =>
    dispatch(
      fakeInput(
        [
          { model: "m1", provider: "openai", fake: a },
          { model: "m2", provider: "anthropic", fake: b },
        ],
        { resilience: { breaker } },
        {
          breakers: board.session(),
          now: () => clock,
        },
      ),
    );
  return { run, board, advance: (ms: number) => (clock += ms) };
}

describe("dispatch: circuit breaker", () => {
  it("opens after consecutive failures, then skips the target while open", async () => {
    const a = fakeProvider("openai", [{ error: perr("openai", "server", 500) }]);
    const b = fakeProvider("anthropic", [{}]);
    const { run } = setup(a, b);
    await run();
    await run();
    expect(a.calls).toHaveLength(2);
    const r = await run();
    expect(a.calls).toHaveLength(2);
    expect(r.ok && r.provider).toBe("anthropic");
    expect(r.attempts[0]).toMatchObject({
      provider: "openai",
      errorKind: "skipped_breaker_open",
      breakerState: "open",
      status: 0,
    });
  });

  it("half-opens after openMs with one probe and closes when it succeeds", async () => {
    const a = fakeProvider("openai", [
      { error: perr("openai", "server", 500) },
      { error: perr("openai", "server", 500) },
      {},
    ]);
    const b = fakeProvider("anthropic", [{}]);
    const { run, advance, board } = setup(a, b);
    await run();
    await run();
    advance(breaker.openMs);
    const probe = await run();
    expect(probe.ok && probe.provider).toBe("openai");
    expect(probe.attempts[0]).toMatchObject({ ok: true, breakerState: "half_open" });
    expect(board.snapshot(0, breaker)[0]).toMatchObject({ provider: "openai", state: "closed", failures: 0 });
    const after = await run();
    expect(after.attempts[0]).toMatchObject({ ok: true, breakerState: "closed" });
  });

  it("re-opens when the probe fails", async () => {
    const a = fakeProvider("openai", [{ error: perr("openai", "server", 500) }]);
    const b = fakeProvider("anthropic", [{}]);
    const { run, advance } = setup(a, b);
    await run();
    await run();
    advance(breaker.openMs);
    const probe = await run();
    expect(probe.attempts[0]).toMatchObject({ errorKind: "server", breakerState: "half_open" });
    expect(a.calls).toHaveLength(3);
    advance(breaker.openMs - 1);
    const skipped = await run();
    expect(skipped.attempts[0].errorKind).toBe("skipped_breaker_open");
    expect(a.calls).toHaveLength(3);
  });

  it("opens on slow calls even though they answer", async () => {
    const a = fakeProvider("openai", [{ afterMs: 40 }]);
    const b = fakeProvider("anthropic", [{}]);
    const board = new BreakerBoard();
    const targets = [
      { model: "m1", provider: "openai", fake: a },
      { model: "m2", provider: "anthropic", fake: b },
    ];
    const served: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await dispatch(
        fakeInput(targets, { resilience: { breaker: { ...breaker, slowCallMs: 20 } } }, { breakers: board.session() }),
      );
      served.push(r.ok ? r.provider : "error");
    }
    expect(served).toEqual(["openai", "openai", "anthropic"]);
    expect(a.calls).toHaveLength(2);
  });

  it("still tries the least-recently-failed target when every breaker is open", async () => {
    const a = fakeProvider("openai", [{ error: perr("openai", "server", 500) }]);
    const b = fakeProvider("anthropic", [
      { error: perr("anthropic", "server", 500) },
      { error: perr("anthropic", "server", 500) },
      {},
    ]);
    const { run, advance } = setup(a, b);
    await run();
    advance(10);
    await run();
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(2);
    advance(10);
    const r = await run();
    expect(r.attempts.map((x) => [x.provider, x.errorKind, x.breakerState])).toEqual([
      ["openai", "skipped_breaker_open", "open"],
      ["anthropic", "skipped_breaker_open", "open"],
      ["openai", "server", "open"],
    ]);
    expect(a.calls).toHaveLength(3);
    expect(!r.ok && r.error.status).toBe(502);
  });

  it("does not count the client's bad request against the provider", async () => {
    const a = fakeProvider("openai", [{ error: perr("openai", "bad_request", 400) }]);
    const b = fakeProvider("anthropic", [{}]);
    const { run, board } = setup(a, b);
    for (let i = 0; i < 3; i++) expect((await run()).ok).toBe(false);
    expect(a.calls).toHaveLength(3);
    expect(board.session().peek("openai", "m1")).toMatchObject({ state: "closed", failures: 0 });
  });
});
