import * as z from "zod";
import type { Usage } from "../../core/chat";

/** OpenAI `usage` (chat completion and the stream's usage chunk). Lenient: extra fields allowed. */
export const OpenAIUsage = z.looseObject({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().int().nonnegative().nullish() }).nullish(),
});
export type OpenAIUsage = z.infer<typeof OpenAIUsage>;

const Choice = z.looseObject({ finish_reason: z.string().nullish() });

/** The parts of a `chat.completion` the router reads; everything else is passed on untouched. */
export const OpenAICompletion = z.looseObject({
  choices: z.array(Choice),
  usage: OpenAIUsage.nullish(),
});

const OpenAIErrorPayload = z.looseObject({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});

/** OpenAI's error answer (`{"error":{"message","type","param","code"}}`), also used by most compatible servers. */
export const OpenAIErrorBody = z.looseObject({ error: OpenAIErrorPayload });

/** A `chat.completion.chunk`, or the `{ "error": … }` event some servers send mid-stream. */
export const OpenAIChunk = z.looseObject({
  choices: z.array(Choice).nullish(),
  usage: OpenAIUsage.nullish(),
  error: OpenAIErrorPayload.nullish(),
});
export type OpenAIChunk = z.infer<typeof OpenAIChunk>;

/** OpenAI usage in the router's terms (cached tokens are part of the input tokens). */
export function toUsage(u: OpenAIUsage): Usage {
  return {
    inputTokens: u.prompt_tokens,
    cachedInputTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
    outputTokens: u.completion_tokens ?? 0,
  };
}
