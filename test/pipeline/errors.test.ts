import { beforeAll, describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import { chat, post, seedClients } from "./helpers";

const hello = { model: "auto", messages: [{ role: "user", content: "hello" }] };

beforeAll(seedClients);

async function expectError(res: Response, status: number, code: string | null, param: string | null = null) {
  expect(res.status).toBe(status);
  expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  const body = (await res.json()) as { error: Record<string, unknown> };
  expect(body.error).toMatchObject({ code, param });
  expect(typeof body.error.message).toBe("string");
  expect(typeof body.error.type).toBe("string");
  return body.error;
}

describe("bad input gets an OpenAI-shaped error", () => {
  it("401 without a key", async () => {
    const e = await expectError(await chat(hello, { key: null }), 401, "missing_api_key");
    expect(e.type).toBe("authentication_error");
  });

  it("401 with a wrong key", async () => {
    await expectError(await chat(hello, { key: "mr-nope" }), 401, "invalid_api_key");
  });

  it("400 for malformed JSON", async () => {
    await expectError(await chat('{"model": "auto", "messages": [', {}), 400, "invalid_json");
  });

  it("400 naming the field for a wrong type", async () => {
    await expectError(await chat({ ...hello, temperature: "hot" }), 400, "invalid_value", "temperature");
    await expectError(
      await chat({ model: "auto", messages: [{ role: "wizard", content: "x" }] }),
      400,
      "invalid_value",
      "messages[0].role",
    );
    await expectError(await chat({ model: "auto", messages: [] }), 400, "invalid_value", "messages");
  });

  it("413 for a body over the limit, with or without Content-Length", async () => {
    const big = JSON.stringify({ ...hello, messages: [{ role: "user", content: "x".repeat(1_100_000) }] });
    await expectError(await chat(big), 413, "request_too_large");
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const res = await exports.default.fetch("http://router/v1/chat/completions", {
      method: "POST",
      headers: { authorization: "Bearer mr-pipeline-test-key", "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expectError(res, 413, "request_too_large");
  });

  it("404 for an unknown model, saying where to look", async () => {
    const e = await expectError(await chat({ ...hello, model: "gpt-9-ultra" }), 404, "model_not_found", "model");
    expect(e.message).toContain("/v1/models");
  });

  it("404 for an unknown endpoint", async () => {
    await expectError(await post("/v1/embeddings", { input: "x" }), 404, "unknown_url");
  });

  it("403 on the status endpoint for a non-admin key", async () => {
    const res = await exports.default.fetch("http://router/v1/status", {
      headers: { authorization: "Bearer mr-pipeline-test-key" },
    });
    await expectError(res, 403, "admin_required");
  });
});
