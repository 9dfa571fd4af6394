import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { PromptCache } from "./cache";
import { parseFaultToken, type Fault, type FaultRule } from "./faults";
import { readBody, sendJson } from "./http";
import type { FaultRegistry } from "./registry";
import type { SimStats } from "./stats";

const FaultObject = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("status"),
    status: z.number().int().min(400).max(599),
    retryAfterMs: z.number().int().min(0).optional(),
  }),
  z.strictObject({ kind: z.literal("context_length") }),
  z.strictObject({ kind: z.literal("latency"), ms: z.number().int().min(0) }),
  z.strictObject({ kind: z.literal("chunk_delay"), ms: z.number().int().min(0) }),
  z.strictObject({ kind: z.literal("cut"), after: z.number().int().min(0).default(2) }),
  z.strictObject({ kind: z.literal("malformed"), after: z.number().int().min(0).default(1) }),
  z.strictObject({ kind: z.literal("stream_error"), after: z.number().int().min(0).default(2) }),
  z.strictObject({ kind: z.literal("hang") }),
  z.strictObject({ kind: z.literal("classifier"), mode: z.enum(["garbage", "truncated", "unknown", "low"]) }),
]);

/** The body of `POST /_sim/faults`: a fault as an object or a token (`"fail503@30%"`), for a model or `*`. */
export const FaultRequest = z.strictObject({
  model: z.string().min(1).default("*"),
  fault: z.union([z.string().min(1), FaultObject]),
  rate: z.number().min(0).max(1).optional(),
  count: z.number().int().min(0).optional(),
});

export interface ControlDeps {
  faults: FaultRegistry;
  stats: SimStats;
  cache: PromptCache;
}

function toRule(body: z.infer<typeof FaultRequest>): FaultRule {
  const base: FaultRule = typeof body.fault === "string" ? parseFaultToken(body.fault) : { fault: body.fault as Fault };
  return {
    ...base,
    ...(body.rate !== undefined ? { rate: body.rate } : {}),
    ...(body.count !== undefined ? { count: body.count } : {}),
  };
}

async function registerFault(deps: ControlDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse(await readBody(req));
  } catch {
    return sendJson(res, 400, { error: "body is not JSON" });
  }
  const parsed = FaultRequest.safeParse(json);
  if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
  let rule: FaultRule;
  try {
    rule = toRule(parsed.data);
  } catch (e) {
    return sendJson(res, 400, { error: (e as Error).message });
  }
  sendJson(res, 201, { registered: deps.faults.register(parsed.data.model, rule) });
}

/**
 * The control API for tests and benchmarks: `POST|GET|DELETE /_sim/faults`, `GET /_sim/stats`,
 * `POST /_sim/reset`. Returns false when the path is not a control path.
 */
export async function serveControl(
  deps: ControlDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case "POST /_sim/faults":
      await registerFault(deps, req, res);
      return true;
    case "GET /_sim/faults":
      sendJson(res, 200, { faults: deps.faults.list() });
      return true;
    case "DELETE /_sim/faults":
      sendJson(res, 200, { removed: deps.faults.clear(url.searchParams.get("model") ?? undefined) });
      return true;
    case "GET /_sim/stats":
      sendJson(res, 200, deps.stats.snapshot());
      return true;
    case "POST /_sim/reset":
      deps.faults.reset();
      deps.stats.reset();
      deps.cache.clear();
      sendJson(res, 200, { ok: true });
      return true;
    default:
      return false;
  }
}
