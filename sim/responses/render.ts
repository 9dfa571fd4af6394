import type { Answer } from "../answer";
import type { ResponseMeta, SimUsage } from "../protocol";
import type { SimRequest } from "../request";
import { sseFrame } from "../sse";
import { pieces, wordChunks } from "../text";

/** The Responses API's usage object, cached input included in `input_tokens`. */
export function responsesUsage(u: SimUsage) {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cacheRead },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: u.input + u.output,
  };
}

type Item =
  | {
      id: string;
      type: "message";
      status: string;
      role: "assistant";
      content: { type: "output_text"; text: string; annotations: []; logprobs: [] }[];
    }
  | { id: string; type: "function_call"; status: string; arguments: string; call_id: string; name: string };

function items(a: Answer, meta: ResponseMeta, status: string): Item[] {
  const base = meta.id.replace(/^resp_/, "");
  const out: Item[] = [];
  if (a.toolCalls.length === 0 || a.text !== "")
    out.push({
      id: `msg_${base}`,
      type: "message",
      status,
      role: "assistant",
      content: [{ type: "output_text", text: a.text, annotations: [], logprobs: [] }],
    });
  a.toolCalls.forEach((c, i) =>
    out.push({
      id: `fc_${base}${i}`,
      type: "function_call",
      status: "completed",
      arguments: c.arguments,
      call_id: c.id,
      name: c.name,
    }),
  );
  return out;
}

function response(
  req: SimRequest,
  meta: ResponseMeta,
  status: string,
  output: Item[],
  usage: SimUsage | null,
  incomplete: boolean,
) {
  return {
    id: meta.id,
    object: "response",
    created_at: meta.created,
    status,
    background: false,
    error: null,
    incomplete_details: incomplete ? { reason: "max_output_tokens" } : null,
    model: req.model,
    output,
    ...req.echo,
    usage: usage && responsesUsage(usage),
  };
}

/** The non-streaming `response` object. */
export function responseBody(req: SimRequest, a: Answer, meta: ResponseMeta) {
  const incomplete = a.finish === "length";
  const status = incomplete ? "incomplete" : "completed";
  return response(req, meta, status, items(a, meta, status), meta.usage, incomplete);
}

/** The SSE events of a streamed response, from response.created to response.completed. */
export function responseFrames(req: SimRequest, a: Answer, meta: ResponseMeta): string[] {
  const frames: string[] = [];
  let seq = 0;
  const ev = (type: string, data: Record<string, unknown>) =>
    frames.push(sseFrame(JSON.stringify({ type, sequence_number: seq++, ...data }), type));
  const started = response(req, meta, "in_progress", [], null, false);
  ev("response.created", { response: started });
  ev("response.in_progress", { response: started });
  const final = responseBody(req, a, meta);
  final.output.forEach((item, index) => {
    ev("response.output_item.added", { output_index: index, item: opened(item) });
    if (item.type === "message") {
      const at = { item_id: item.id, output_index: index, content_index: 0 };
      const text = item.content[0].text;
      ev("response.content_part.added", {
        ...at,
        part: { type: "output_text", text: "", annotations: [], logprobs: [] },
      });
      for (const delta of wordChunks(text)) ev("response.output_text.delta", { ...at, delta, logprobs: [] });
      ev("response.output_text.done", { ...at, text, logprobs: [] });
      ev("response.content_part.done", { ...at, part: item.content[0] });
    } else {
      const at = { item_id: item.id, output_index: index };
      for (const delta of pieces(item.arguments)) ev("response.function_call_arguments.delta", { ...at, delta });
      ev("response.function_call_arguments.done", { ...at, arguments: item.arguments });
    }
    ev("response.output_item.done", { output_index: index, item });
  });
  ev(final.status === "incomplete" ? "response.incomplete" : "response.completed", { response: final });
  return frames;
}

function opened(item: Item): Item {
  return item.type === "message"
    ? { ...item, status: "in_progress", content: [] }
    : { ...item, status: "in_progress", arguments: "" };
}
