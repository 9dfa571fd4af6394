import type { Env } from "../env";
import type { ChatCompletionRequest } from "../core/chat";

/** A client as stored in KV under `client:<sha256(key)>`. */
export interface Client {
  id: string;
  name: string;
  /** Admin keys may read /v1/status (rules, breakers, telemetry counters). */
  admin?: boolean;
}

export interface Variables {
  requestId: string;
  /** Epoch ms when the request reached the router. */
  startedAt: number;
  client: Client;
  body: ChatCompletionRequest;
}

export type AppEnv = { Bindings: Env; Variables: Variables };
