import type { Answer } from "../answer";
import type { ResponseMeta, SimUsage } from "../protocol";
import type { SimRequest } from "../request";
import { sseFrame } from "../sse";
import { pieces, wordChunks } from "../text";

const STOP_REASON = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  stop_sequence: "stop_sequence",
} as const;

/** Anthropic's usage: `input_tokens` excludes what was read from or written to the cache. */
export function anthropicUsage(u: SimUsage) {
  return {
    input_tokens: Math.max(0, u.input - u.cacheRead - u.cacheWrite),
    cache_creation_input_tokens: u.cacheWrite,
    cache_read_input_tokens: u.cacheRead,
    output_tokens: u.output,
    service_tier: "standard",
  };
}

type ContentBlock = { type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: unknown };

function contentBlocks(a: Answer): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  if (a.text !== "" || a.toolCalls.length === 0) blocks.push({ type: "text", text: a.text });
  for (const c of a.toolCalls)
    blocks.push({ type: "tool_use", id: c.id, name: c.name, input: JSON.parse(c.arguments) });
  return blocks;
}

/** The non-streaming `message` object. */
export function messageBody(req: SimRequest, a: Answer, meta: ResponseMeta) {
  return {
    id: meta.id,
    type: "message",
    role: "assistant",
    model: req.model,
    content: contentBlocks(a),
    stop_reason: STOP_REASON[a.finish],
    stop_sequence: a.stopSequence,
    usage: anthropicUsage(meta.usage),
  };
}

const ev = (type: string, data: Record<string, unknown>) => sseFrame(JSON.stringify({ type, ...data }), type);

function blockFrames(b: ContentBlock, index: number): string[] {
  if (b.type === "text") {
    const deltas = wordChunks(b.text).map((text) =>
      ev("content_block_delta", { index, delta: { type: "text_delta", text } }),
    );
    return [ev("content_block_start", { index, content_block: { type: "text", text: "" } }), ...deltas];
  }
  const json = JSON.stringify(b.input);
  const deltas = pieces(json).map((partial_json) =>
    ev("content_block_delta", { index, delta: { type: "input_json_delta", partial_json } }),
  );
  return [
    ev("content_block_start", { index, content_block: { type: "tool_use", id: b.id, name: b.name, input: {} } }),
    ...deltas,
  ];
}

/** The SSE events of a streamed message, from message_start to message_stop. */
export function messageFrames(req: SimRequest, a: Answer, meta: ResponseMeta): string[] {
  const start = { ...messageBody(req, a, meta), content: [], stop_reason: null, stop_sequence: null };
  start.usage = { ...start.usage, output_tokens: 1 };
  const frames = [ev("message_start", { message: start })];
  contentBlocks(a).forEach((b, index) => {
    const [open, ...deltas] = blockFrames(b, index);
    frames.push(open);
    if (index === 0) frames.push(ev("ping", {}));
    frames.push(...deltas, ev("content_block_stop", { index }));
  });
  frames.push(
    ev("message_delta", {
      delta: { stop_reason: STOP_REASON[a.finish], stop_sequence: a.stopSequence },
      usage: { output_tokens: meta.usage.output },
    }),
    ev("message_stop", {}),
  );
  return frames;
}
