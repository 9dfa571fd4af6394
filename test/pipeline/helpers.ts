import { env, exports } from "cloudflare:workers";
import { clientRecordKey } from "../../src/core/client";
import defaultConfig from "../../src/config/default-config.json";
import type { RouterConfigInput } from "../../src/config/schema";

export const KEY = "mr-pipeline-test-key";
export const ADMIN_KEY = "mr-pipeline-admin-key";

/** Stores the test clients' key hashes in KV (idempotent). */
export async function seedClients(): Promise<void> {
  await env.RULES.put(await clientRecordKey(KEY), JSON.stringify({ id: "test-app", name: "Test app" }));
  await env.RULES.put(await clientRecordKey(ADMIN_KEY), JSON.stringify({ id: "ops", name: "Ops", admin: true }));
}

/** The default config plus test models whose upstream names carry simulator faults. */
export function testConfig(): RouterConfigInput {
  const base = structuredClone(defaultConfig) as RouterConfigInput;
  const price = { input: 1, cachedInput: 0.5, output: 2, asOf: "2026-11-20" };
  const model = (id: string, upstream: string, provider = "openai") => ({
    id,
    provider,
    upstream,
    tier: "economy" as const,
    price,
    contextWindow: 128000,
    capabilities: { tools: true, images: false, jsonSchema: true },
    aliases: [],
  });
  base.models.push(
    model("flaky-openai", "pipeline-flaky~fail503"),
    model("cut-stream", "pipeline-cut~cut3"),
    model("steady-anthropic", "pipeline-steady", "anthropic"),
  );
  base.routes["failover-test"] = { model: "flaky-openai", fallbacks: ["steady-anthropic"], retry: { maxRetries: 0 } };
  base.routes["cut-test"] = { model: "cut-stream", fallbacks: ["steady-anthropic"] };
  base.rules.unshift(
    { id: "failover-test", when: { task: "failover-test" }, route: "failover-test", description: "test" },
    { id: "cut-test", when: { task: "cut-test" }, route: "cut-test", description: "test" },
    {
      id: "sampled",
      when: { task: "sampled" },
      route: "economy",
      description: "test: keeps samples",
      storeSamples: true,
    },
  );
  return base;
}

export async function post(
  path: string,
  body: unknown,
  opts: { key?: string | null; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  const key = opts.key === undefined ? KEY : opts.key;
  if (key) headers.authorization = `Bearer ${key}`;
  return exports.default.fetch(`http://router${path}`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export const chat = (body: unknown, opts?: Parameters<typeof post>[2]) => post("/v1/chat/completions", body, opts);

/** Reads an SSE body to the end: the data payloads in order. */
export async function readSse(res: Response): Promise<string[]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .map((e) =>
      e
        .split("\n")
        .find((l) => l.startsWith("data: "))
        ?.slice(6),
    )
    .filter((d): d is string => d !== undefined);
}
