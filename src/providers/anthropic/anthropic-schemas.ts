import * as z from "zod";
import type { Usage } from "../../core/chat";

/** Anthropic Messages API payloads (2023-06-01), lenient: extra fields are allowed and ignored. */

export const AnthropicUsage = z.looseObject({
  input_tokens: z.number().int().nonnegative().nullish(),
  output_tokens: z.number().int().nonnegative().nullish(),
  cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
  cache_read_input_tokens: z.number().int().nonnegative().nullish(),
});
export type AnthropicUsage = z.infer<typeof AnthropicUsage>;

const TextBlock = z.looseObject({ type: z.literal("text"), text: z.string() });
const ToolUseBlock = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});
/** Other block types (thinking, server tools…) are kept but not translated. */
const OtherBlock = z.looseObject({ type: z.string() });
export const ContentBlock = z.union([TextBlock, ToolUseBlock, OtherBlock]);

export const AnthropicMessage = z.looseObject({
  id: z.string(),
  type: z.literal("message").optional(),
  role: z.literal("assistant").optional(),
  model: z.string(),
  content: z.array(ContentBlock),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: AnthropicUsage,
});
export type AnthropicMessage = z.infer<typeof AnthropicMessage>;

export const AnthropicErrorBody = z.looseObject({
  type: z.literal("error").optional(),
  error: z.looseObject({ type: z.string(), message: z.string() }),
});
export type AnthropicErrorBody = z.infer<typeof AnthropicErrorBody>;

const index = z.number().int().nonnegative();

/** The stream's events, by `type`. Unknown types are skipped by the translator. */
export const StreamEvents = {
  message_start: z.looseObject({
    message: z.looseObject({ id: z.string(), model: z.string(), usage: AnthropicUsage.nullish() }),
  }),
  content_block_start: z.looseObject({ index, content_block: ContentBlock }),
  content_block_delta: z.looseObject({
    index,
    delta: z.union([
      z.looseObject({ type: z.literal("text_delta"), text: z.string() }),
      z.looseObject({ type: z.literal("input_json_delta"), partial_json: z.string() }),
      z.looseObject({ type: z.string() }),
    ]),
  }),
  content_block_stop: z.looseObject({ index }),
  message_delta: z.looseObject({
    delta: z.looseObject({ stop_reason: z.string().nullish() }),
    usage: AnthropicUsage.nullish(),
  }),
  message_stop: z.looseObject({}),
  ping: z.looseObject({}),
  error: AnthropicErrorBody,
} as const;

/** Anthropic usage in the router's terms: cache reads and writes are part of the input. */
export function toUsage(u: AnthropicUsage): Usage {
  const cacheRead = u.cache_read_input_tokens ?? 0;
  return {
    inputTokens: (u.input_tokens ?? 0) + cacheRead + (u.cache_creation_input_tokens ?? 0),
    cachedInputTokens: cacheRead,
    outputTokens: u.output_tokens ?? 0,
  };
}

/** The OpenAI `usage` object for a router Usage. */
export function openAIUsage(u: Usage) {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens },
  };
}
