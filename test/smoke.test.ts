import { env, exports } from "cloudflare:workers";
import { inject, it, expect } from "vitest";

it("serves healthz and reaches the simulator", async () => {
  const res = await exports.default.fetch("http://router/healthz");
  expect(await res.json()).toEqual({ ok: true });
  const sim = await fetch(`${inject("simUrl")}/_sim/stats`);
  expect(await sim.json()).toMatchObject({
    requests: { total: expect.any(Number) },
    faults: { total: expect.any(Number) },
  });
  expect(env.OPENAI_API_KEY).toBe("sk-test-openai");
  await env.RULES.put("x", "1");
  expect(await env.RULES.get("x")).toBe("1");
});
