import type { ToolCall } from "../../core/chat";
import { type AnthropicMessage, openAIUsage, toUsage } from "./anthropic-schemas";
import { mapFinishReason } from "./map-anthropic-finish-reason";

type Block = AnthropicMessage["content"][number];
const isText = (b: Block): b is Block & { type: "text"; text: string } =>
  b.type === "text" && typeof b.text === "string";
const isToolUse = (b: Block): b is Block & { type: "tool_use"; id: string; name: string; input: unknown } =>
  b.type === "tool_use" && typeof b.id === "string" && typeof b.name === "string";

/**
 * An Anthropic message as an OpenAI `chat.completion`: text blocks joined into `content` (null
 * when the answer is only tool calls), tool_use blocks → `tool_calls` with JSON `arguments`,
 * other blocks (thinking…) left out; stop_reason mapped; usage with cache reads as cached tokens.
 * `created` is epoch seconds.
 */
export function toChatCompletion(msg: AnthropicMessage, created: number) {
  const text = msg.content
    .filter(isText)
    .map((b) => b.text)
    .join("");
  const toolCalls: ToolCall[] = msg.content.filter(isToolUse).map((b) => ({
    id: b.id,
    type: "function",
    function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) },
  }));
  const message: Record<string, unknown> = {
    role: "assistant",
    content: text === "" && toolCalls.length > 0 ? null : text,
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const usage = toUsage(msg.usage);
  return {
    body: {
      id: msg.id,
      object: "chat.completion",
      created,
      model: msg.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: mapFinishReason(msg.stop_reason) }],
      usage: openAIUsage(usage),
    },
    usage,
    finishReason: mapFinishReason(msg.stop_reason),
  };
}
