import { Hono } from "hono";
import type { Env } from "./env";

const app = new Hono<{ Bindings: Env }>();
app.get("/healthz", (c) => c.json({ ok: true }));

export default app;
export class BreakerState implements DurableObject {
  constructor(readonly state: DurableObjectState) {}
  async fetch(): Promise<Response> {
    return new Response("not implemented", { status: 501 });
  }
}
