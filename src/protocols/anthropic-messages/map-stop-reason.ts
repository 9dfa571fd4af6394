/**
 * Chat `finish_reason` → Anthropic `stop_reason`, the inverse of the Anthropic adapter's
 * mapFinishReason: stop → end_turn, length → max_tokens, tool_calls (and the older function_call)
 * → tool_use, content_filter → refusal. None (null) stays null. A stop caused by a stop sequence
 * is indistinguishable from a natural one in chat, so it is `end_turn` too.
 */
export function mapStopReason(finishReason: string | null | undefined): string | null {
  switch (finishReason) {
    case null:
    case undefined:
      return null;
    case "length":
      return "max_tokens";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default:
      return "end_turn";
  }
}
