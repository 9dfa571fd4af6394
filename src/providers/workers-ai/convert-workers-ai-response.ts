import { openAIToolCall, openAIUsage, toUsage, type WorkersAIOutput } from "./workers-ai-schemas";

/**
 * A Workers AI text-generation result as an OpenAI `chat.completion`: `response` → `content` (null
 * when the answer is only tool calls), tool calls in either shape → `tool_calls`, finish reason
 * "tool_calls" or "stop" (Workers AI does not say whether the answer hit max_tokens).
 */
export function toChatCompletion(out: WorkersAIOutput, model: string, id: string, created: number) {
  const toolCalls = (out.tool_calls ?? []).map(openAIToolCall);
  const text = out.response ?? "";
  const message: Record<string, unknown> = {
    role: "assistant",
    content: text === "" && toolCalls.length > 0 ? null : text,
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const finishReason = toolCalls.length > 0 ? "tool_calls" : "stop";
  const usage = toUsage(out.usage);
  return {
    body: {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage: openAIUsage(usage),
    },
    usage,
    finishReason,
  };
}
