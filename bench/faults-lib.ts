import { spawn } from "node:child_process";
import pLimit from "p-limit";
import { dispatch, BreakerBoard } from "../src/dispatch";
import { simResolver, targetsOf, type SimModel } from "../sim/dispatch-targets";
import { simFault } from "../sim/testing";
import { DEFAULT_BREAKER } from "../src/config/schema";
import type { ChatCompletionRequest } from "../src/core/chat";

export interface Sim {
  url: string;
  stop(): void;
}

/** Starts the simulator in its own process (so that it does not share the benchmark's event loop). */
export function startSim(latencyMs: number): Promise<Sim> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "sim/main.ts", "--port", "0", "--latency", String(latencyMs)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill("SIGTERM") });
    });
    child.on("exit", (code) => reject(new Error(`simulator exited (${code}) before listening`)));
  });
}

export interface Scenario {
  name: string;
  /** Fault token for the primary (OpenAI) model, e.g. "fail503"; undefined = healthy. */
  fault?: string;
  /** Share of the primary's requests that fail. */
  rate?: number;
  breaker: boolean;
}

export interface RunOptions {
  simUrl: string;
  requests: number;
  concurrency: number;
  stream: boolean;
  maxRetries: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  ok: number;
  failed: number;
  /** Client-seen latency of every request, ms. */
  latencies: number[];
  /** Calls that reached the failing provider, and those of them that failed. */
  primaryCalls: number;
  primaryFailures: number;
  breakerSkips: number;
  servedByFallback: number;
  truncated: number;
}

const REQ: ChatCompletionRequest = {
  model: "auto",
  messages: [{ role: "user", content: "Give me one sentence about resilient systems." }],
  max_tokens: 60,
};

/** Runs `requests` dispatches with bounded concurrency through one breaker board (one isolate). */
export async function runScenario(s: Scenario, o: RunOptions): Promise<ScenarioResult> {
  const tag = `${s.name.replace(/\W+/g, "-")}-${Date.now().toString(36)}`;
  const models: SimModel[] = [
    { model: "gpt-4o-mini", provider: "openai", upstream: `gpt-4o-mini-${tag}` },
    { model: "claude-3-5-haiku", provider: "anthropic", upstream: `claude-3-5-haiku-${tag}` },
  ];
  if (s.fault) await simFault(o.simUrl, models[0].upstream, s.fault, s.rate !== undefined ? { rate: s.rate } : {});
  const board = new BreakerBoard();
  const resolve = simResolver(o.simUrl, models);
  const breaker = s.breaker ? { ...DEFAULT_BREAKER } : { failureThreshold: 1e9, slowCallMs: 1e9, openMs: 1 };
  const result: ScenarioResult = {
    scenario: s,
    ok: 0,
    failed: 0,
    latencies: [],
    primaryCalls: 0,
    primaryFailures: 0,
    breakerSkips: 0,
    servedByFallback: 0,
    truncated: 0,
  };
  const limit = pLimit(o.concurrency);
  const one = async () => {
    const started = performance.now();
    const r = await dispatch({
      req: REQ,
      stream: o.stream,
      targets: targetsOf(models),
      route: { retry: { maxRetries: o.maxRetries } },
      resilience: { breaker },
      deps: { resolve, breakers: board.session() },
    });
    if (r.ok && r.response.kind === "stream") {
      await new Response(r.response.body).arrayBuffer();
      if ((await r.response.done).truncated) result.truncated++;
    }
    result.latencies.push(performance.now() - started);
    if (r.ok) result.ok++;
    else result.failed++;
    if (r.ok && r.provider !== "openai") result.servedByFallback++;
    for (const a of r.attempts) {
      if (a.provider !== "openai") continue;
      if (a.errorKind === "skipped_breaker_open") result.breakerSkips++;
      else if (a.status !== 0 || a.errorKind !== "hedge_lost") {
        result.primaryCalls++;
        if (!a.ok) result.primaryFailures++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.requests }, () => limit(one)));
  return result;
}

/** The q-th percentile (0..100) of `xs`, nearest rank. */
export function percentile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))];
}

/** CPU cost of the breaker on the hot path: one acquire and one report per request, µs (median of 5 rounds). */
export function breakerHotPathMicros(rounds = 5, perRound = 200_000): number {
  const cfg = { ...DEFAULT_BREAKER };
  const store = new BreakerBoard(5_000).session({});
  const models = ["gpt-4o-mini", "gpt-4o", "claude-3-5-haiku", "claude-sonnet"];
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < perRound; i++) {
      const model = models[i & 3];
      store.acquire("openai", model, i, cfg);
      store.report("openai", model, { type: i % 10 === 0 ? "failure" : "success", at: i, latencyMs: 20 }, cfg);
    }
    samples.push(((performance.now() - started) * 1000) / perRound);
  }
  return percentile(samples, 50);
}
