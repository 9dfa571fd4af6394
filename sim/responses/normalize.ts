import { CACHE_MIN_TOKENS } from "../cache";
import { baseModelName, type JsonSchema, type SimFormat, type SimRequest, type SimToolChoice } from "../request";
import { estimateTokens, hash32 } from "../text";

interface Part {
  type: string;
  text?: string;
  refusal?: string;
}

interface Item {
  type?: string;
  role?: string;
  content?: string | Part[];
  call_id?: string;
  name?: string;
  arguments?: string;
  output?: string | Part[];
}

interface Body {
  model: string;
  input: string | Item[];
  instructions?: string | null;
  tools?: { name: string; description?: string | null; parameters?: JsonSchema | null }[];
  tool_choice?: "none" | "auto" | "required" | { name: string };
  parallel_tool_calls?: boolean | null;
  text?: { format?: { type: string; schema?: JsonSchema } | null } | null;
  max_output_tokens?: number | null;
  [key: string]: unknown;
}

const IMAGE_TOKENS = 85;
const PER_ITEM = 3;

function text(content: Item["content"] | Item["output"]): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((p) => p.text ?? p.refusal ?? "").join("\n");
}

function itemTokens(item: Item): number {
  const parts = Array.isArray(item.content) ? item.content : Array.isArray(item.output) ? item.output : [];
  const images = parts.filter((p) => p.type === "input_image").length;
  const chars =
    text(item.content).length + text(item.output).length + (item.name?.length ?? 0) + (item.arguments?.length ?? 0);
  return PER_ITEM + estimateTokens(chars) + images * IMAGE_TOKENS;
}

function format(f: NonNullable<Body["text"]>["format"]): SimFormat {
  if (f?.type === "json_object") return { type: "json_object" };
  if (f?.type === "json_schema") return { type: "json_schema", schema: f.schema ?? { type: "object" } };
  return { type: "text" };
}

function toolChoice(c: Body["tool_choice"]): SimToolChoice {
  if (c == null) return "auto";
  return typeof c === "string" ? c : { name: c.name };
}

/** The settings a response object repeats from its request. */
function echo(body: Body): Record<string, unknown> {
  return {
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: body.text?.format ?? { type: "text" }, verbosity: "medium" },
    tool_choice: body.tool_choice ?? "auto",
    tools: (body.tools ?? []).map((t) => ({
      ...t,
      description: t.description ?? null,
      strict: (t as { strict?: boolean }).strict ?? true,
    })),
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? "disabled",
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };
}

/** The protocol-neutral view of a validated Responses API body. */
export function normalizeResponses(body: Body): SimRequest {
  const items: Item[] =
    typeof body.input === "string" ? [{ type: "message", role: "user", content: body.input }] : body.input;
  const isMessage = (i: Item) => (i.type ?? "message") === "message";
  const system = [
    body.instructions ?? "",
    ...items.filter((i) => isMessage(i) && (i.role === "system" || i.role === "developer")).map((i) => text(i.content)),
  ]
    .filter(Boolean)
    .join("\n");
  const lastUser = [...items].reverse().find((i) => isMessage(i) && i.role === "user");
  const last = items[items.length - 1];
  const call =
    last.type === "function_call_output"
      ? items.find((i) => i.type === "function_call" && i.call_id === last.call_id)
      : undefined;
  const toolsTokens = body.tools?.length ? estimateTokens(JSON.stringify(body.tools).length) : 0;
  const perItem = items.map(itemTokens);
  const inputTokens =
    PER_ITEM + toolsTokens + estimateTokens(body.instructions?.length ?? 0) + perItem.reduce((a, b) => a + b, 0);
  const prefixTokens = inputTokens - perItem[perItem.length - 1];
  const base = baseModelName(body.model);
  return {
    protocol: "responses",
    model: body.model,
    baseModel: base,
    system,
    lastUser: text(lastUser?.content),
    toolResult:
      last.type === "function_call_output" ? { name: call?.name ?? "tool", content: text(last.output) } : undefined,
    tools: (body.tools ?? []).map((t) => ({
      name: t.name,
      description: t.description ?? "",
      schema: t.parameters ?? { type: "object", properties: {} },
    })),
    toolChoice: toolChoice(body.tool_choice),
    parallelTools: body.parallel_tool_calls !== false,
    format: format(body.text?.format),
    maxTokens: body.max_output_tokens ?? undefined,
    stop: [],
    inputTokens,
    echo: echo(body),
    cachePrefix: {
      key:
        prefixTokens >= CACHE_MIN_TOKENS
          ? `${base}|${hash32(JSON.stringify([body.instructions ?? "", body.tools ?? null, items.slice(0, -1)]))}`
          : "",
      tokens: prefixTokens,
    },
  };
}
