import { describe, expect, it } from "vitest";
import { dispatch } from "../../src/dispatch";
import { backoffMs, retryDelayMs } from "../../src/dispatch/backoff";
import { fakeInput, fakeProvider, perr } from "./fakes";

const settings = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

describe("backoff", () => {
  it("grows exponentially under a cap with full jitter", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, settings, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffMs(3, settings, () => 0)).toBe(0);
    expect(backoffMs(1, settings, () => 0.5)).toBe(100);
  });

  it("retries only retryable errors, a bounded number of times", () => {
    const q = { settings, remainingMs: 10_000, hasFallback: true, random: () => 0.5 };
    expect(retryDelayMs({ ...q, error: perr("p", "server", 503), retry: 0 })).toBe(50);
    expect(retryDelayMs({ ...q, error: perr("p", "server", 503), retry: 3 })).toBeUndefined();
    expect(retryDelayMs({ ...q, error: perr("p", "auth", 401), retry: 0 })).toBeUndefined();
    expect(retryDelayMs({ ...q, error: perr("p", "bad_request", 400), retry: 0 })).toBeUndefined();
  });

  it("moves on after a timeout when there is a fallback, retries it on the last target", () => {
    const q = { settings, remainingMs: 10_000, random: () => 0.5, retry: 0, error: perr("p", "timeout") };
    expect(retryDelayMs({ ...q, hasFallback: true })).toBeUndefined();
    expect(retryDelayMs({ ...q, hasFallback: false })).toBe(50);
  });

  it("honours retry-after when it fits the deadline, fails over when it does not", () => {
    const q = { settings, random: () => 0.5, retry: 0 };
    const limited = (ms: number) => perr("p", "rate_limit", 429, ms);
    expect(retryDelayMs({ ...q, error: limited(300), remainingMs: 10_000, hasFallback: true })).toBe(300);
    expect(retryDelayMs({ ...q, error: limited(3_000), remainingMs: 10_000, hasFallback: true })).toBeUndefined();
    expect(retryDelayMs({ ...q, error: limited(3_000), remainingMs: 10_000, hasFallback: false })).toBe(3_000);
    expect(retryDelayMs({ ...q, error: limited(3_000), remainingMs: 2_000, hasFallback: false })).toBeUndefined();
  });

  it("never waits past the remaining deadline", () => {
    expect(
      retryDelayMs({
        settings,
        random: () => 0.9,
        retry: 2,
        error: perr("p", "server", 500),
        remainingMs: 300,
        hasFallback: false,
      }),
    ).toBeUndefined();
  });
});

describe("dispatch: retries on the same target", () => {
  it("retries with jittered exponential backoff through the injected sleep, then succeeds", async () => {
    const a = fakeProvider("openai", [
      { error: perr("openai", "server", 503) },
      { error: perr("openai", "server", 502) },
      {},
    ]);
    const slept: number[] = [];
    const input = fakeInput(
      [{ model: "m1", provider: "openai", fake: a }],
      { route: { retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000 } } },
      {
        sleep: async (ms) => void slept.push(ms),
        random: () => 0.5,
      },
    );
    const r = await dispatch(input);
    expect(r.ok).toBe(true);
    expect(slept).toEqual([50, 100]);
    expect(r.attempts.map((x) => [x.retry, x.ok, x.status])).toEqual([
      [0, false, 503],
      [1, false, 502],
      [2, true, 200],
    ]);
  });

  it("fails over once the retries are used up", async () => {
    const a = fakeProvider("openai", [{ error: perr("openai", "overloaded", 529) }]);
    const b = fakeProvider("anthropic", [{}]);
    const input = fakeInput(
      [
        { model: "m1", provider: "openai", fake: a },
        { model: "m2", provider: "anthropic", fake: b },
      ],
      { route: { retry: { maxRetries: 2 } } },
    );
    const r = await dispatch(input);
    expect(r.ok && r.provider).toBe("anthropic");
    expect(a.calls).toHaveLength(3);
    expect(r.attempts.map((x) => `${x.provider}#${x.retry}`)).toEqual([
      "openai#0",
      "openai#1",
      "openai#2",
      "anthropic#0",
    ]);
  });

  it("waits retry-after on a 429 when it is short, and fails over when it is long", async () => {
    const short = fakeProvider("openai", [{ error: perr("openai", "rate_limit", 429, 250) }, {}]);
    const slept: number[] = [];
    const deps = { sleep: async (ms: number) => void slept.push(ms) };
    const fallback = fakeProvider("anthropic", [{}]);
    const targets = (p: ReturnType<typeof fakeProvider>) => [
      { model: "m1", provider: "openai", fake: p },
      { model: "m2", provider: "anthropic", fake: fallback },
    ];
    const r1 = await dispatch(fakeInput(targets(short), { route: { retry: { maxRetries: 1 } } }, deps));
    expect(r1.ok && r1.provider).toBe("openai");
    expect(slept).toEqual([250]);

    const long = fakeProvider("openai", [{ error: perr("openai", "rate_limit", 429, 60_000) }, {}]);
    const r2 = await dispatch(fakeInput(targets(long), { route: { retry: { maxRetries: 1 } } }, deps));
    expect(r2.ok && r2.provider).toBe("anthropic");
    expect(long.calls).toHaveLength(1);
    expect(slept).toEqual([250]);
  });

  it("really sleeps by default, and does not start a backoff that would outlast the deadline", async () => {
    const a = fakeProvider("openai", [{ error: perr("openai", "server", 503) }]);
    const input = fakeInput(
      [{ model: "m1", provider: "openai", fake: a }],
      { route: { deadlines: { totalMs: 150 }, retry: { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 100 } } },
      { random: () => 0.99 },
    );
    delete input.deps.sleep;
    const started = Date.now();
    const r = await dispatch(input);
    const took = Date.now() - started;
    expect(!r.ok && r.error.status).toBe(503);
    expect(took).toBeGreaterThanOrEqual(98);
    expect(took).toBeLessThan(150);
    expect(a.calls).toHaveLength(2);
    expect(a.calls[1].at - a.calls[0].at).toBeGreaterThanOrEqual(98);
  });
});
