import type { Context } from "hono";
import type { ChatCompletionRequest } from "../core/chat";
import type { Client } from "../core/client";
import type { Env } from "../env";
import type { RunContext } from "../pipeline/context";

export interface Variables {
  requestId: string;
  /** Epoch ms when the request reached the router. */
  startedAt: number;
  client: Client;
  body: ChatCompletionRequest;
}

export type AppEnv = { Bindings: Env; Variables: Variables };

/** The request's facts as the pipeline takes them (plain values, no Hono). */
export function runContext(c: Context<AppEnv>): RunContext {
  return {
    env: c.env,
    waitUntil: (p) => c.executionCtx.waitUntil(p),
    signal: c.req.raw.signal,
    requestId: c.get("requestId"),
    startedAt: c.get("startedAt"),
    client: c.get("client"),
  };
}
