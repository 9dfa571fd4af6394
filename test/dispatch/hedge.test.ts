import { describe, expect, it } from "vitest";
import { dispatch } from "../../src/dispatch";
import { BreakerBoard } from "../../src/dispatch/breaker/store";
import { fakeInput, fakeProvider, perr, readAll, sse } from "./fakes";

const route = (afterMs: number) => ({
  deadlines: { firstByteMs: 1_000, responseMs: 1_000, totalMs: 5_000 },
  retry: { maxRetries: 0 },
  hedge: { afterMs },
});

describe("dispatch: hedging", () => {
  it("starts the next target after afterMs without a first byte, takes the faster one, cancels the other", async () => {
    const slow = fakeProvider("openai", [{ afterMs: 300 }]);
    const fast = fakeProvider("anthropic", [{ afterMs: 10 }]);
    const board = new BreakerBoard();
    const started = Date.now();
    const r = await dispatch(
      fakeInput(
        [
          { model: "m1", provider: "openai", fake: slow },
          { model: "m2", provider: "anthropic", fake: fast },
        ],
        { route: route(40) },
        { breakers: board.session() },
      ),
    );
    const took = Date.now() - started;
    expect(r.ok && r.provider).toBe("anthropic");
    expect(took).toBeGreaterThanOrEqual(45);
    expect(took).toBeLessThan(250);
    expect(fast.calls[0].at - slow.calls[0].at).toBeGreaterThanOrEqual(38);
    expect(slow.calls[0].signal?.aborted).toBe(true);
    expect(r.attempts.map((a) => [a.provider, a.ok, a.errorKind])).toEqual([
      ["anthropic", true, undefined],
      ["openai", false, "hedge_lost"],
    ]);
    expect(board.session().peek("openai", "m1").failures).toBe(0);
  });

  it("keeps the first target when it answers before the hedge delay", async () => {
    const a = fakeProvider("openai", [{ afterMs: 5 }]);
    const b = fakeProvider("anthropic", [{}]);
    const r = await dispatch(
      fakeInput(
        [
          { model: "m1", provider: "openai", fake: a },
          { model: "m2", provider: "anthropic", fake: b },
        ],
        { route: route(100) },
      ),
    );
    expect(r.ok && r.provider).toBe("openai");
    expect(b.calls).toHaveLength(0);
  });

  it("keeps the first target when the hedge fails, and wins with it", async () => {
    const a = fakeProvider("openai", [{ afterMs: 80 }]);
    const b = fakeProvider("anthropic", [{ error: perr("anthropic", "server", 500), afterMs: 5 }]);
    const r = await dispatch(
      fakeInput(
        [
          { model: "m1", provider: "openai", fake: a },
          { model: "m2", provider: "anthropic", fake: b },
        ],
        { route: route(20) },
      ),
    );
    expect(r.ok && r.provider).toBe("openai");
    expect(r.attempts.map((x) => [x.provider, x.errorKind])).toEqual([
      ["anthropic", "server"],
      ["openai", undefined],
    ]);
  });

  it("hedges streams on the first chunk and streams the winner's body", async () => {
    const a = fakeProvider("openai", [{ stream: [{ delayMs: 300, text: "slow" }] }]);
    const b = fakeProvider("anthropic", [{ stream: ["fast"] }]);
    const r = await dispatch(
      fakeInput(
        [
          { model: "m1", provider: "openai", fake: a },
          { model: "m2", provider: "anthropic", fake: b },
        ],
        { stream: true, route: route(30) },
      ),
    );
    if (!r.ok || r.response.kind !== "stream") throw new Error("expected a stream");
    expect(await readAll(r.response.body)).toBe(sse("fast") + "data: [DONE]\n\n");
    expect(a.calls[0].signal?.aborted).toBe(true);
  });

  it("does not hedge when there is no other target", async () => {
    const a = fakeProvider("openai", [{ afterMs: 60 }]);
    const r = await dispatch(fakeInput([{ model: "m1", provider: "openai", fake: a }], { route: route(10) }));
    expect(r.ok && r.attempts).toHaveLength(1);
    expect(a.calls).toHaveLength(1);
  });
});
