import { describe, expect, it } from "vitest";
import { parseFaultList, parseFaultToken } from "./faults";
import { FaultRegistry } from "./registry";

describe("fault tokens", () => {
  it("parses statuses, delays, stream faults and modifiers", () => {
    expect(parseFaultToken("fail429:1500")).toEqual({ fault: { kind: "status", status: 429, retryAfterMs: 1500 } });
    expect(parseFaultToken("fail:503")).toEqual({ fault: { kind: "status", status: 503 } });
    expect(parseFaultToken("overloaded")).toEqual({ fault: { kind: "status", status: 529 } });
    expect(parseFaultToken("latency250")).toEqual({ fault: { kind: "latency", ms: 250 } });
    expect(parseFaultToken("slow:20")).toEqual({ fault: { kind: "chunk_delay", ms: 20 } });
    expect(parseFaultToken("cut")).toEqual({ fault: { kind: "cut", after: 2 } });
    expect(parseFaultToken("stream-error4")).toEqual({ fault: { kind: "stream_error", after: 4 } });
    expect(parseFaultToken("classifier:truncated")).toEqual({ fault: { kind: "classifier", mode: "truncated" } });
    expect(parseFaultToken("fail500@30%")).toEqual({ fault: { kind: "status", status: 500 }, rate: 0.3 });
    expect(parseFaultToken("fail500@0.5*3")).toEqual({ fault: { kind: "status", status: 500 }, rate: 0.5, count: 3 });
    expect(parseFaultList("latency10~cut3").map((r) => r.fault.kind)).toEqual(["latency", "cut"]);
  });

  it("rejects what it does not know", () => {
    expect(() => parseFaultToken("explode")).toThrow(/unknown fault "explode"/);
    expect(() => parseFaultToken("classifier:sad")).toThrow();
  });
});

describe("FaultRegistry", () => {
  it("fires a rate on exactly that share of requests, evenly spread", () => {
    const reg = new FaultRegistry();
    const fired = Array.from({ length: 20 }, () => reg.plan("m~fail503@25%", undefined).status !== undefined);
    expect(fired.filter(Boolean)).toHaveLength(5);
    expect(fired.slice(0, 4).filter(Boolean)).toHaveLength(1);
  });

  it("fires a count on the next N requests, then recovers, per model name", () => {
    const reg = new FaultRegistry();
    reg.register("gpt-x", { fault: { kind: "status", status: 500 }, count: 2 });
    const statuses = [1, 2, 3].map(() => reg.plan("gpt-x", undefined).status?.status);
    expect(statuses).toEqual([500, 500, undefined]);
    expect(reg.plan("other", undefined).status).toBeUndefined();
  });

  it("merges header, suffix and registered faults; the first status wins", () => {
    const reg = new FaultRegistry();
    reg.register("*", { fault: { kind: "latency", ms: 5 } });
    const plan = reg.plan("m~fail503~slow10", "fail429:10, latency20");
    expect(plan.status).toEqual({ status: 429, retryAfterMs: 10 });
    expect(plan.latencyMs).toBe(25);
    expect(plan.chunkDelayMs).toBe(10);
    expect(plan.fired.sort()).toEqual(["chunk_delay", "latency", "latency", "status_429", "status_503"]);
  });
});
