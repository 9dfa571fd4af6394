import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerOf, sharesFromMetafile } from "../../bench/lib/bundle-report";
import { parseOptions, cellsOf } from "../../bench/lib/options";
import { RawHttpClient } from "../../bench/lib/raw-http";
import { percentile } from "../../bench/lib/stats";
import { evaluateTargets } from "../../bench/lib/targets";
import type { CellResult } from "../../bench/lib/types";

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url === "/sse") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        let i = 0;
        const tick = () => {
          if (i === 3) return res.end("data: [DONE]\n\n");
          res.write(`data: {"n":${i++},"text":"héllo"}\n\n`);
          setTimeout(tick, 40);
        };
        tick();
      } else {
        const body = JSON.stringify({ ok: true, path: req.url });
        res.writeHead(201, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("RawHttpClient", () => {
  it("reads a Content-Length response and reuses the connection", async () => {
    const client = new RawHttpClient(url);
    const a = await client.post("/one", { "content-type": "application/json" }, "{}");
    const b = await client.post("/two", {}, "{}");
    client.close();
    expect(a.status).toBe(201);
    expect(JSON.parse(a.body)).toEqual({ ok: true, path: "/one" });
    expect(JSON.parse(b.body)).toEqual({ ok: true, path: "/two" });
    expect(a.headMs).toBeLessThanOrEqual(a.totalMs);
  });

  it("decodes a chunked event stream and timestamps each event as it arrives", async () => {
    const client = new RawHttpClient(url);
    const r = await client.post("/sse", {}, "{}");
    client.close();
    expect(r.body).toBe(
      'data: {"n":0,"text":"héllo"}\n\ndata: {"n":1,"text":"héllo"}\n\ndata: {"n":2,"text":"héllo"}\n\ndata: [DONE]\n\n',
    );
    expect(r.eventMs).toHaveLength(4);
    expect(r.bodyReads).toBe(4);
    const gaps = r.eventMs.slice(1).map((t, i) => t - r.eventMs[i]);
    for (const gap of gaps) expect(gap).toBeGreaterThan(30);
    expect(r.firstBodyMs).toBeLessThan(r.eventMs[1]);
  });
});

describe("figures", () => {
  it("percentile uses nearest rank", () => {
    const xs = [5, 1, 4, 2, 3];
    expect(percentile(xs, 0.5)).toBe(3);
    expect(percentile(xs, 0.99)).toBe(5);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it("judges each target on its worst cell and leaves unmeasured ones open", () => {
    const cell = (id: string, connections: number, p50: number, ratio: number) =>
      ({
        id,
        connections,
        overhead: { p50Ms: p50, p99Ms: 0.5, throughputRatio: ratio, cpuMsPerRequest: 0.3 },
        router: { cpuMsPerRequest: 0.9 },
      }) as unknown as CellResult;
    const targets = evaluateTargets({
      cells: [cell("a", 1, 0.1, 1), cell("b", 1, 0.3, 1), cell("c", 32, 9, 0.95), cell("d", 32, 9, 0.85)],
      bundle: null,
      startup: null,
    });
    const byName = Object.fromEntries(targets.map((t) => [t.name, t]));
    expect(byName["added p50 latency at concurrency 1"]).toMatchObject({ value: 0.3, where: "b", pass: false });
    expect(byName["throughput at concurrency 32 vs bare"]).toMatchObject({ value: 0.85, where: "d", pass: false });
    expect(byName["router CPU per request (workerd total)"]).toMatchObject({ value: 0.9, pass: true });
    expect(byName["streaming TTFB added (p50)"].pass).toBeNull();
    expect(byName["bundle gzipped (minified)"].pass).toBeNull();
  });
});

describe("bundle breakdown", () => {
  it("names packages and src folders", () => {
    expect(ownerOf("node_modules/zod/v4/core/schemas.js")).toBe("zod");
    expect(ownerOf("node_modules/@scope/pkg/dist/x.js")).toBe("@scope/pkg");
    expect(ownerOf("src/dispatch/chain.ts")).toBe("src/dispatch");
    expect(ownerOf("src/index.ts")).toBe("src/index.ts");
  });

  it("adds up minified bytes per owner from a metafile", () => {
    const meta = {
      inputs: {},
      outputs: {
        "out/index.js": {
          entryPoint: "src/index.ts",
          bytes: 0,
          imports: [],
          exports: [],
          inputs: {
            "node_modules/zod/a.js": { bytesInOutput: 2048 },
            "node_modules/zod/b.js": { bytesInOutput: 1024 },
            "src/rules/x.ts": { bytesInOutput: 512 },
          },
        },
      },
    };
    expect(sharesFromMetafile(meta)).toEqual([
      { name: "zod", minifiedKiB: 3 },
      { name: "src/rules", minifiedKiB: 0.5 },
    ]);
  });
});

describe("options", () => {
  it("orders cells json before stream, low concurrency first", () => {
    const o = parseOptions(["--quick", "--modes", "local,cached", "--connections", "1,32"]);
    if (o === "help") throw new Error("unexpected help");
    expect(o.durationS).toBe(2);
    expect(cellsOf(o).map((c) => `${c.mode}/${c.stream ? "stream" : "json"}/c${c.connections}`)).toEqual([
      "local/json/c1",
      "cached/json/c1",
      "local/json/c32",
      "cached/json/c32",
      "local/stream/c1",
      "cached/stream/c1",
      "local/stream/c32",
      "cached/stream/c32",
    ]);
  });

  it("rejects bad values by flag", () => {
    expect(() => parseOptions(["--duration", "0"])).toThrow("--duration");
    expect(() => parseOptions(["--streams", "sse"])).toThrow("--streams");
  });
});
