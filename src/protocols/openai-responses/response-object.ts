import { type ChatUsage, usageCounts } from "../shared/chat-chunk";
import { idBase } from "../shared/chat-completion";
import type { FunctionToolDef, ResponsesRequest } from "./responses-request-schema";

export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

export interface OutputText {
  type: "output_text";
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
}
export interface OutputRefusal {
  type: "refusal";
  refusal: string;
}
export interface MessageItem {
  id: string;
  type: "message";
  status: "in_progress" | "completed" | "incomplete";
  role: "assistant";
  content: (OutputText | OutputRefusal)[];
}
export interface FunctionCallOut {
  id: string;
  type: "function_call";
  status: "in_progress" | "completed" | "incomplete";
  arguments: string;
  call_id: string;
  name: string;
}
export type OutputItem = MessageItem | FunctionCallOut;

/** What every response object repeats from its request (OpenAI echoes the request's settings). */
export type ResponseEcho = ReturnType<typeof responseEcho>;

/** The request settings a response object repeats; the router never stores, so `store` is false. */
export function responseEcho(req: ResponsesRequest) {
  return {
    instructions: req.instructions ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: req.reasoning?.effort ?? null, summary: null },
    store: false,
    temperature: req.temperature ?? null,
    text: {
      format: req.text?.format ?? { type: "text" },
      ...(req.text?.verbosity ? { verbosity: req.text.verbosity } : {}),
    },
    tool_choice: req.tool_choice ?? "auto",
    tools: (req.tools ?? []).map(echoTool),
    top_p: req.top_p ?? null,
    truncation: "disabled",
    user: req.user ?? null,
    metadata: req.metadata ?? {},
  };
}

function echoTool(t: FunctionToolDef) {
  return {
    type: "function",
    name: t.name,
    description: t.description ?? null,
    parameters: t.parameters ?? null,
    strict: t.strict ?? false,
  };
}

/** Ids of a response and its items, derived from the upstream completion's id (stable, unique per item). */
export const responseId = (chatId: string) => `resp_${idBase(chatId)}`;
export const messageItemId = (chatId: string) => `msg_${idBase(chatId)}`;
export const functionItemId = (chatId: string, i: number) => `fc_${idBase(chatId)}_${i}`;

/** A Responses `usage` object for a chat usage object. */
export function responsesUsage(u: ChatUsage | null | undefined) {
  const c = usageCounts(u);
  return {
    input_tokens: c.input,
    input_tokens_details: { cached_tokens: c.cached },
    output_tokens: c.output,
    output_tokens_details: { reasoning_tokens: c.reasoning },
    total_tokens: c.total,
  };
}

export interface ResponseParts {
  id: string;
  createdAt: number;
  model: string;
  status: ResponseStatus;
  output: OutputItem[];
  usage: ReturnType<typeof responsesUsage> | null;
  incomplete?: string;
  error?: { code: string; message: string };
}

/** A whole `response` object, fields in OpenAI's order. */
export function responseObject(p: ResponseParts, echo: ResponseEcho) {
  const { metadata, ...settings } = echo;
  return {
    id: p.id,
    object: "response",
    created_at: p.createdAt,
    status: p.status,
    background: false,
    error: p.error ?? null,
    incomplete_details: p.incomplete ? { reason: p.incomplete } : null,
    model: p.model,
    output: p.output,
    ...settings,
    usage: p.usage,
    metadata,
  };
}

/**
 * Chat finish reason → the response's status: `length` and `content_filter` leave it incomplete
 * (with `max_output_tokens` / `content_filter` as the reason), anything else completes it.
 */
export function statusFor(finishReason: string | null | undefined): { status: ResponseStatus; incomplete?: string } {
  if (finishReason === "length") return { status: "incomplete", incomplete: "max_output_tokens" };
  if (finishReason === "content_filter") return { status: "incomplete", incomplete: "content_filter" };
  return { status: "completed" };
}
