import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { breakerStatus, breakerStore } from "../../../src/dispatch";
import { BreakerBoard } from "../../../src/dispatch/breaker/store";
import { durableBreakerRemote } from "../../../src/dispatch/breaker/remote";

// Runs against the BREAKERS binding, i.e. the BreakerState class that src/index.ts exports
// (`export { BreakerState } from "./dispatch/breaker/durable-object"`).
const cfg = { failureThreshold: 2, slowCallMs: 10_000, openMs: 30_000 };

async function drain(bg: Promise<unknown>[]): Promise<void> {
  while (bg.length) await Promise.all(bg.splice(0));
}

describe("breakers shared across isolates through the BREAKERS Durable Object", () => {
  it("lets one isolate's failures open the breaker in another isolate", async () => {
    const provider = `bind-${Math.random().toString(36).slice(2, 8)}`;
    const remote = durableBreakerRemote(env.BREAKERS!);
    const bg: Promise<unknown>[] = [];
    const isolateA = new BreakerBoard(0).session({ remote, background: (p) => bg.push(p) });
    const isolateB = new BreakerBoard(0).session({ remote, background: (p) => bg.push(p) });
    expect(isolateB.acquire(provider, "gpt", Date.now(), cfg).allowed).toBe(true);
    isolateA.report(provider, "gpt", { type: "failure", at: Date.now() }, cfg);
    isolateA.report(provider, "gpt", { type: "failure", at: Date.now() }, cfg);
    await drain(bg);
    isolateB.acquire(provider, "gpt", Date.now(), cfg);
    await drain(bg);
    expect(isolateB.acquire(provider, "gpt", Date.now(), cfg)).toMatchObject({ allowed: false, state: "open" });
  });

  it("reports every breaker's shared state on the status endpoint", async () => {
    const provider = `status-${Math.random().toString(36).slice(2, 8)}`;
    const bg: Promise<unknown>[] = [];
    const store = breakerStore(env, (p) => bg.push(p));
    for (let i = 0; i < 2; i++) store.report(provider, "claude", { type: "failure", at: Date.now() }, cfg);
    await drain(bg);
    const status = await breakerStatus(env, { providers: [provider], breaker: cfg });
    expect(status.source).toBe("durable_object");
    expect(status.breakers.find((b) => b.provider === provider)).toMatchObject({
      model: "claude",
      state: "open",
      failures: 2,
    });
  });
});
