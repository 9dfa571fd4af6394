import autocannon from "autocannon";
import { percentile, round } from "./stats";
import type { LatencyFigures } from "./types";

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  durationS: number;
}

export interface LoadRun {
  /** Responses of any status received within the run. */
  responses: number;
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts (autocannon's `errors`, which include `timeouts`). */
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  elapsedS: number;
  /** Latency of every 2xx response, ms, full precision. */
  latenciesMs: number[];
}

/**
 * Drives one target with autocannon for a fixed time. Latencies are taken from autocannon's
 * per-response event (float ms from process.hrtime) because its histogram keeps whole
 * milliseconds, too coarse for sub-millisecond overheads.
 * @example const run = await drive({ url, headers, body, connections: 32, durationS: 10 })
 */
export function drive(spec: LoadSpec): Promise<LoadRun> {
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let responses = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        method: "POST",
        headers: spec.headers,
        body: spec.body,
        connections: spec.connections,
        duration: spec.durationS,
        pipelining: 1,
        timeout: 10,
      },
      (err, result) => {
        if (err) return reject(err);
        const ok = statuses["2xx"] ?? 0;
        resolve({
          responses,
          ok,
          non2xx: responses - ok,
          errors: result.errors,
          timeouts: result.timeouts,
          statuses,
          elapsedS: result.duration,
          latenciesMs,
        });
      },
    );
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      responses++;
      const cls = statusCode >= 200 && statusCode < 300 ? "2xx" : String(statusCode);
      statuses[cls] = (statuses[cls] ?? 0) + 1;
      if (cls === "2xx") latenciesMs.push(responseTime);
    });
  });
}

/** p50/p90/p99/max/mean of latencies in ms (µs precision). */
export function latencyFigures(latenciesMs: readonly number[]): LatencyFigures {
  let sum = 0;
  let max = 0;
  for (const v of latenciesMs) {
    sum += v;
    if (v > max) max = v;
  }
  return {
    samples: latenciesMs.length,
    p50: round(percentile(latenciesMs, 0.5)),
    p90: round(percentile(latenciesMs, 0.9)),
    p99: round(percentile(latenciesMs, 0.99)),
    max: round(max),
    mean: round(latenciesMs.length ? sum / latenciesMs.length : NaN),
  };
}
