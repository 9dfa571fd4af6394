/** The Worker's bindings and vars (wrangler.toml), and secrets (wrangler secret / .dev.vars). */
export interface Env {
  RULES: KVNamespace;
  DB: D1Database;
  EVENTS?: AnalyticsEngineDataset;
  /**
   * Optional: without it records go to D1 directly (small deployments). Messages are RequestRecords
   * (telemetry/types.ts); the type is not named here so that the bindings sit below every module.
   */
  RECORDS?: Queue;
  BREAKERS?: DurableObjectNamespace;
  MAX_BODY_BYTES?: string;
  OPENAI_BASE_URL?: string;
  ANTHROPIC_BASE_URL?: string;
  OPENAI_API_KEY?: string;
  ANTHROPIC_API_KEY?: string;
  /** Optional Workers AI binding, for providers of kind "workers-ai" (`binding: AI`; wrangler.toml [ai]). */
  AI?: Ai;
  /** Other secrets named by providers' apiKeyEnv / baseUrlEnv. */
  [name: string]: unknown;
}
