import type { IncomingMessage, ServerResponse } from "node:http";
import { type ChatDeps, parse, reply, sendBody } from "../chat";
import type { FaultPlan } from "../faults";
import { header, nextId, sleep } from "../http";
import { openaiProtocol } from "../openai/protocol";
import { baseModelName } from "../request";
import { estimateTokens } from "../text";
import { badRequest, type WireError } from "../wire-error";
import { embed, toBase64 } from "./vectors";
import { defaultDimensions, inputsOf, validateEmbeddingsBody } from "./validate";

const MAX_INPUT_TOKENS = 8192;

interface Body {
  model: string;
  input: unknown;
  dimensions?: number | null;
  encoding_format?: "float" | "base64";
}

const tokensOf = (input: string | number[]) =>
  typeof input === "string" ? estimateTokens(input.length) : input.length;

function contextError(tokens: number): WireError {
  return badRequest(
    `This model's maximum context length is ${MAX_INPUT_TOKENS} tokens, however you requested ${tokens} tokens (${tokens} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
    null,
    "context_length_exceeded",
  );
}

/**
 * `POST /v1/embeddings` in OpenAI's format: one deterministic unit vector per input (embed), of the
 * model's size or `dimensions`, as floats or base64; usage counts the input tokens. Auth, errors
 * and faults (status, latency, hang, ctx, malformed and cut bodies) work as on the chat endpoints.
 */
export async function serveEmbeddings(deps: ChatDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const proto = openaiProtocol;
  const headers = proto.headers(nextId("req_"));
  const denied = proto.auth(req);
  if (denied) return reply(res, denied, headers);
  const parsed = await parse(proto, req);
  if ("error" in parsed) return reply(res, parsed.error, headers);
  const raw = parsed.body as Body;
  deps.stats.request("embeddings", typeof raw?.model === "string" ? raw.model : "(none)");
  const invalid = validateEmbeddingsBody(raw);
  if (invalid) return reply(res, proto.error(invalid), headers);
  let plan: FaultPlan;
  try {
    plan = deps.faults.plan(raw.model, header(req, "x-sim-fault"));
  } catch (e) {
    return reply(res, proto.error(badRequest(`simulator fault spec: ${(e as Error).message}`, "model")), headers);
  }
  deps.stats.faults(raw.model, plan.fired);
  if (plan.hang) return new Promise((resolve) => res.on("close", () => resolve()));
  await sleep(deps.latencyMs + plan.latencyMs);
  if (res.destroyed) return;
  if (plan.status) return reply(res, proto.statusError(plan.status.status, plan.status.retryAfterMs), headers);
  const inputs = inputsOf(raw.input) as (string | number[])[];
  const counts = inputs.map(tokensOf);
  const longest = Math.max(...counts);
  if (plan.contextLength || longest > MAX_INPUT_TOKENS)
    return reply(res, proto.error(contextError(Math.max(longest, MAX_INPUT_TOKENS + 1))), headers);
  sendBody(res, JSON.stringify(embeddingsBody(raw, inputs, counts)), plan, headers);
}

function embeddingsBody(body: Body, inputs: (string | number[])[], counts: number[]) {
  const dims = body.dimensions ?? defaultDimensions(baseModelName(body.model));
  const data = inputs.map((input, index) => {
    const v = embed(typeof input === "string" ? input : input.join(" "), dims);
    const embedding = body.encoding_format === "base64" ? toBase64(v) : Array.from(v, (x) => Number(x.toPrecision(8)));
    return { object: "embedding", index, embedding };
  });
  const tokens = counts.reduce((a, b) => a + b, 0);
  return { object: "list", data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}
