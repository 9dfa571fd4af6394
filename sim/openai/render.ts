import type { Answer } from "../answer";
import type { ResponseMeta, SimUsage } from "../protocol";
import type { SimRequest } from "../request";
import { sseFrame } from "../sse";
import { pieces, stableId, wordChunks } from "../text";

const FINISH = { stop: "stop", stop_sequence: "stop", length: "length", tool_calls: "tool_calls" } as const;

/** OpenAI's usage object, cached input included in `prompt_tokens`. */
export function openaiUsage(u: SimUsage) {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cacheRead, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function fingerprint(model: string): string {
  return `fp_${stableId(model, 10)}`;
}

/** The non-streaming `chat.completion` object. */
export function completionBody(req: SimRequest, a: Answer, meta: ResponseMeta) {
  const toolCalls = a.toolCalls.map((c) => ({
    id: c.id,
    type: "function",
    function: { name: c.name, arguments: c.arguments },
  }));
  const message = {
    role: "assistant",
    content: toolCalls.length > 0 ? null : a.text,
    refusal: null,
    annotations: [],
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: req.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: FINISH[a.finish] }],
    usage: openaiUsage(meta.usage),
    service_tier: "default",
    system_fingerprint: fingerprint(req.baseModel),
  };
}

function deltas(a: Answer): Record<string, unknown>[] {
  if (a.toolCalls.length === 0) return wordChunks(a.text).map((content) => ({ content }));
  const out: Record<string, unknown>[] = [];
  a.toolCalls.forEach((c, index) => {
    out.push({ tool_calls: [{ index, id: c.id, type: "function", function: { name: c.name, arguments: "" } }] });
    for (const p of pieces(c.arguments)) out.push({ tool_calls: [{ index, function: { arguments: p } }] });
  });
  return out;
}

/** The SSE frames of a streamed completion, `[DONE]` included. */
export function completionFrames(req: SimRequest, a: Answer, meta: ResponseMeta): string[] {
  const head = {
    id: meta.id,
    object: "chat.completion.chunk",
    created: meta.created,
    model: req.model,
    service_tier: "default",
    system_fingerprint: fingerprint(req.baseModel),
  };
  const usage = meta.includeUsage ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    sseFrame(
      JSON.stringify({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...usage }),
    );
  const first =
    a.toolCalls.length > 0
      ? { role: "assistant", content: null, refusal: null }
      : { role: "assistant", content: "", refusal: null };
  const frames = [chunk(first, null), ...deltas(a).map((d) => chunk(d, null)), chunk({}, FINISH[a.finish])];
  if (meta.includeUsage)
    frames.push(sseFrame(JSON.stringify({ ...head, choices: [], usage: openaiUsage(meta.usage) })));
  frames.push(sseFrame("[DONE]"));
  return frames;
}
