/**
 * Minimal Workers that each add one thing the router does to a bare pass-through, so that its cost
 * can be measured alone (bench/lib/ablation/run.ts). Selected by the VARIANT var.
 */
import OpenAI from "openai";

interface AblationEnv {
  UPSTREAM_URL: string;
  VARIANT: string;
  RECORDS?: Queue<unknown>;
  EVENTS?: AnalyticsEngineDataset;
}

const HEADERS = { "content-type": "application/json", authorization: "Bearer sim-openai-key" };
let client: OpenAI | undefined;

/** A JS pull source relaying the upstream's chunks, optionally with the stream guard's old per-chunk timer, listener and race. */
function relay(upstream: ReadableStream<Uint8Array>, perChunkTimers: boolean): ReadableStream<Uint8Array> {
  const reader = upstream.getReader();
  const ac = new AbortController();
  const read = async () => {
    if (!perChunkTimers) return reader.read();
    let t: ReturnType<typeof setTimeout> | undefined;
    let onAbort = () => {};
    const stall = new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error("idle")), 30_000)));
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new Error("aborted"));
      ac.signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([reader.read(), stall, aborted]);
    } finally {
      clearTimeout(t);
      ac.signal.removeEventListener("abort", onAbort);
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const r = await read();
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * The router's stream shape without its logic: the client's pull stream reads a plain async source
 * (one more JS hop per chunk) that decodes and re-encodes the text, as the adapters' pump does.
 */
function layeredRelay(upstream: ReadableStream<Uint8Array>, text: boolean): ReadableStream<Uint8Array> {
  const reader = upstream.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const source = {
    async read(): Promise<ReadableStreamReadResult<Uint8Array>> {
      const r = await reader.read();
      if (r.done || !text) return r;
      return { done: false, value: encoder.encode(decoder.decode(r.value, { stream: true })) };
    },
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const r = await source.read();
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** A JS loop reading the upstream and writing into a native IdentityTransformStream that the client reads. */
function writerRelay(upstream: ReadableStream<Uint8Array>, ctx: ExecutionContext): ReadableStream<Uint8Array> {
  const { readable, writable } = new IdentityTransformStream();
  const reader = upstream.getReader();
  const writer = writable.getWriter();
  ctx.waitUntil(
    (async () => {
      for (;;) {
        const r = await reader.read();
        if (r.done) return writer.close();
        await writer.write(r.value);
      }
    })().catch((err: unknown) => writer.abort(err)),
  );
  return readable;
}

/** The JS pull source as a byte stream (`type: "bytes"`). */
function byteRelay(upstream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = upstream.getReader();
  return new ReadableStream({
    type: "bytes",
    async pull(controller) {
      const r = await reader.read();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

async function viaSdk(env: AblationEnv, body: string): Promise<Response> {
  client ??= new OpenAI({
    baseURL: env.UPSTREAM_URL.replace(/\/chat\/completions$/, ""),
    apiKey: "sim-openai-key",
    maxRetries: 0,
  });
  const { data } = await client.chat.completions.create(JSON.parse(body), {}).withResponse();
  return new Response(JSON.stringify(data), { headers: { "content-type": "application/json" } });
}

async function viaFetch(env: AblationEnv, body: string): Promise<Response> {
  const res = await fetch(env.UPSTREAM_URL, { method: "POST", headers: HEADERS, body });
  return new Response(JSON.stringify(await res.json()), { headers: { "content-type": "application/json" } });
}

function record(env: AblationEnv, ctx: ExecutionContext): void {
  const rec = {
    id: crypto.randomUUID(),
    ts: Date.now(),
    model: "gpt-4o-mini",
    status: 200,
    inputTokens: 30,
    outputTokens: 40,
    costUsd: 0.0001,
    attempts: [{ ok: true, status: 200 }],
  };
  env.EVENTS?.writeDataPoint({ blobs: [rec.model], doubles: [rec.costUsd], indexes: [rec.model] });
  ctx.waitUntil(env.RECORDS!.send(rec, { contentType: "json" }));
}

export default {
  async fetch(request: Request, env: AblationEnv, ctx: ExecutionContext): Promise<Response> {
    const v = env.VARIANT;
    if (v === "bare") return fetch(env.UPSTREAM_URL, { method: "POST", headers: HEADERS, body: request.body });
    const body = await request.text();
    if (v === "fetch-json") return viaFetch(env, body);
    if (v === "sdk-json") return viaSdk(env, body);
    const res = await fetch(env.UPSTREAM_URL, { method: "POST", headers: HEADERS, body });
    if (v === "queue-ae") {
      record(env, ctx);
      return res;
    }
    if (!res.body) return res;
    if (v === "js-stream") return new Response(relay(res.body, false), res);
    if (v === "js-stream-timers") return new Response(relay(res.body, true), res);
    if (v === "js-stream-hop") return new Response(layeredRelay(res.body, false), res);
    if (v === "js-stream-text") return new Response(layeredRelay(res.body, true), res);
    if (v === "writer-stream") return new Response(writerRelay(res.body, ctx), res);
    if (v === "bytes-stream") return new Response(byteRelay(res.body), res);
    if (v === "transform-stream") return new Response(res.body.pipeThrough(new TransformStream()), res);
    if (v === "identity-stream") return new Response(res.body.pipeThrough(new IdentityTransformStream()), res);
    if (v === "tee") {
      const [toClient, copy] = res.body.tee();
      ctx.waitUntil(
        (async () => {
          const r = copy.getReader();
          while (!(await r.read()).done);
        })(),
      );
      return new Response(toClient, res);
    }
    return new Response(`unknown variant ${v}`, { status: 500 });
  },
  async queue(batch: MessageBatch<unknown>): Promise<void> {
    batch.ackAll();
  },
} satisfies ExportedHandler<AblationEnv>;
