import type { ChatCompletionRequest, FunctionTool, ResponseFormat, ToolChoice } from "../../core/chat";
import { convertResponsesInput } from "./convert-responses-input";
import type { FunctionToolDef, ResponsesRequest, ResponsesToolChoice, TextFormat } from "./responses-request-schema";

/**
 * A checked Responses request → the router's chat-completions request, which is routed, failed
 * over and sent to either upstream protocol like any other. Mapped: input + instructions →
 * messages; function tools; tool_choice; text.format → response_format; text.verbosity →
 * verbosity; max_output_tokens → max_completion_tokens; reasoning.effort → reasoning_effort;
 * temperature, top_p, metadata, user, safety_identifier, prompt_cache_key, service_tier,
 * parallel_tool_calls as they are. A streamed request always asks for the usage chunk, which the
 * Responses events need. Everything else was refused by parseResponsesRequest.
 * @example toChatRequest({ model: "auto", input: "Hi" }) // { model: "auto", messages: [{ role: "user", content: "Hi" }] }
 * @throws RouterError 400 for input the chat format cannot carry (see convertResponsesInput)
 */
export function toChatRequest(req: ResponsesRequest): ChatCompletionRequest {
  const out: ChatCompletionRequest = { model: req.model, messages: convertResponsesInput(req.input, req.instructions) };
  if (req.stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  if (req.tools?.length) out.tools = req.tools.map(toFunctionTool);
  if (req.tool_choice !== undefined && req.tools?.length) out.tool_choice = toToolChoice(req.tool_choice);
  if (req.parallel_tool_calls != null && req.tools?.length) out.parallel_tool_calls = req.parallel_tool_calls;
  const format = toResponseFormat(req.text?.format);
  if (format) out.response_format = format;
  if (req.max_output_tokens != null) out.max_completion_tokens = req.max_output_tokens;
  if (req.temperature != null) out.temperature = req.temperature;
  if (req.top_p != null) out.top_p = req.top_p;
  if (req.metadata != null) out.metadata = req.metadata;
  if (req.user != null) out.user = req.user;
  const extra = out as Record<string, unknown>;
  if (req.text?.verbosity != null) extra.verbosity = req.text.verbosity;
  if (req.reasoning?.effort != null) extra.reasoning_effort = req.reasoning.effort;
  if (req.safety_identifier != null) extra.safety_identifier = req.safety_identifier;
  if (req.prompt_cache_key != null) extra.prompt_cache_key = req.prompt_cache_key;
  if (req.service_tier != null) extra.service_tier = req.service_tier;
  return out;
}

function toFunctionTool(t: FunctionToolDef): FunctionTool {
  const fn: FunctionTool["function"] = { name: t.name };
  if (t.description != null) fn.description = t.description;
  if (t.parameters != null) fn.parameters = t.parameters;
  if (t.strict != null) fn.strict = t.strict;
  return { type: "function", function: fn };
}

function toToolChoice(c: ResponsesToolChoice): ToolChoice {
  return typeof c === "string" ? c : { type: "function", function: { name: c.name } };
}

function toResponseFormat(f: TextFormat | null | undefined): ResponseFormat | undefined {
  if (!f || f.type === "text") return undefined;
  if (f.type === "json_object") return { type: "json_object" };
  const schema: Extract<ResponseFormat, { type: "json_schema" }>["json_schema"] = { name: f.name, schema: f.schema };
  if (f.description != null) schema.description = f.description;
  if (f.strict != null) schema.strict = f.strict;
  return { type: "json_schema", json_schema: schema };
}
