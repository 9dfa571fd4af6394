import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import * as z from "zod";
import { jsonBody } from "../../src/api/middleware/json-body";
import type { AppEnv } from "../../src/api/context";
import { onError } from "../../src/api/errors";

const Body = z.looseObject({ model: z.string(), messages: z.array(z.unknown()) });
const LIMIT = 200;

function app() {
  const a = new Hono<AppEnv>();
  a.onError(onError);
  a.post("/", jsonBody(Body as never), (c) => c.json(c.get("body")));
  return (init: RequestInit) => a.request("/", { method: "POST", ...init }, { MAX_BODY_BYTES: String(LIMIT) });
}

const encoder = new TextEncoder();
function streamOf(...parts: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const p of parts) c.enqueue(p);
      c.close();
    },
  });
}
const payload = { model: "auto", messages: [{ role: "user", content: "Grüße, ça va? 你好" }] };
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe("jsonBody", () => {
  it("parses a body that declares its length", async () => {
    const text = JSON.stringify(payload);
    const res = await app()({ body: text, headers: { "content-length": String(encoder.encode(text).byteLength) } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(payload);
  });

  it("parses a streamed body without a length, multi-byte characters split across chunks", async () => {
    const bytes = encoder.encode(JSON.stringify(payload));
    const cut = bytes.indexOf(0xc3) + 1;
    const res = await app()({
      body: streamOf(bytes.slice(0, cut), bytes.slice(cut, cut + 5), bytes.slice(cut + 5)),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(payload);
  });

  it("413 when the declared length is over the limit, and when a stream without one runs past it", async () => {
    const big = JSON.stringify({ ...payload, pad: "x".repeat(LIMIT) });
    expect(await code(await app()({ body: big, headers: { "content-length": String(big.length) } }))).toBe(
      "request_too_large",
    );
    const res = await app()({
      body: streamOf(encoder.encode(big.slice(0, 150)), encoder.encode(big.slice(150))),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    const understated = {
      body: streamOf(encoder.encode(big)),
      headers: { "content-length": "10" },
      duplex: "half",
    } as RequestInit;
    expect(await code(await app()(understated))).toBe("request_too_large");
  });

  it("400 for malformed JSON and for a body the schema rejects", async () => {
    expect(await code(await app()({ body: '{"model":' }))).toBe("invalid_json");
    expect(await code(await app()({ body: JSON.stringify({ model: 1, messages: [] }) }))).toBe("invalid_value");
  });
});
