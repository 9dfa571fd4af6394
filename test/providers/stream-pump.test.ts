import { describe, expect, it } from "vitest";
import { ProviderError } from "../../src/core/errors";
import { pumpStream, type StreamTranslator } from "../../src/providers/shared/stream-pump";
import { byteStream } from "./helpers";

/** Upper-cases each line; `end` throws unless the text ended with "END\n". */
function upperLines(): StreamTranslator & { pushes: number } {
  let pending = "";
  let clean = false;
  let chunks = 0;
  return {
    pushes: 0,
    push(text, out) {
      this.pushes++;
      pending += text;
      const nl = pending.lastIndexOf("\n");
      if (nl === -1) return;
      const lines = pending.slice(0, nl + 1);
      pending = pending.slice(nl + 1);
      clean = lines.endsWith("END\n");
      chunks++;
      out.push(lines.toUpperCase());
    },
    end() {
      if (!clean) throw new ProviderError("p", "connect", "p: ended early");
    },
    summary: () => ({ finishReason: clean ? "stop" : null, completed: clean, chunks }),
  };
}

const ctx = { provider: "p" };
const decode = (v: Uint8Array | undefined) => new TextDecoder().decode(v);

describe("pumpStream", () => {
  it("yields translated output per read, then done, and resolves the summary at the end", async () => {
    const { body, summary } = pumpStream(byteStream("ab\ncd\nEND\n", 3), upperLines(), ctx);
    const reader = body.getReader();
    const seen: string[] = [];
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      seen.push(decode(r.value));
    }
    expect(seen.join("")).toBe("AB\nCD\nEND\n");
    expect(seen.length).toBeGreaterThan(1);
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(await summary).toEqual({ finishReason: "stop", completed: true, chunks: seen.length });
  });

  it("reads the upstream only when it is read itself", async () => {
    const translator = upperLines();
    const { body } = pumpStream(byteStream("a\nb\nc\nEND\n", 2), translator, ctx);
    await new Promise((r) => setTimeout(r, 5));
    expect(translator.pushes).toBe(0);
    await body.getReader().read();
    expect(translator.pushes).toBe(1);
  });

  it("delivers the output before an upstream error, then rejects every later read with the same ProviderError", async () => {
    const { body, summary } = pumpStream(byteStream("ok\n", 8, new TypeError("connection reset")), upperLines(), ctx);
    const reader = body.getReader();
    expect(decode((await reader.read()).value)).toBe("OK\n");
    const first = await reader.read().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ProviderError);
    expect((first as ProviderError).kind).toBe("connect");
    expect(await reader.read().catch((e: unknown) => e)).toBe(first);
    expect((await summary).completed).toBe(false);
  });

  it("an unclean end is an error, not done", async () => {
    const { body } = pumpStream(byteStream("half\n", 4), upperLines(), ctx);
    const reader = body.getReader();
    expect(decode((await reader.read()).value)).toBe("HALF\n");
    await expect(reader.read()).rejects.toMatchObject({ kind: "connect", message: "p: ended early" });
  });

  it("cancelling cancels the upstream and resolves the summary", async () => {
    let cancelled: unknown;
    const upstream = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(new TextEncoder().encode("x\n")),
      cancel: (reason) => void (cancelled = reason),
    });
    const { body, summary } = pumpStream(upstream, upperLines(), ctx);
    await body.getReader().read();
    await body.cancel("client gone");
    expect(cancelled).toBe("client gone");
    expect(await summary).toMatchObject({ completed: false });
    expect(await body.getReader().read()).toEqual({ done: true, value: undefined });
  });
});
