import type { ChatCompletionRequest, FunctionTool, ResponseFormat, ToolChoice } from "../../core/chat";
import type { ProviderTarget } from "../types";
import type { AnthropicRequest, AnthropicTool, AnthropicToolChoice } from "./anthropic-request-types";
import { convertToAnthropicMessages } from "./convert-to-anthropic-messages";

/** Output budget when the client sets none (Anthropic requires `max_tokens`). */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * The Anthropic Messages body for an OpenAI request. Mapped: messages (see
 * convertToAnthropicMessages), tools, tool_choice (+ parallel_tool_calls: false →
 * disable_parallel_tool_use), stop → stop_sequences, temperature (clamped to Anthropic's 0..1),
 * top_p, user → metadata.user_id, response_format → a system instruction (below). Dropped, having
 * no Anthropic equivalent: seed, n, penalties, logprobs, OpenAI metadata.
 * @example buildAnthropicBody({ model: "auto", messages: [{ role: "user", content: "Hi" }] }, target, false)
 * // { model: "claude-3-5-haiku-20241022", max_tokens: 4096, messages: [{ role: "user", content: "Hi" }] }
 */
export function buildAnthropicBody(
  req: ChatCompletionRequest,
  target: ProviderTarget,
  stream: boolean,
): AnthropicRequest {
  const { system, messages } = convertToAnthropicMessages(req.messages, target.providerId);
  const instruction = responseFormatInstruction(req.response_format);
  if (instruction) system.push(instruction);

  const body: AnthropicRequest = { model: target.upstreamModel, max_tokens: maxTokens(req, target), messages };
  if (system.length > 0) body.system = system.join("\n\n");
  if (req.stop != null) body.stop_sequences = typeof req.stop === "string" ? [req.stop] : req.stop;
  if (req.temperature != null) body.temperature = Math.min(req.temperature, 1);
  if (req.top_p != null) body.top_p = req.top_p;
  if (req.user) body.metadata = { user_id: req.user };
  if (req.tools?.length) {
    body.tools = req.tools.map(toTool);
    const choice = toToolChoice(req.tool_choice, req.parallel_tool_calls);
    if (choice) body.tool_choice = choice;
  }
  if (stream) body.stream = true;
  return body;
}

/**
 * Anthropic requires `max_tokens`. The client's `max_completion_tokens` (or the older `max_tokens`)
 * is used when set, else DEFAULT_MAX_TOKENS (4096: a long answer, and within every current Claude
 * model's limit); either way capped by the model's `maxOutputTokens`, so that a request routed
 * here from a model with a larger limit is not rejected.
 */
export function maxTokens(req: ChatCompletionRequest, target: ProviderTarget): number {
  const asked = req.max_completion_tokens ?? req.max_tokens ?? DEFAULT_MAX_TOKENS;
  return target.maxOutputTokens ? Math.min(asked, target.maxOutputTokens) : asked;
}

/**
 * The 2023-06-01 Messages API has no `response_format`. The adapter asks for JSON in the system
 * prompt instead (for json_schema, with the schema), which Claude models follow reliably but which
 * is not enforced: the router does not validate the answer. Forcing a tool call would enforce the
 * shape but changes the answer's form (tool_calls instead of content) and clashes with the
 * client's own tools, so the instruction is the documented choice here.
 */
export function responseFormatInstruction(format: ResponseFormat | undefined): string | undefined {
  if (!format || format.type === "text") return undefined;
  const base =
    "Respond with a single valid JSON object and nothing else: no text before or after it, no Markdown code fences.";
  if (format.type === "json_object" || !format.json_schema.schema) return base;
  const { name, description, schema } = format.json_schema;
  const about = description ? ` (${name}: ${description})` : ` (${name})`;
  return `${base} The object must conform to this JSON Schema${about}:\n${JSON.stringify(schema)}`;
}

function toTool(tool: FunctionTool): AnthropicTool {
  const { name, description, parameters } = tool.function;
  const out: AnthropicTool = { name, input_schema: parameters ?? { type: "object", properties: {} } };
  if (description) out.description = description;
  return out;
}

function toToolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined): AnthropicToolChoice | undefined {
  if (choice === "none") return { type: "none" };
  let out: Exclude<AnthropicToolChoice, { type: "none" }> | undefined;
  if (choice === "required") out = { type: "any" };
  else if (typeof choice === "object") out = { type: "tool", name: choice.function.name };
  else if (choice === "auto" || parallel === false) out = { type: "auto" };
  if (out && parallel === false) out.disable_parallel_tool_use = true;
  return out;
}
