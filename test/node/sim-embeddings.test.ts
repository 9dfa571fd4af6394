import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { postEmbeddings } from "../../sim/testing";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

type Body = {
  object: string;
  data: { object: string; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
};
const embed = async (body: unknown, headers: Record<string, string> = {}) => {
  const res = await postEmbeddings(sim.url, body, headers);
  return {
    status: res.status,
    body: (await res.json()) as Body & { error?: { message: string; param: string | null } },
    headers: res.headers,
  };
};
const vec = (b: Body, i = 0) => b.data[i].embedding as number[];
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

describe("POST /v1/embeddings", () => {
  it("one unit vector per input, of the model's size, with usage", async () => {
    const { status, body } = await embed({
      model: "text-embedding-3-small",
      input: ["refund policy", "shipping times"],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      object: "list",
      model: "text-embedding-3-small",
      data: [
        { object: "embedding", index: 0 },
        { object: "embedding", index: 1 },
      ],
    });
    expect(vec(body)).toHaveLength(1536);
    expect(dot(vec(body), vec(body))).toBeCloseTo(1, 5);
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens);
    expect(vec((await embed({ model: "text-embedding-3-large", input: "x" })).body)).toHaveLength(3072);
  });

  it("is deterministic, and texts sharing words are closer than unrelated ones", async () => {
    const { body } = await embed({
      model: "text-embedding-3-small",
      input: ["What is your refund policy?", "refund policy for orders", "Sunny weather in Rome today"],
    });
    const again = await embed({ model: "text-embedding-3-small", input: "What is your refund policy?" });
    expect(vec(again.body)).toEqual(vec(body, 0));
    expect(dot(vec(body, 0), vec(body, 1))).toBeGreaterThan(0.3);
    expect(Math.abs(dot(vec(body, 0), vec(body, 2)))).toBeLessThan(0.1);
  });

  it("dimensions, base64 encoding (little-endian float32) and token-array input", async () => {
    const small = await embed({ model: "text-embedding-3-small", input: "refund", dimensions: 8 });
    expect(vec(small.body)).toHaveLength(8);
    const b64 = await embed({
      model: "text-embedding-3-small",
      input: "refund",
      dimensions: 8,
      encoding_format: "base64",
    });
    const bytes = Buffer.from(b64.body.data[0].embedding as string, "base64");
    const floats = Array.from({ length: 8 }, (_, i) => bytes.readFloatLE(i * 4));
    floats.forEach((f, i) => expect(f).toBeCloseTo(vec(small.body)[i], 6));
    const tokens = await embed({
      model: "text-embedding-3-small",
      input: [
        [1, 2, 3],
        [4, 5],
      ],
    });
    expect(tokens.body.usage.prompt_tokens).toBe(5);
  });

  it("refuses bad input in OpenAI's shape", async () => {
    const cases: [unknown, string | null, RegExp][] = [
      [{ model: "text-embedding-3-small" }, "input", /must provide an input/],
      [{ model: "text-embedding-3-small", input: "" }, "input", /'\$\.input' is invalid/],
      [{ model: "text-embedding-3-small", input: [] }, "input", /'\$\.input' is invalid/],
      [{ model: "text-embedding-3-small", input: ["ok", 5] }, "input", /'\$\.input' is invalid/],
      [
        { model: "text-embedding-ada-002", input: "x", dimensions: 8 },
        "dimensions",
        /does not support specifying dimensions/,
      ],
      [{ model: "text-embedding-3-small", input: "x", dimensions: 5000 }, "dimensions", /between 1 and 1536/],
      [{ model: "text-embedding-3-small", input: "x", encoding_format: "int8" }, "encoding_format", /Supported values/],
      [{ model: "text-embedding-3-small", input: "x", foo: 1 }, "foo", /Unrecognized request argument/],
      [{ input: "x" }, "model", /model parameter/],
    ];
    for (const [body, param, message] of cases) {
      const res = await embed(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        message: expect.stringMatching(message),
        type: "invalid_request_error",
        param,
      });
    }
  });

  it("an input over 8192 tokens is a context-length error", async () => {
    const res = await embed({ model: "text-embedding-3-small", input: ["short", "word ".repeat(9000)] });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/maximum context length is 8192 tokens/);
  });
});

describe("faults on /v1/embeddings", () => {
  it("status with retry-after, ctx, a header fault, latency", async () => {
    const limited = await embed({ model: "text-embedding-3-small~fail429:700", input: "x" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after-ms")).toBe("700");
    expect((await embed({ model: "text-embedding-3-small~ctx", input: "x" })).status).toBe(400);
    expect((await embed({ model: "text-embedding-3-small", input: "x" }, { "x-sim-fault": "fail502" })).status).toBe(
      502,
    );
    const started = Date.now();
    expect((await embed({ model: "text-embedding-3-small~latency120", input: "x" })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it("a malformed body, a cut connection and a hang", async () => {
    const half = await postEmbeddings(sim.url, { model: "emb~malformed", input: "x" });
    expect(half.status).toBe(200);
    await expect(half.json()).rejects.toThrow();
    await expect(postEmbeddings(sim.url, { model: "emb~cut", input: "x" }).then((r) => r.text())).rejects.toThrow();
    const hang = fetch(`${sim.url}/v1/embeddings`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: JSON.stringify({ model: "emb~hang", input: "x" }),
      signal: AbortSignal.timeout(150),
    });
    await expect(hang).rejects.toThrow();
  });
});
