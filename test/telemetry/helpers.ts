import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { readRecord } from "../../src/telemetry/store";
import type { RequestRecord } from "../../src/telemetry/types";

/** Applies ./migrations to the test D1 (idempotent: applied ones are skipped). */
export function migrate(db: D1Database = env.DB): Promise<void> {
  return applyD1Migrations(db, env.TEST_MIGRATIONS);
}

let seq = 0;
/** A unique id with a prefix, so tests sharing a database can count their own rows. */
export const uniqueId = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${(seq++).toString(36)}`;

/** A complete, realistic record: a routed, non-streamed request that succeeded on its first attempt. */
export function makeRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: uniqueId("req"),
    ts: Date.now(),
    clientId: "client-a",
    configVersion: "v7",
    rule: "classification-to-mini",
    route: "economy",
    category: "classification",
    categorySource: "pattern",
    requestedModel: "auto",
    model: "gpt-4o-mini",
    provider: "openai",
    status: 200,
    streamed: false,
    truncated: false,
    inputTokens: 1200,
    cachedInputTokens: 200,
    outputTokens: 80,
    costUsd: 0.000243,
    baselineCostUsd: 0.00355,
    classifierCostUsd: 0,
    classifierInputTokens: 0,
    classifierOutputTokens: 0,
    totalCostUsd: 0.000243,
    latencyMs: 420,
    ttfbMs: 420,
    upstreamMs: 400,
    overheadMs: 20,
    attempts: [
      {
        index: 0,
        provider: "openai",
        model: "gpt-4o-mini",
        status: 200,
        ok: true,
        latencyMs: 400,
        retry: 0,
        breakerState: "closed",
      },
    ],
    inputTokensEstimate: 1180,
    language: "en",
    promptChars: 4100,
    promptHash: "9f86d081884c7d659a2feaa0c55ad015",
    finishReason: "stop",
    ...overrides,
  };
}

/** Polls `probe` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitFor(probe: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * The record of a request once it has reached D1 (through the Queue it takes a moment), or null
 * after `timeoutMs`. For pipeline tests: `await waitForRecord(res.headers.get("x-request-id")!)`.
 */
export async function waitForRecord(id: string, timeoutMs = 10_000): Promise<RequestRecord | null> {
  let record: RequestRecord | null = null;
  await waitFor(async () => (record = await readRecord(env.DB, id)) !== null, timeoutMs);
  return record;
}
