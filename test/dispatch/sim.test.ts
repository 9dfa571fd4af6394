import { describe, expect, inject, it } from "vitest";
import { clearSimFaults, simFault } from "../../sim/testing";
import { simRunner, uniq } from "./sim-setup";

const simUrl = inject("simUrl");
const fast = {
  deadlines: { firstByteMs: 2_000, responseMs: 2_000, idleMs: 2_000, totalMs: 8_000 },
  retry: { maxRetries: 0 },
};
const summary = (attempts: { provider: string; status: number; errorKind?: string; retry: number }[]) =>
  attempts.map((a) => `${a.provider}:${a.status}:${a.errorKind ?? "ok"}#${a.retry}`);

describe("dispatch over HTTP against the simulator (real adapters)", () => {
  it("waits retry-after-ms on a 429 and retries the same target", async () => {
    const { run } = simRunner(
      simUrl,
      [
        { model: "gpt", provider: "openai", upstream: `${uniq("gpt")}~ratelimit:300*1` },
        { model: "claude", provider: "anthropic", upstream: uniq("claude") },
      ],
      { route: { ...fast, retry: { maxRetries: 1, maxDelayMs: 1_000 } } },
    );
    const started = Date.now();
    const r = await run();
    expect(r.ok && r.provider).toBe("openai");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(summary(r.attempts)).toEqual(["openai:429:rate_limit#0", "openai:200:ok#1"]);
  });

  it("fails over at once when retry-after is longer than it is worth waiting", async () => {
    const { run } = simRunner(
      simUrl,
      [
        { model: "gpt", provider: "openai", upstream: `${uniq("gpt")}~ratelimit:30000` },
        { model: "claude", provider: "anthropic", upstream: uniq("claude") },
      ],
      { route: { ...fast, retry: { maxRetries: 2, maxDelayMs: 1_000 } } },
    );
    const started = Date.now();
    const r = await run();
    expect(r.ok && r.provider).toBe("anthropic");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(summary(r.attempts)).toEqual(["openai:429:rate_limit#0", "anthropic:200:ok#0"]);
  });

  it("rides out a burst of 503s with retries, then with failover", async () => {
    const gpt = uniq("gpt");
    await simFault(simUrl, gpt, "fail503", { count: 3 });
    const { run } = simRunner(
      simUrl,
      [
        { model: "gpt", provider: "openai", upstream: gpt },
        { model: "claude", provider: "anthropic", upstream: uniq("claude") },
      ],
      { route: { ...fast, retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 20 } } },
    );
    const first = await run();
    expect(summary(first.attempts)).toEqual(["openai:503:server#0", "openai:503:server#1", "anthropic:200:ok#0"]);
    const second = await run();
    expect(summary(second.attempts)).toEqual(["openai:503:server#0", "openai:200:ok#1"]);
    const third = await run();
    expect(summary(third.attempts)).toEqual(["openai:200:ok#0"]);
  });

  it("fails over on Anthropic's 529 overloaded", async () => {
    const { run } = simRunner(
      simUrl,
      [
        { model: "claude", provider: "anthropic", upstream: `${uniq("claude")}~overloaded` },
        { model: "gpt", provider: "openai", upstream: uniq("gpt") },
      ],
      { route: fast },
    );
    const r = await run();
    expect(r.ok && r.provider).toBe("openai");
    expect(summary(r.attempts)).toEqual(["anthropic:529:overloaded#0", "openai:200:ok#0"]);
  });

  it("abandons a hang past the first-byte deadline and fails over", async () => {
    const { run } = simRunner(
      simUrl,
      [
        { model: "gpt", provider: "openai", upstream: `${uniq("gpt")}~hang` },
        { model: "claude", provider: "anthropic", upstream: uniq("claude") },
      ],
      { route: { ...fast, deadlines: { ...fast.deadlines, firstByteMs: 300, responseMs: 300 } } },
    );
    const started = Date.now();
    const r = await run();
    const took = Date.now() - started;
    expect(r.ok && r.provider).toBe("anthropic");
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1_500);
    expect(r.attempts[0]).toMatchObject({ provider: "openai", errorKind: "timeout", status: 0 });
    expect(r.attempts[0].latencyMs).toBeGreaterThanOrEqual(290);
  });

  it("fails over on a malformed JSON body", async () => {
    const { run } = simRunner(
      simUrl,
      [
        { model: "gpt", provider: "openai", upstream: `${uniq("gpt")}~badjson` },
        { model: "claude", provider: "anthropic", upstream: `${uniq("claude")}~badjson` },
        { model: "gpt2", provider: "openai", upstream: uniq("gpt2") },
      ],
      { route: fast },
    );
    const r = await run();
    expect(r.ok && r.model).toBe("gpt2");
    expect(r.attempts.slice(0, 2).map((a) => a.errorKind)).toEqual(["invalid_response", "invalid_response"]);
  });

  it("answers 400 for a context-length error when no larger window is left, and moves to a larger one when there is", async () => {
    const models = [
      { model: "small", provider: "openai" as const, upstream: `${uniq("small")}~ctx`, contextWindow: 16_000 },
      { model: "large", provider: "anthropic" as const, upstream: uniq("large"), contextWindow: 200_000 },
    ];
    const moved = await simRunner(simUrl, models, { route: fast }).run();
    expect(moved.ok && moved.model).toBe("large");
    expect(moved.attempts[0]).toMatchObject({ errorKind: "context_length", status: 400 });
    const stuck = await simRunner(simUrl, models.slice(0, 1), { route: fast }).run();
    expect(!stuck.ok && stuck.error.toJSON().error).toMatchObject({ code: "context_length_exceeded" });
  });

  it("serves everything from the other provider when one is fully down, and the breaker stops calling it", async () => {
    const { run } = simRunner(
      simUrl,
      [
        { model: "gpt", provider: "openai", upstream: `${uniq("gpt")}~fail500` },
        { model: "claude", provider: "anthropic", upstream: uniq("claude") },
      ],
      { route: fast, resilience: { breaker: { failureThreshold: 3, slowCallMs: 10_000, openMs: 60_000 } } },
    );
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await run());
    expect(results.every((r) => r.ok && r.provider === "anthropic")).toBe(true);
    const openaiCalls = results.flatMap((r) => r.attempts).filter((a) => a.provider === "openai" && a.status === 500);
    const skipped = results.flatMap((r) => r.attempts).filter((a) => a.errorKind === "skipped_breaker_open");
    expect(openaiCalls).toHaveLength(3);
    expect(skipped).toHaveLength(5);
  });

  it.each([
    ["fail503", "overloaded", 503, "upstream_unavailable"],
    ["fail500", "fail502", 502, "upstream_failed"],
    ["hang", "hang", 504, "upstream_timeout"],
  ])("answers %s + %s with %i when every provider is down", async (fa, fb, status, code) => {
    const { run } = simRunner(
      simUrl,
      [
        { model: "gpt", provider: "openai", upstream: `${uniq("gpt")}~${fa}` },
        { model: "claude", provider: "anthropic", upstream: `${uniq("claude")}~${fb}` },
      ],
      { route: { ...fast, deadlines: { firstByteMs: 200, responseMs: 200, totalMs: 2_000 } } },
    );
    const r = await run();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.status).toBe(status);
    const body = r.error.toJSON();
    expect(body.error.code).toBe(code);
    expect((body.error.attempts as unknown[]).length).toBe(2);
    expect(JSON.stringify(body)).not.toMatch(/sk-(ant-)?sim/);
  });

  it("recovers after the breaker opens: a half-open probe closes it once the provider is back", async () => {
    const gpt = uniq("gpt");
    let clock = Date.now();
    await simFault(simUrl, gpt, "fail503");
    const { run, board } = simRunner(
      simUrl,
      [
        { model: "gpt", provider: "openai", upstream: gpt },
        { model: "claude", provider: "anthropic", upstream: uniq("claude") },
      ],
      { route: fast, resilience: { breaker: { failureThreshold: 2, slowCallMs: 10_000, openMs: 30_000 } } },
      () => clock,
    );
    await run();
    await run();
    const open = await run();
    expect(open.attempts[0].errorKind).toBe("skipped_breaker_open");
    await clearSimFaults(simUrl, gpt);
    clock += 29_000;
    expect((await run()).attempts[0].errorKind).toBe("skipped_breaker_open");
    clock += 1_000;
    const probe = await run();
    expect(summary(probe.attempts)).toEqual(["openai:200:ok#0"]);
    expect(probe.attempts[0].breakerState).toBe("half_open");
    const views = board.snapshot(clock, { failureThreshold: 2, slowCallMs: 10_000, openMs: 30_000 });
    expect(views.find((v) => v.provider === "openai")).toMatchObject({ model: "gpt", state: "closed", failures: 0 });
  });
});
