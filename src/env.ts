import type { RequestRecord } from "./telemetry/types";

/** The Worker's bindings and vars (wrangler.toml), and secrets (wrangler secret / .dev.vars). */
export interface Env {
  RULES: KVNamespace;
  DB: D1Database;
  EVENTS?: AnalyticsEngineDataset;
  /** Optional: without it records go to D1 directly (small deployments). */
  RECORDS?: Queue<RequestRecord>;
  BREAKERS?: DurableObjectNamespace;
  MAX_BODY_BYTES?: string;
  OPENAI_BASE_URL?: string;
  ANTHROPIC_BASE_URL?: string;
  OPENAI_API_KEY?: string;
  ANTHROPIC_API_KEY?: string;
  /** Other secrets named by providers' apiKeyEnv / baseUrlEnv. */
  [name: string]: unknown;
}
