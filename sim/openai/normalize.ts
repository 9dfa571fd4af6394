import {
  baseModelName,
  type JsonSchema,
  type SimFormat,
  type SimRequest,
  type SimTool,
  type SimToolChoice,
} from "../request";
import { CACHE_MIN_TOKENS } from "../cache";
import { estimateTokens, hash32 } from "../text";

interface Part {
  type: string;
  text?: string;
}

interface Message {
  role: string;
  content?: string | Part[] | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

interface Body {
  model: string;
  messages: Message[];
  tools?: { function: { name: string; description?: string; parameters?: JsonSchema } }[];
  tool_choice?: "none" | "auto" | "required" | { function: { name: string } };
  parallel_tool_calls?: boolean;
  response_format?: { type: string; json_schema?: { schema?: JsonSchema } };
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  stop?: string | string[] | null;
}

const IMAGE_TOKENS = 85;
const PER_MESSAGE = 3;

function text(content: Message["content"]): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((p) => p.text ?? "").join("\n");
}

function images(content: Message["content"]): number {
  return Array.isArray(content) ? content.filter((p) => p.type === "image_url").length : 0;
}

function messageTokens(m: Message): number {
  const calls = m.tool_calls?.reduce((n, c) => n + c.function.name.length + c.function.arguments.length, 0) ?? 0;
  return PER_MESSAGE + estimateTokens(text(m.content).length + calls) + images(m.content) * IMAGE_TOKENS;
}

function toolChoice(c: Body["tool_choice"]): SimToolChoice {
  if (c === undefined) return "auto";
  return typeof c === "string" ? c : { name: c.function.name };
}

function format(rf: Body["response_format"]): SimFormat {
  if (rf?.type === "json_object") return { type: "json_object" };
  if (rf?.type === "json_schema") return { type: "json_schema", schema: rf.json_schema?.schema ?? { type: "object" } };
  return { type: "text" };
}

function toolResult(messages: Message[]): SimRequest["toolResult"] {
  const last = messages[messages.length - 1];
  if (last.role !== "tool") return undefined;
  const call = messages.flatMap((m) => m.tool_calls ?? []).find((c) => c.id === last.tool_call_id);
  return { name: call?.function.name ?? "tool", content: text(last.content) };
}

/** The protocol-neutral view of a validated Chat Completions body. */
export function normalizeChat(body: Body): SimRequest {
  const { messages } = body;
  const system = messages
    .filter((m) => m.role === "system" || m.role === "developer")
    .map((m) => text(m.content))
    .join("\n");
  const lastUser = [...messages].reverse().find((m) => m.role === "user");
  const tools: SimTool[] = (body.tools ?? []).map((t) => ({
    name: t.function.name,
    description: t.function.description ?? "",
    schema: t.function.parameters ?? { type: "object", properties: {} },
  }));
  const toolsTokens = body.tools ? estimateTokens(JSON.stringify(body.tools).length) : 0;
  const perMessage = messages.map(messageTokens);
  const inputTokens = PER_MESSAGE + toolsTokens + perMessage.reduce((a, b) => a + b, 0);
  const prefixTokens = inputTokens - perMessage[perMessage.length - 1];
  const base = baseModelName(body.model);
  const prefixKey =
    prefixTokens >= CACHE_MIN_TOKENS
      ? `${base}|${hash32(JSON.stringify([body.tools ?? null, messages.slice(0, -1)]))}`
      : "";
  const stop = body.stop == null ? [] : typeof body.stop === "string" ? [body.stop] : body.stop;
  return {
    protocol: "openai",
    model: body.model,
    baseModel: base,
    system,
    lastUser: text(lastUser?.content),
    toolResult: toolResult(messages),
    tools,
    toolChoice: toolChoice(body.tool_choice),
    parallelTools: body.parallel_tool_calls !== false,
    format: format(body.response_format),
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    stop,
    inputTokens,
    cachePrefix: { key: prefixKey, tokens: prefixTokens },
  };
}
