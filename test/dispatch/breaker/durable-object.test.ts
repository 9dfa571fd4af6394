import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BreakerState } from "../../../src/dispatch/breaker/durable-object";

const cfg = { failureThreshold: 2, slowCallMs: 1_000, openMs: 10_000 };

/** Runs `fn` with a BreakerState built on a real Durable Object's storage (a fresh object per name). */
async function withState<R>(name: string, fn: (make: () => BreakerState) => Promise<R>): Promise<R> {
  const stub = env.BREAKERS!.get(env.BREAKERS!.idFromName(`do-test-${name}-${Math.random()}`));
  return runInDurableObject(stub, (_instance: unknown, state: DurableObjectState) =>
    fn(() => new BreakerState(state, env)),
  );
}

describe("BreakerState Durable Object", () => {
  it("applies events from several isolates in order and opens at the threshold", async () => {
    await withState("open", async (make) => {
      const obj = make();
      const afterA = await obj.push([{ model: "gpt", event: { type: "failure", at: 1 } }], cfg);
      expect(afterA.gpt).toMatchObject({ state: "closed", failures: 1 });
      const afterB = await obj.push(
        [
          { model: "gpt", event: { type: "failure", at: 2 } },
          { model: "mini", event: { type: "failure", at: 2 } },
        ],
        cfg,
      );
      expect(afterB.gpt).toMatchObject({ state: "open", failures: 2, openedAt: 2 });
      expect(afterB.mini).toMatchObject({ state: "closed", failures: 1 });
    });
  });

  it("persists records, so a new instance (after eviction) still knows an open breaker", async () => {
    await withState("persist", async (make) => {
      await make().push(
        [1, 2].map((at) => ({ model: "gpt", event: { type: "failure" as const, at } })),
        cfg,
      );
      const again = make();
      await new Promise((r) => setTimeout(r, 10));
      expect(again.pull().gpt).toMatchObject({ state: "open", openedAt: 2 });
    });
  });

  it("closes on a probe's success and forgets everything on reset", async () => {
    await withState("close", async (make) => {
      const obj = make();
      await obj.push(
        [1, 2].map((at) => ({ model: "gpt", event: { type: "failure" as const, at } })),
        cfg,
      );
      const closed = await obj.push(
        [{ model: "gpt", event: { type: "success", at: 20_000, latencyMs: 5, probe: true } }],
        cfg,
      );
      expect(closed.gpt).toMatchObject({ state: "closed", failures: 0 });
      await obj.reset();
      expect(obj.pull()).toEqual({});
      expect(make().pull()).toEqual({});
    });
  });
});
