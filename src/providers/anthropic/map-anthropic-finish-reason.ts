/**
 * Anthropic `stop_reason` → OpenAI `finish_reason`: end_turn, stop_sequence and pause_turn → stop;
 * max_tokens and model_context_window_exceeded → length; tool_use → tool_calls; refusal →
 * content_filter. An unknown reason counts as stop; none (null) stays null.
 */
export function mapFinishReason(stopReason: string | null | undefined): string | null {
  switch (stopReason) {
    case null:
    case undefined:
      return null;
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return "stop";
  }
}
