import { performance } from "node:perf_hooks";
import type { RawHttpClient, TimedResponse } from "./raw-http";
import { median, percentile, round } from "./stats";
import type { ChunkTiming, TtfbFigures } from "./types";

export interface StreamRequest {
  client: RawHttpClient;
  headers: Record<string, string>;
  body: string;
}

/** Fails loudly on anything but a 200 event stream: a timing of an error page measures nothing. */
async function streamOnce(req: StreamRequest): Promise<TimedResponse> {
  const res = await req.client.post("/v1/chat/completions", req.headers, req.body);
  if (res.status !== 200 || !res.headers["content-type"]?.includes("text/event-stream")) {
    throw new Error(
      `expected a 200 event stream, got ${res.status} ${res.headers["content-type"] ?? ""}: ${res.body.slice(0, 200)}`,
    );
  }
  return res;
}

/**
 * Time to first byte of streams: sequential requests (concurrency 1) for `durationS` and at least
 * `minSamples`; the first body byte is the first event the client can use.
 */
export async function ttfbSeries(req: StreamRequest, durationS: number, minSamples = 20): Promise<TtfbFigures> {
  const first: number[] = [];
  const head: number[] = [];
  const until = performance.now() + durationS * 1000;
  while (performance.now() < until || first.length < minSamples) {
    const res = await streamOnce(req);
    first.push(res.firstBodyMs);
    head.push(res.headMs);
  }
  return {
    samples: first.length,
    p50: round(median(first)),
    p99: round(percentile(first, 0.99)),
    headP50: round(median(head)),
  };
}

/**
 * Event arrival while the upstream waits between frames (the simulator's chunk_delay fault): a
 * proxy that buffers shows fewer socket reads per event, bunched gaps and a longer span.
 */
export async function chunkTiming(req: StreamRequest, streams: number): Promise<ChunkTiming> {
  const gaps: number[] = [];
  const events: number[] = [];
  const spans: number[] = [];
  let reads = 0;
  let eventCount = 0;
  for (let i = 0; i < streams; i++) {
    const res = await streamOnce(req);
    const at = res.eventMs;
    for (let j = 1; j < at.length; j++) gaps.push(at[j] - at[j - 1]);
    events.push(at.length);
    spans.push(at.length ? at[at.length - 1] - at[0] : 0);
    reads += res.bodyReads;
    eventCount += at.length;
  }
  return {
    streams,
    events: median(events),
    readsPerEvent: round(eventCount ? reads / eventCount : NaN),
    gapP50Ms: round(median(gaps)),
    gapP90Ms: round(percentile(gaps, 0.9)),
    spanMs: round(median(spans)),
  };
}
