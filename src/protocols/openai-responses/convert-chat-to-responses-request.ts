import type { ChatCompletionRequest, ChatMessage, ContentPart } from "../../core/chat";
import { unsupportedParam } from "./responses-errors";
import type { InputItem, InputPart, ResponsesRequest, TextFormat } from "./responses-request-schema";

/** Chat parameters the Responses API has no place for. */
const CHAT_ONLY = [
  "n",
  "logprobs",
  "top_logprobs",
  "stop",
  "seed",
  "presence_penalty",
  "frequency_penalty",
  "audio",
  "modalities",
  "logit_bias",
  "prediction",
] as const;

/**
 * A chat request → a Responses request, the inverse of toChatRequest: every message is an input
 * item (system text stays an item; `instructions` is not used), tool calls are `function_call`
 * items, tool messages `function_call_output` items. For an upstream that speaks only the
 * Responses API, and for round-trip tests of the translators.
 * @throws RouterError 400 naming a chat parameter the Responses API cannot express (n, stop, …)
 */
export function toResponsesRequest(chat: ChatCompletionRequest): ResponsesRequest {
  const extra = chat as Record<string, unknown>;
  for (const key of CHAT_ONLY)
    if (extra[key] != null && !(key === "n" && extra[key] === 1) && extra[key] !== false)
      throw unsupportedParam(key, "the Responses API has no equivalent.");
  const req: ResponsesRequest = { model: chat.model, input: chat.messages.flatMap(toItems) };
  if (chat.stream) req.stream = true;
  if (chat.tools?.length)
    req.tools = chat.tools.map(({ function: f }) => ({
      type: "function",
      name: f.name,
      ...(f.description !== undefined ? { description: f.description } : {}),
      ...(f.parameters !== undefined ? { parameters: f.parameters } : {}),
      ...(f.strict != null ? { strict: f.strict } : {}),
    }));
  if (chat.tool_choice !== undefined)
    req.tool_choice =
      typeof chat.tool_choice === "string"
        ? chat.tool_choice
        : { type: "function", name: chat.tool_choice.function.name };
  if (chat.parallel_tool_calls !== undefined) req.parallel_tool_calls = chat.parallel_tool_calls;
  const format = textFormat(chat.response_format);
  const verbosity = extra.verbosity as "low" | "medium" | "high" | undefined;
  if (format || verbosity) req.text = { ...(format ? { format } : {}), ...(verbosity ? { verbosity } : {}) };
  const max = chat.max_completion_tokens ?? chat.max_tokens;
  if (max != null) req.max_output_tokens = max;
  if (chat.temperature != null) req.temperature = chat.temperature;
  if (chat.top_p != null) req.top_p = chat.top_p;
  if (chat.metadata != null) req.metadata = chat.metadata;
  if (chat.user !== undefined) req.user = chat.user;
  if (extra.reasoning_effort != null) req.reasoning = { effort: extra.reasoning_effort as "low" };
  for (const key of ["safety_identifier", "prompt_cache_key", "service_tier"] as const)
    if (extra[key] != null) (req as Record<string, unknown>)[key] = extra[key];
  return req;
}

function toItems(m: ChatMessage): InputItem[] {
  switch (m.role) {
    case "system":
    case "developer":
    case "user":
      return [
        { type: "message", role: m.role, content: typeof m.content === "string" ? m.content : m.content.map(toPart) },
      ];
    case "tool":
      return [
        {
          type: "function_call_output",
          call_id: m.tool_call_id,
          output: typeof m.content === "string" ? m.content : m.content.map(toPart),
        },
      ];
    case "assistant": {
      const items: InputItem[] = [];
      const text =
        typeof m.content === "string"
          ? m.content
          : (m.content ?? []).map((p) => (p.type === "text" ? p.text : "")).join("");
      const content = [
        ...(text !== "" || (!m.tool_calls?.length && m.refusal == null)
          ? [{ type: "output_text" as const, text, annotations: [] }]
          : []),
        ...(m.refusal != null ? [{ type: "refusal" as const, refusal: m.refusal }] : []),
      ];
      if (content.length > 0) items.push({ type: "message", role: "assistant", content });
      for (const c of m.tool_calls ?? [])
        items.push({ type: "function_call", call_id: c.id, name: c.function.name, arguments: c.function.arguments });
      return items;
    }
  }
}

function toPart(p: ContentPart): InputPart {
  switch (p.type) {
    case "text":
      return { type: "input_text", text: p.text };
    case "refusal":
      return { type: "input_text", text: p.refusal };
    case "image_url":
      return {
        type: "input_image",
        image_url: p.image_url.url,
        ...(p.image_url.detail ? { detail: p.image_url.detail } : {}),
      };
    case "file":
      return { type: "input_file", ...(p.file as Record<string, string>) };
    case "input_audio":
      throw unsupportedParam("messages", "audio input has no Responses API equivalent.");
  }
}

function textFormat(f: ChatCompletionRequest["response_format"]): TextFormat | undefined {
  if (!f) return undefined;
  if (f.type !== "json_schema") return { type: f.type };
  const { name, schema, description, strict } = f.json_schema;
  return {
    type: "json_schema",
    name,
    schema: schema ?? {},
    ...(description !== undefined ? { description } : {}),
    ...(strict != null ? { strict } : {}),
  };
}
