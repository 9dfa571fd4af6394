import { describe, expect, it, vi } from "vitest";
import { ProviderError } from "../../src/core/errors";
import { dispatch } from "../../src/dispatch";
import { fakeInput, fakeProvider, perr } from "./fakes";

describe("dispatch: attempt chain (non-streaming)", () => {
  it("answers from the first target and records one attempt", async () => {
    const a = fakeProvider("openai", [{}]);
    const r = await dispatch(fakeInput([{ model: "gpt-4o-mini", provider: "openai", fake: a }]));
    expect(r.ok).toBe(true);
    if (!r.ok || r.response.kind !== "json") throw new Error("expected json");
    expect(r.model).toBe("gpt-4o-mini");
    expect(r.provider).toBe("openai");
    expect(r.response.outcome.body.choices).toHaveLength(1);
    expect(r.attempts).toEqual([
      {
        index: 0,
        provider: "openai",
        model: "gpt-4o-mini",
        status: 200,
        ok: true,
        latencyMs: expect.any(Number),
        retry: 0,
        breakerState: "closed",
      },
    ]);
  });

  it.each([
    ["connect", undefined],
    ["server", 503],
    ["overloaded", 529],
    ["rate_limit", 429],
    ["conflict", 408],
    ["conflict", 409],
    ["invalid_response", 200],
    ["not_found", 404],
  ] as const)("fails over on %s (%s)", async (kind, status) => {
    const a = fakeProvider("openai", [{ error: perr("openai", kind, status) }]);
    const b = fakeProvider("anthropic", [{}]);
    const r = await dispatch(
      fakeInput([
        { model: "m1", provider: "openai", fake: a },
        { model: "m2", provider: "anthropic", fake: b },
      ]),
    );
    expect(r.ok && r.model).toBe("m2");
    expect(r.attempts.map((x) => [x.provider, x.ok, x.errorKind, x.status])).toEqual([
      ["openai", false, kind, status ?? 0],
      ["anthropic", true, undefined, 200],
    ]);
  });

  it("returns the client's own bad request as a 400 without failing over", async () => {
    const a = fakeProvider("openai", [{ error: perr("openai", "bad_request", 400) }]);
    const b = fakeProvider("anthropic", [{}]);
    const r = await dispatch(
      fakeInput([
        { model: "m1", provider: "openai", fake: a },
        { model: "m2", provider: "anthropic", fake: b },
      ]),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.status).toBe(400);
    expect(r.error.toJSON().error).toMatchObject({ type: "invalid_request_error", code: "upstream_bad_request" });
    expect(b.calls).toHaveLength(0);
  });

  it("fails over on the router's own auth error and says so loudly", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const a = fakeProvider("openai", [{ error: perr("openai", "auth", 401) }]);
    const b = fakeProvider("anthropic", [{}]);
    const r = await dispatch(
      fakeInput([
        { model: "m1", provider: "openai", fake: a },
        { model: "m2", provider: "anthropic", fake: b },
      ]),
    );
    expect(r.ok && r.provider).toBe("anthropic");
    expect(r.attempts[0].errorKind).toBe("auth");
    expect(r.attempts[0].error).toMatch(/^AUTH: openai rejected the router's API key/);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("provider rejected the router's API key"));
    logged.mockRestore();
  });

  it("skips targets that are not configured", async () => {
    const b = fakeProvider("anthropic", [{}]);
    const input = fakeInput([{ model: "m2", provider: "anthropic", fake: b }]);
    input.targets.unshift({ model: "ghost", provider: "nowhere", role: "primary" });
    const r = await dispatch(input);
    expect(r.ok && r.model).toBe("m2");
    expect(r.attempts[0]).toMatchObject({ model: "ghost", errorKind: "not_found", ok: false });
  });
});

describe("dispatch: context windows", () => {
  it("moves a context_length error to the next larger window, skipping smaller ones", async () => {
    const small = fakeProvider("openai", [{ error: perr("openai", "context_length", 400) }]);
    const same = fakeProvider("openai", [{}]);
    const smaller = fakeProvider("anthropic", [{}]);
    const large = fakeProvider("anthropic", [{}]);
    const r = await dispatch(
      fakeInput([
        { model: "small", provider: "openai", fake: small, contextWindow: 16_000 },
        { model: "same", provider: "openai", fake: same, contextWindow: 16_000 },
        { model: "smaller", provider: "anthropic", fake: smaller, contextWindow: 8_000 },
        { model: "large", provider: "anthropic", fake: large, contextWindow: 200_000 },
      ]),
    );
    expect(r.ok && r.model).toBe("large");
    expect(r.attempts.map((a) => [a.model, a.errorKind])).toEqual([
      ["small", "context_length"],
      ["same", "skipped_context_window"],
      ["smaller", "skipped_context_window"],
      ["large", undefined],
    ]);
    expect(same.calls.length + smaller.calls.length).toBe(0);
  });

  it("skips up front the targets whose window is smaller than the estimated input", async () => {
    const small = fakeProvider("openai", [{}]);
    const large = fakeProvider("anthropic", [{}]);
    const input = fakeInput([
      { model: "small", provider: "openai", fake: small, contextWindow: 16_000 },
      { model: "large", provider: "anthropic", fake: large, contextWindow: 200_000 },
    ]);
    const r = await dispatch({ ...input, estimatedInputTokens: 50_000 });
    expect(r.ok && r.model).toBe("large");
    expect(r.attempts[0]).toMatchObject({ model: "small", errorKind: "skipped_context_window" });
    expect(small.calls).toHaveLength(0);
  });

  it("tries the largest window when the estimate says nothing fits, and answers 400 when it overflows", async () => {
    const small = fakeProvider("openai", [{}]);
    const large = fakeProvider("anthropic", [{ error: perr("anthropic", "context_length", 400) }]);
    const input = fakeInput([
      { model: "small", provider: "openai", fake: small, contextWindow: 16_000 },
      { model: "large", provider: "anthropic", fake: large, contextWindow: 200_000 },
    ]);
    const r = await dispatch({ ...input, estimatedInputTokens: 500_000 });
    expect(small.calls).toHaveLength(0);
    expect(large.calls).toHaveLength(1);
    expect(!r.ok && r.error.status).toBe(400);
    expect(!r.ok && r.error.toJSON().error).toMatchObject({ code: "context_length_exceeded", param: "messages" });
  });
});

describe("dispatch: when every target fails", () => {
  const two = (ea: ReturnType<typeof perr> | "hang", eb: ReturnType<typeof perr> | "hang") => [
    {
      model: "m1",
      provider: "openai",
      fake: fakeProvider("openai", [ea === "hang" ? { hang: true as const } : { error: ea }]),
    },
    {
      model: "m2",
      provider: "anthropic",
      fake: fakeProvider("anthropic", [eb === "hang" ? { hang: true as const } : { error: eb }]),
    },
  ];

  it("answers 503 when every upstream is rate-limited or overloaded", async () => {
    const r = await dispatch(fakeInput(two(perr("openai", "rate_limit", 429), perr("anthropic", "overloaded", 529))));
    expect(!r.ok && r.error.status).toBe(503);
    expect(!r.ok && r.error.toJSON().error.type).toBe("server_error");
  });

  it("answers 429 when every upstream rate-limited the request, so clients back off", async () => {
    const r = await dispatch(fakeInput(two(perr("openai", "rate_limit", 429), perr("anthropic", "rate_limit", 429))));
    expect(!r.ok && r.error.status).toBe(429);
    expect(!r.ok && r.error.toJSON().error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });
  });

  it("answers 504 when every upstream timed out (a timeout fails over; only the last target is retried)", async () => {
    const input = fakeInput(two("hang", "hang"), {
      route: { deadlines: { firstByteMs: 30, responseMs: 30, totalMs: 2_000 } },
    });
    const started = Date.now();
    const r = await dispatch(input);
    expect(!r.ok && r.error.status).toBe(504);
    expect(!r.ok && r.error.toJSON().error).toMatchObject({ type: "timeout_error", code: "upstream_timeout" });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(r.attempts.map((a) => [a.model, a.errorKind, a.retry])).toEqual([
      ["m1", "timeout", 0],
      ["m2", "timeout", 0],
      ["m2", "timeout", 1],
    ]);
  });

  it("answers 502 for a mix, listing every attempt in OpenAI shape without secrets", async () => {
    const leaky = perr("openai", "server", 500);
    Object.defineProperty(leaky, "message", { value: "openai 500: upstream said key sk-openai-secret-key is bad" });
    const r = await dispatch(fakeInput(two(leaky, perr("anthropic", "rate_limit", 429))));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.status).toBe(502);
    const body = r.error.toJSON();
    expect(body.error).toMatchObject({ type: "server_error", code: "upstream_failed", param: null });
    expect(body.error.attempts).toEqual([
      { provider: "openai", model: "m1", status: 500, error: "server", message: expect.any(String), retry: 0 },
      { provider: "anthropic", model: "m2", status: 429, error: "rate_limit", message: expect.any(String), retry: 0 },
    ]);
    expect(body.error.message).toContain("openai/m1: 500 server");
    expect(JSON.stringify(body)).not.toContain("sk-openai-secret-key");
  });

  it("stops at the total deadline with a 504", async () => {
    const slow = (id: string) => fakeProvider(id, [{ hang: true }]);
    const input = fakeInput(
      [
        { model: "m1", provider: "p1", fake: slow("p1") },
        { model: "m2", provider: "p2", fake: slow("p2") },
        { model: "m3", provider: "p3", fake: slow("p3") },
      ],
      { route: { deadlines: { firstByteMs: 80, responseMs: 80, totalMs: 120 } } },
    );
    const started = Date.now();
    const r = await dispatch(input);
    const took = Date.now() - started;
    expect(!r.ok && r.error.status).toBe(504);
    expect(took).toBeGreaterThanOrEqual(110);
    expect(took).toBeLessThan(600);
    expect(r.attempts.length).toBe(2);
  });

  it("aborts the upstream call and answers 499 when the client goes away", async () => {
    const a = fakeProvider("openai", [{ hang: true }]);
    const client = new AbortController();
    const pending = dispatch(fakeInput([{ model: "m1", provider: "openai", fake: a }], { signal: client.signal }));
    setTimeout(() => client.abort(), 20);
    const r = await pending;
    expect(!r.ok && r.error.status).toBe(499);
    expect(a.calls[0].signal?.aborted).toBe(true);
  });
});

describe("dispatch: targets that cannot be resolved", () => {
  it("records a resolve error (e.g. a missing provider secret) and goes on", async () => {
    const b = fakeProvider("anthropic", [{}]);
    const input = fakeInput([{ model: "m2", provider: "anthropic", fake: b }]);
    const resolve = input.deps.resolve;
    input.targets.unshift({ model: "m1", provider: "openai", role: "primary" });
    input.deps.resolve = (model) => {
      if (model === "m1") throw new ProviderError("openai", "auth", "openai: the secret OPENAI_API_KEY is not set");
      return resolve(model);
    };
    const r = await dispatch(input);
    expect(r.ok && r.provider).toBe("anthropic");
    expect(r.attempts[0]).toMatchObject({
      provider: "openai",
      errorKind: "auth",
      error: "AUTH: openai: the secret OPENAI_API_KEY is not set",
      status: 0,
    });
  });
});
