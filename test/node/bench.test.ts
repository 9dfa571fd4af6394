/**
 * Smoke test of `npm run bench`: one short cell end to end (bundles, simulator, router and bare
 * Worker in workerd, autocannon, telemetry drain), so that CI notices a broken benchmark. The
 * figures themselves are not judged here: only that they were measured and have the right shape.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchResult } from "../../bench/lib/types";

const ROOT = path.resolve(__dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "bench-smoke-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/router.ts", ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("npm run bench", () => {
  it("measures one cell and writes the JSON figures", { timeout: 90_000 }, async () => {
    const out = path.join(dir, "result.json");
    const args = [
      "--duration",
      "1",
      "--warmup",
      "0.3",
      "--modes",
      "explicit",
      "--connections",
      "1",
      "--streams",
      "json",
    ];
    const { code, output } = await runBench([...args, "--startup-runs", "0", "--no-bundle-report", "--out", out]);
    expect(code, output).toBe(0);
    expect(output).toContain("autocannon");
    expect(output).toContain("provider simulator");

    const r = JSON.parse(readFileSync(out, "utf8")) as BenchResult;
    expect(r.schemaVersion).toBe(1);
    expect(r.problems).toEqual([]);
    expect(r.cells.map((c) => c.id)).toEqual(["explicit/json/c1"]);
    const [cell] = r.cells;
    for (const side of [cell.bare, cell.router]) {
      expect(side.rps).toBeGreaterThan(0);
      expect(side.non2xx + side.errors).toBe(0);
      expect(side.latencyMs.samples).toBe(side.requests);
      expect(side.latencyMs.p99).toBeGreaterThanOrEqual(side.latencyMs.p50);
      expect(side.cpuMsPerRequest).toBeGreaterThan(0);
    }
    expect(cell.overhead.p50Ms).toBeCloseTo(cell.router.latencyMs.p50 - cell.bare.latencyMs.p50, 3);
    expect(cell.overhead.throughputRatio).toBeCloseTo(cell.router.rps / cell.bare.rps, 2);
    expect(cell.routing.probe["x-router-rule"]).toBe("explicit-model");
    expect(Object.values(cell.routing.sources).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(cell.router.requests);
    expect(r.telemetry.recordsInD1).toBeGreaterThanOrEqual(r.telemetry.recordsExpected);
    expect(r.bundle?.router.gzipKiB).toBeGreaterThan(r.bundle?.bare.gzipKiB ?? Infinity);
    expect(r.targets.find((t) => t.name.startsWith("added p50"))?.value).toBe(cell.overhead.p50Ms);
    expect(r.targets.find((t) => t.name.startsWith("throughput"))?.pass).toBeNull();
  });

  it("refuses an unknown mode without measuring anything", async () => {
    const { code, output } = await runBench(["--modes", "nonsense"]);
    expect(code).toBe(2);
    expect(output).toContain('unknown mode "nonsense"');
  });
});
