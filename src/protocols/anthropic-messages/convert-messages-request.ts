import type { ChatCompletionRequest, ChatMessage, FunctionTool, ToolChoice as ChatToolChoice } from "../../core/chat";
import { convertMessages } from "./convert-messages-content";
import type { MessagesRequest, ToolChoice, ToolDef } from "./messages-request-schema";

/**
 * A checked Messages request → the router's chat-completions request. Mapped: system → a system
 * message; messages (convertMessages); max_tokens → max_completion_tokens; stop_sequences → stop;
 * temperature, top_p; metadata.user_id → user; tools (input_schema → parameters); tool_choice
 * (any → required, tool → that function, disable_parallel_tool_use → parallel_tool_calls: false).
 * `top_k` has no chat equivalent: it is kept on the request as `top_k`, and requiredCapabilities
 * makes it route only to targets that take it. `cache_control` marks are dropped (a caching hint,
 * not content); `service_tier` is ignored. A streamed request always asks for the usage chunk.
 * @example toChatRequest({ model: "auto", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] })
 * // { model: "auto", max_completion_tokens: 100, messages: [{ role: "user", content: "Hi" }] }
 */
export function toChatRequest(req: MessagesRequest): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  if (typeof req.system === "string" ? req.system : req.system?.length)
    messages.push({
      role: "system",
      content: typeof req.system === "string" ? req.system : req.system!.map((b) => ({ type: "text", text: b.text })),
    });
  messages.push(...convertMessages(req.messages));
  const out: ChatCompletionRequest = { model: req.model, messages };
  if (req.max_tokens !== undefined) out.max_completion_tokens = req.max_tokens;
  if (req.stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  if (req.stop_sequences?.length) out.stop = req.stop_sequences;
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.top_k !== undefined) (out as Record<string, unknown>).top_k = req.top_k;
  if (req.metadata?.user_id) out.user = req.metadata.user_id;
  if (req.tools?.length) out.tools = req.tools.map(toFunctionTool);
  if (req.tool_choice && req.tools?.length) {
    out.tool_choice = toToolChoice(req.tool_choice);
    if ("disable_parallel_tool_use" in req.tool_choice && req.tool_choice.disable_parallel_tool_use)
      out.parallel_tool_calls = false;
  }
  return out;
}

function toFunctionTool(t: ToolDef): FunctionTool {
  const fn: FunctionTool["function"] = { name: t.name, parameters: t.input_schema };
  if (t.description !== undefined) fn.description = t.description;
  if (t.strict !== undefined) fn.strict = t.strict;
  return { type: "function", function: fn };
}

function toToolChoice(c: ToolChoice): ChatToolChoice {
  switch (c.type) {
    case "auto":
      return "auto";
    case "any":
      return "required";
    case "none":
      return "none";
    case "tool":
      return { type: "function", function: { name: c.name } };
  }
}
