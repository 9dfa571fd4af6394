import { baseModelName, type JsonSchema, type SimRequest, type SimToolChoice } from "../request";
import { estimateTokens, hash32 } from "../text";

interface Block {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: string | Block[];
  cache_control?: unknown;
}

interface Message {
  role: "user" | "assistant";
  content: string | Block[];
}

interface Tool {
  name?: string;
  description?: string;
  input_schema?: JsonSchema;
  cache_control?: unknown;
}

interface Body {
  model: string;
  max_tokens: number;
  messages: Message[];
  system?: string | Block[];
  tools?: Tool[];
  tool_choice?: { type: "auto" | "any" | "tool" | "none"; name?: string; disable_parallel_tool_use?: boolean };
  stop_sequences?: string[];
}

const IMAGE_TOKENS = 85;
const PER_MESSAGE = 3;

function blocksOf(content: string | Block[] | undefined): Block[] {
  if (content === undefined) return [];
  return typeof content === "string" ? [{ type: "text", text: content }] : content;
}

function blockText(b: Block): string {
  if (b.type === "text") return b.text ?? "";
  if (b.type === "tool_result") return blocksOf(b.content).map(blockText).join("\n");
  if (b.type === "tool_use") return `${b.name ?? ""}${JSON.stringify(b.input ?? {})}`;
  return "";
}

function plainText(content: string | Block[]): string {
  return blocksOf(content)
    .filter((b) => b.type === "text")
    .map(blockText)
    .join("\n");
}

/** Input tokens, and the prefix up to the last `cache_control` mark (tools, then system, then messages). */
function measure(body: Body): { inputTokens: number; prefix: { key: string; tokens: number } } {
  let tokens = PER_MESSAGE;
  let markTokens = 0;
  let markAt = -1;
  const parts: string[] = [];
  const add = (text: string, extra: number, marked: boolean) => {
    tokens += estimateTokens(text.length) + extra;
    parts.push(text);
    if (marked) {
      markTokens = tokens;
      markAt = parts.length;
    }
  };
  for (const t of body.tools ?? []) add(JSON.stringify(t), 0, t.cache_control !== undefined);
  for (const b of blocksOf(body.system)) add(blockText(b), 0, b.cache_control !== undefined);
  for (const m of body.messages) {
    add("", PER_MESSAGE, false);
    for (const b of blocksOf(m.content))
      add(blockText(b), b.type === "image" ? IMAGE_TOKENS : 0, b.cache_control !== undefined);
  }
  const key = markAt < 0 ? "" : `${baseModelName(body.model)}|${hash32(parts.slice(0, markAt).join("\u0000"))}`;
  return { inputTokens: tokens, prefix: { key, tokens: markTokens } };
}

function toolChoice(c: Body["tool_choice"]): SimToolChoice {
  if (!c || c.type === "auto") return "auto";
  if (c.type === "any") return "required";
  if (c.type === "none") return "none";
  return { name: c.name ?? "" };
}

function toolResult(messages: Message[]): SimRequest["toolResult"] {
  const last = messages[messages.length - 1];
  const result = blocksOf(last.content).find((b) => b.type === "tool_result");
  if (last.role !== "user" || !result) return undefined;
  const use = messages
    .flatMap((m) => blocksOf(m.content))
    .find((b) => b.type === "tool_use" && b.id === result.tool_use_id);
  return { name: use?.name ?? "tool", content: blockText(result) };
}

/**
 * Claude has no response_format: clients ask for JSON in the system prompt, and the model follows
 * it. So does the simulator: a system prompt asking for a JSON object answers with one, shaped by
 * the JSON Schema that follows the words "JSON Schema" when there is one.
 */
export function formatFromSystem(system: string): SimRequest["format"] {
  if (!/\bJSON\b/.test(system) || !/\b(respond|reply|answer|output)\b/i.test(system)) return { type: "text" };
  const at = system.search(/JSON Schema[^\n{]*:?\s*\{/);
  if (at >= 0) {
    const start = system.indexOf("{", at);
    try {
      return { type: "json_schema", schema: JSON.parse(system.slice(start, system.lastIndexOf("}") + 1)) };
    } catch {
      /* not a parseable schema: plain JSON object */
    }
  }
  return { type: "json_object" };
}

/** The protocol-neutral view of a validated Messages API body. */
export function normalizeMessages(body: Body): SimRequest {
  const { inputTokens, prefix } = measure(body);
  const system = blocksOf(body.system).map(blockText).join("\n");
  const lastUser = [...body.messages].reverse().find((m) => m.role === "user" && plainText(m.content) !== "");
  return {
    protocol: "anthropic",
    model: body.model,
    baseModel: baseModelName(body.model),
    system,
    lastUser: lastUser ? plainText(lastUser.content) : "",
    toolResult: toolResult(body.messages),
    tools: (body.tools ?? [])
      .filter((t) => t.name && t.input_schema)
      .map((t) => ({ name: t.name!, description: t.description ?? "", schema: t.input_schema! })),
    toolChoice: toolChoice(body.tool_choice),
    parallelTools: body.tool_choice?.disable_parallel_tool_use !== true,
    format: formatFromSystem(system),
    maxTokens: body.max_tokens,
    stop: body.stop_sequences ?? [],
    inputTokens,
    cachePrefix: prefix,
  };
}
