import { RouterError } from "../../core/errors";
import { type ChatUsage, usageCounts } from "../shared/chat-chunk";
import { ChatCompletion, idBase } from "../shared/chat-completion";
import { mapStopReason } from "./map-stop-reason";

export type AnthropicContent =
  { type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

/** An Anthropic message id for a chat completion id (`msg_` ids are kept as they are). */
export const messageId = (chatId: string) => (chatId.startsWith("msg_") ? chatId : `msg_${idBase(chatId)}`);

/**
 * Anthropic usage for chat usage: `input_tokens` excludes the cached part, which is
 * `cache_read_input_tokens`. Cache writes cannot be told apart in chat usage, so
 * `cache_creation_input_tokens` is 0 and writes count as input.
 */
export function anthropicUsage(u: ChatUsage | null | undefined) {
  const c = usageCounts(u);
  return {
    input_tokens: Math.max(0, c.input - c.cached),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: c.cached,
    output_tokens: c.output,
  };
}

/**
 * The router's chat completion → an Anthropic `message`: the text as one text block (a refusal's
 * text too, with stop_reason `refusal`), then one tool_use block per tool call (arguments parsed;
 * arguments that are not a JSON object are kept under `_raw`, so nothing is lost silently), the
 * stop reason mapped (mapStopReason) and the usage split as Anthropic reports it.
 * @throws RouterError 502 when the completion is not a chat completion
 */
export function toAnthropicMessage(completion: unknown) {
  const parsed = ChatCompletion.safeParse(completion);
  if (!parsed.success)
    throw new RouterError(
      502,
      "The upstream answer could not be translated to a message.",
      "server_error",
      "bad_upstream_response",
    );
  const c = parsed.data;
  const { message, finish_reason } = c.choices[0];
  const content: AnthropicContent[] = [];
  const text = (message.content ?? "") + (message.refusal ?? "");
  if (text !== "") content.push({ type: "text", text });
  for (const call of message.tool_calls ?? [])
    content.push({
      type: "tool_use",
      id: call.id,
      name: call.function.name,
      input: toolInput(call.function.arguments),
    });
  return {
    id: messageId(c.id),
    type: "message",
    role: "assistant",
    model: c.model,
    content,
    stop_reason: message.refusal != null && finish_reason === "stop" ? "refusal" : mapStopReason(finish_reason),
    stop_sequence: null,
    usage: anthropicUsage(c.usage),
  };
}

/** Tool arguments as Anthropic's `input` object. */
export function toolInput(args: string): Record<string, unknown> {
  if (args.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(args);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* kept raw below */
  }
  return { _raw: args };
}
