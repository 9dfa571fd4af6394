import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/api/context";
import { onError } from "../../src/api/errors";
import { feedback } from "../../src/api/routes/feedback";
import { insertRecords } from "../../src/telemetry/store";
import { makeRecord, migrate } from "./helpers";

const app = new Hono<AppEnv>();
app.onError(onError);
app.use("/v1/*", async (c, next) => {
  c.set("client", { id: c.req.header("x-test-client") ?? "client-a", name: "test" });
  await next();
});
app.route("/v1/feedback", feedback);

const mine = makeRecord({ clientId: "client-a" });
const theirs = makeRecord({ clientId: "client-b" });
beforeAll(async () => {
  await migrate();
  await insertRecords(env.DB, [mine, theirs]);
});

function post(body: unknown, client = "client-a") {
  const init = {
    method: "POST",
    headers: { "content-type": "application/json", "x-test-client": client },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
  return app.request("/v1/feedback", init, env);
}

const good = (requestId: string) => ({
  request_id: requestId,
  quality_score: 0.4,
  needed_correction: true,
  correction_cost_usd: 3.5,
  comment: "wrong category",
});

describe("POST /v1/feedback", () => {
  it("stores feedback for the client's own request and answers the same again", async () => {
    const first = await post(good(mine.id));
    expect(first.status).toBe(200);
    const json = await first.json<Record<string, unknown>>();
    expect(json).toMatchObject({
      object: "feedback",
      request_id: mine.id,
      quality_score: 0.4,
      needed_correction: true,
      correction_cost_usd: 3.5,
      comment: "wrong category",
    });
    const again = await post(good(mine.id));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(json);
    const rows = await env.DB.prepare("SELECT client_id, needed_correction FROM feedback WHERE request_id = ?")
      .bind(mine.id)
      .all();
    expect(rows.results).toEqual([{ client_id: "client-a", needed_correction: 1 }]);
  });

  it("refuses different feedback for a request that already has some", async () => {
    const res = await post({ ...good(mine.id), quality_score: 0.9 });
    expect(res.status).toBe(409);
    const { error } = await res.json<{ error: Record<string, unknown> }>();
    expect(error).toMatchObject({ code: "feedback_conflict", param: "request_id", existing: { quality_score: 0.4 } });
  });

  it("answers 404 with Retry-After for unknown ids and for other clients' requests", async () => {
    for (const [id, client] of [
      ["req_never_seen", "client-a"],
      [theirs.id, "client-a"],
    ]) {
      const res = await post(good(id), client);
      expect(res.status).toBe(404);
      expect(res.headers.get("retry-after")).toBe("10");
      expect((await res.json<{ error: Record<string, unknown> }>()).error).toMatchObject({
        type: "invalid_request_error",
        code: "unknown_request_id",
        param: "request_id",
      });
    }
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM feedback WHERE request_id = ?")
      .bind(theirs.id)
      .first<{ n: number }>();
    expect(count!.n).toBe(0);
  });

  it("validates the body and names the offending field", async () => {
    const cases: [unknown, string | null, string][] = [
      [{ ...good(mine.id), quality_score: 1.5 }, "quality_score", "invalid_value"],
      [{ ...good(mine.id), quality_score: "high" }, "quality_score", "invalid_value"],
      [{ ...good(mine.id), needed_correction: undefined }, "needed_correction", "invalid_value"],
      [{ ...good(mine.id), request_id: "" }, "request_id", "invalid_value"],
      [{ ...good(mine.id), correction_cost_usd: -1 }, "correction_cost_usd", "invalid_value"],
      [{ ...good(mine.id), needed_correction: false }, "correction_cost_usd", "invalid_value"],
      [{ ...good(mine.id), comment: "x".repeat(2001) }, "comment", "invalid_value"],
      ["{not json", null, "invalid_json"],
    ];
    for (const [body, param, code] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect((await res.json<{ error: Record<string, unknown> }>()).error).toMatchObject({
        type: "invalid_request_error",
        param,
        code,
      });
    }
  });

  it("accepts feedback without the optional fields", async () => {
    const other = makeRecord({ clientId: "client-a" });
    await insertRecords(env.DB, [other]);
    const res = await post({ request_id: other.id, quality_score: 1, needed_correction: false });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ correction_cost_usd: null, comment: null, needed_correction: false });
  });

  it("rejects oversized bodies", async () => {
    const res = await post({ ...good(mine.id), comment: "x".repeat(20_000) });
    expect(res.status).toBe(413);
  });
});
