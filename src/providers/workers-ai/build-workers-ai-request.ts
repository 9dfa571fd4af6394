import type { ChatCompletionRequest, ChatMessage } from "../../core/chat";
import { ProviderError } from "../../core/errors";
import type { ProviderTarget } from "../types";

/** The inputs of `env.AI.run` for a text-generation model: OpenAI's fields that Workers AI reads. */
export interface WorkersAIInputs {
  messages: { role: string; content: string; name?: string; tool_call_id?: string }[];
  stream?: boolean;
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  tools?: unknown[];
  response_format?: unknown;
}

/**
 * An OpenAI chat request as Workers AI inputs. Message content is sent as text (text parts joined);
 * a request with images, audio or files is a `bad_request` for this adapter (the dispatcher does not
 * fail over on it, and the catalog should not route such requests to a model without `images`).
 * @example buildWorkersAIInputs({ model: "auto", messages: [{ role: "user", content: "Hi" }] }, target, false)
 */
export function buildWorkersAIInputs(
  req: ChatCompletionRequest,
  target: ProviderTarget,
  stream: boolean,
): WorkersAIInputs {
  const inputs: WorkersAIInputs = { messages: req.messages.map((m) => toMessage(m, target.providerId)) };
  if (stream) inputs.stream = true;
  const maxTokens = req.max_completion_tokens ?? req.max_tokens ?? undefined;
  const cap = target.maxOutputTokens;
  if (maxTokens != null) inputs.max_tokens = cap ? Math.min(maxTokens, cap) : maxTokens;
  if (req.temperature != null) inputs.temperature = req.temperature;
  if (req.top_p != null) inputs.top_p = req.top_p;
  if (req.seed != null) inputs.seed = req.seed;
  if (req.frequency_penalty != null) inputs.frequency_penalty = req.frequency_penalty;
  if (req.presence_penalty != null) inputs.presence_penalty = req.presence_penalty;
  if (req.tools?.length) inputs.tools = req.tools;
  if (req.response_format && req.response_format.type !== "text") inputs.response_format = req.response_format;
  return inputs;
}

function toMessage(m: ChatMessage, provider: string): WorkersAIInputs["messages"][number] {
  const role = m.role === "developer" ? "system" : m.role;
  const out: WorkersAIInputs["messages"][number] = { role, content: textOf(m.content, provider) };
  if ("name" in m && typeof m.name === "string") out.name = m.name;
  if (m.role === "tool") out.tool_call_id = m.tool_call_id;
  return out;
}

function textOf(content: ChatMessage["content"], provider: string): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content
    .map((part) => {
      if (part.type === "text") return part.text;
      if (part.type === "refusal") return part.refusal;
      throw new ProviderError(
        provider,
        "bad_request",
        `${provider}: ${part.type} content is not supported by workers-ai`,
      );
    })
    .join("");
}
