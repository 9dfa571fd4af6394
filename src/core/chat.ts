import * as z from "zod";

/**
 * The OpenAI Chat Completions request body as clients send it. Known fields are checked so that a
 * wrong type is a 400 naming the field; unknown fields pass through to OpenAI-compatible upstreams.
 */
const TextPart = z.object({ type: z.literal("text"), text: z.string() });
const ImagePart = z.object({
  type: z.literal("image_url"),
  image_url: z.object({ url: z.string(), detail: z.enum(["auto", "low", "high"]).optional() }),
});
const AudioPart = z.object({
  type: z.literal("input_audio"),
  input_audio: z.object({ data: z.string(), format: z.string() }),
});
const FilePart = z.object({ type: z.literal("file"), file: z.looseObject({}) });
const RefusalPart = z.object({ type: z.literal("refusal"), refusal: z.string() });
export const ContentPart = z.discriminatedUnion("type", [TextPart, ImagePart, AudioPart, FilePart, RefusalPart]);
export type ContentPart = z.infer<typeof ContentPart>;

const Content = z.union([z.string(), z.array(ContentPart)]);

export const ToolCall = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof ToolCall>;

const SystemMessage = z.looseObject({ role: z.literal("system"), content: Content, name: z.string().optional() });
const DeveloperMessage = z.looseObject({ role: z.literal("developer"), content: Content, name: z.string().optional() });
const UserMessage = z.looseObject({ role: z.literal("user"), content: Content, name: z.string().optional() });
const AssistantMessage = z.looseObject({
  role: z.literal("assistant"),
  content: Content.nullable().optional(),
  name: z.string().optional(),
  tool_calls: z.array(ToolCall).optional(),
  refusal: z.string().nullable().optional(),
});
const ToolMessage = z.looseObject({ role: z.literal("tool"), content: Content, tool_call_id: z.string() });

export const ChatMessage = z.discriminatedUnion("role", [
  SystemMessage,
  DeveloperMessage,
  UserMessage,
  AssistantMessage,
  ToolMessage,
]);
export type ChatMessage = z.infer<typeof ChatMessage>;

export const FunctionTool = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});
export type FunctionTool = z.infer<typeof FunctionTool>;

export const ToolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
]);
export type ToolChoice = z.infer<typeof ToolChoice>;

export const ResponseFormat = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    json_schema: z.looseObject({
      name: z.string(),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);
export type ResponseFormat = z.infer<typeof ResponseFormat>;

export const ChatCompletionRequest = z.looseObject({
  model: z.string().min(1),
  messages: z.array(ChatMessage).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
  tools: z.array(FunctionTool).optional(),
  tool_choice: ToolChoice.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: ResponseFormat.optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  stop: z
    .union([z.string(), z.array(z.string()).max(4)])
    .nullable()
    .optional(),
  seed: z.number().int().nullable().optional(),
  user: z.string().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  n: z.number().int().min(1).max(128).nullable().optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** Token usage as the router accounts for it (OpenAI's names mapped to ours). */
export interface Usage {
  inputTokens: number;
  /** Part of inputTokens served from the provider's prompt cache (billed at the cached price). */
  cachedInputTokens: number;
  outputTokens: number;
}

/** Returns the plain text of a message's content (text parts joined by newlines). */
export function contentText(content: ChatMessage["content"] | null | undefined): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  let out = "";
  for (const part of content) {
    if (part.type === "text") out += (out ? "\n" : "") + part.text;
  }
  return out;
}
