import * as z from "zod";
import type { Usage } from "../../core/chat";

/** Workers AI's token counts (`usage`), when the model reports them. */
export const WorkersAIUsage = z.looseObject({
  prompt_tokens: z.number().nonnegative().optional(),
  completion_tokens: z.number().nonnegative().optional(),
});
export type WorkersAIUsage = z.infer<typeof WorkersAIUsage>;

/** A tool call in either of the shapes Workers AI returns: OpenAI's, or the older `{ name, arguments }`. */
const WorkersAIToolCall = z.union([
  z.looseObject({
    id: z.string().optional(),
    type: z.literal("function").optional(),
    function: z.looseObject({ name: z.string(), arguments: z.unknown() }),
  }),
  z.looseObject({ name: z.string(), arguments: z.unknown() }),
]);
export type WorkersAIToolCall = z.infer<typeof WorkersAIToolCall>;

/** `env.AI.run(model, { messages })` for a text-generation model, non-streaming. */
export const WorkersAIOutput = z.looseObject({
  response: z.string().nullish(),
  tool_calls: z.array(WorkersAIToolCall).nullish(),
  usage: WorkersAIUsage.nullish(),
});
export type WorkersAIOutput = z.infer<typeof WorkersAIOutput>;

/** One `data:` event of a Workers AI stream (`stream: true`): a text piece, usage on the last one. */
export const WorkersAIStreamEvent = z.looseObject({
  response: z.string().nullish(),
  tool_calls: z.array(WorkersAIToolCall).nullish(),
  usage: WorkersAIUsage.nullish(),
});

export function toUsage(u: WorkersAIUsage | null | undefined): Usage {
  return { inputTokens: u?.prompt_tokens ?? 0, cachedInputTokens: 0, outputTokens: u?.completion_tokens ?? 0 };
}

export function openAIUsage(u: Usage) {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

type ToolFunction = { name: string; arguments: unknown };

/** A tool call as OpenAI's `tool_calls[]` entry (`arguments` always a JSON string). */
export function openAIToolCall(call: WorkersAIToolCall, index: number) {
  const fn = (call as { function?: { name: string; arguments: unknown } }).function ?? (call as ToolFunction);
  const args = typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments ?? {});
  const given = (call as { id?: unknown }).id;
  const id = typeof given === "string" && given ? given : `call_${index}`;
  return { id, type: "function" as const, function: { name: fn.name, arguments: args } };
}
