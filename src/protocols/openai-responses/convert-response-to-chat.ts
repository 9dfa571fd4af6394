import type { ToolCall } from "../../core/chat";
import { idBase } from "../shared/chat-completion";
import type { OutputItem, ResponseStatus } from "./response-object";

/** The parts of a Responses `response` object this conversion reads. */
export interface ResponseLike {
  id: string;
  created_at: number;
  model: string;
  status: ResponseStatus;
  incomplete_details: { reason: string } | null;
  output: OutputItem[];
  usage: {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
  } | null;
}

/**
 * A Responses `response` → an OpenAI chat completion, the inverse of toResponse: message text
 * joined into `content` (null when there is none and the answer is tool calls), refusals into
 * `refusal`, function_call items into `tool_calls`; the finish reason from the status
 * (`max_output_tokens` → length) or from the calls (tool_calls).
 */
export function toChatCompletion(r: ResponseLike) {
  let text: string | null = null;
  let refusal: string | null = null;
  const annotations: unknown[] = [];
  const toolCalls: ToolCall[] = [];
  for (const item of r.output) {
    if (item.type === "function_call") {
      toolCalls.push({ id: item.call_id, type: "function", function: { name: item.name, arguments: item.arguments } });
      continue;
    }
    for (const part of item.content) {
      if (part.type === "refusal") refusal = (refusal ?? "") + part.refusal;
      else {
        text = (text ?? "") + part.text;
        for (const a of part.annotations) annotations.push(toChatAnnotation(a));
      }
    }
  }
  const message: Record<string, unknown> = { role: "assistant", content: text, refusal };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (annotations.length > 0) message.annotations = annotations;
  return {
    id: `chatcmpl-${idBase(r.id)}`,
    object: "chat.completion",
    created: r.created_at,
    model: r.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(r, toolCalls.length > 0) }],
    usage: r.usage && {
      prompt_tokens: r.usage.input_tokens,
      completion_tokens: r.usage.output_tokens,
      total_tokens: r.usage.total_tokens,
      prompt_tokens_details: { cached_tokens: r.usage.input_tokens_details.cached_tokens },
      completion_tokens_details: { reasoning_tokens: r.usage.output_tokens_details.reasoning_tokens },
    },
  };
}

function finishReason(r: ResponseLike, calls: boolean): string {
  if (r.status === "incomplete") return r.incomplete_details?.reason === "content_filter" ? "content_filter" : "length";
  return calls ? "tool_calls" : "stop";
}

function toChatAnnotation(a: unknown): unknown {
  const { type, ...rest } = a as { type: string } & Record<string, unknown>;
  return { type, [type]: rest };
}
