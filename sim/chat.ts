import type { IncomingMessage, ServerResponse } from "node:http";
import { answer } from "./answer";
import type { PromptCache } from "./cache";
import { CLASSIFIER_MARKER } from "./classifier";
import type { FaultPlan } from "./faults";
import { BodyTooLarge, header, nextId, readBody, sendJson, sleep } from "./http";
import type { ErrorReply, WireProtocol } from "./protocol";
import type { FaultRegistry } from "./registry";
import { writeSse } from "./sse";
import type { SimStats } from "./stats";
import { jsonDepth, MAX_BODY_DEPTH } from "./schema-check";
import { badRequest, isObject } from "./wire-error";

/** What the chat endpoints share: faults, counters, the prompt cache and the global latency. */
export interface ChatDeps {
  faults: FaultRegistry;
  stats: SimStats;
  cache: PromptCache;
  latencyMs: number;
}

export function reply(res: ServerResponse, e: ErrorReply, headers: Record<string, string>): void {
  sendJson(res, e.status, e.body, { ...headers, ...e.headers });
}

export async function parse(
  proto: WireProtocol,
  req: IncomingMessage,
): Promise<{ body: unknown } | { error: ErrorReply }> {
  let raw: string;
  try {
    raw = await readBody(req);
  } catch (e) {
    if (e instanceof BodyTooLarge)
      return { error: proto.error({ status: 413, message: "Request body too large.", param: null, code: null }) };
    throw e;
  }
  if (jsonDepth(raw) > MAX_BODY_DEPTH)
    return {
      error: proto.error(
        badRequest(`The request body is nested more than ${MAX_BODY_DEPTH} levels deep.`, null, "invalid_json"),
      ),
    };
  try {
    return { body: JSON.parse(raw) };
  } catch {
    return { error: proto.invalidJson() };
  }
}

/**
 * Serves one chat request in `proto`'s wire format: auth, JSON, validation, then the faults that
 * fire for it, then the deterministic answer as JSON or SSE.
 */
export async function serveChat(
  proto: WireProtocol,
  deps: ChatDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = nextId("req_");
  const headers = proto.headers(requestId);
  const denied = proto.auth(req);
  if (denied) return reply(res, denied, headers);
  const parsed = await parse(proto, req);
  if ("error" in parsed) return reply(res, parsed.error, headers);
  const { body } = parsed;
  deps.stats.request(proto.name, isObject(body) && typeof body.model === "string" ? body.model : "(none)");
  const invalid = proto.validate(body);
  if (invalid) return reply(res, proto.error(invalid), headers);
  const sreq = proto.normalize(body);
  let plan: FaultPlan;
  try {
    plan = deps.faults.plan(sreq.model, header(req, "x-sim-fault"));
  } catch (e) {
    return reply(res, proto.error(badRequest(`simulator fault spec: ${(e as Error).message}`, "model")), headers);
  }
  deps.stats.faults(sreq.model, plan.fired);
  if (plan.hang) return new Promise((resolve) => res.on("close", () => resolve()));
  await sleep(deps.latencyMs + plan.latencyMs);
  if (res.destroyed) return;
  if (plan.status) return reply(res, proto.statusError(plan.status.status, plan.status.retryAfterMs), headers);
  if (plan.contextLength || sreq.inputTokens > proto.contextWindow)
    return reply(res, proto.contextError(sreq), headers);
  if (sreq.system.includes(CLASSIFIER_MARKER)) deps.stats.classification();
  const ans = answer(sreq, plan.classifier);
  const cached = deps.cache.use(sreq.cachePrefix, proto.cacheStep);
  const { stream, includeUsage } = proto.streamMode(body);
  const meta = {
    id: nextId(proto.idPrefix),
    created: Math.floor(Date.now() / 1000),
    usage: { input: sreq.inputTokens, cacheRead: cached.read, cacheWrite: cached.write, output: ans.outputTokens },
    includeUsage,
  };
  if (stream) return writeSse(res, proto.frames(sreq, ans, meta), plan, proto.faultFrames, headers);
  sendBody(res, JSON.stringify(proto.body(sreq, ans, meta)), plan, headers);
}

/** A non-streaming body, broken by a malformed-body or cut fault when one is planned. */
export function sendBody(res: ServerResponse, text: string, plan: FaultPlan, headers: Record<string, string>): void {
  const out = plan.malformedAfter !== undefined ? text.slice(0, Math.ceil(text.length / 2)) : text;
  res.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(plan.cutAfter !== undefined ? text : out),
    ...headers,
  });
  if (plan.cutAfter === undefined) return void res.end(out);
  res.write(out.slice(0, Math.ceil(out.length / 2)), () => res.socket?.destroy());
}
