import { createParser, type EventSourceParser } from "eventsource-parser";
import * as z from "zod";

/**
 * What the protocol translators read from the router's internal stream: OpenAI
 * `chat.completion.chunk` events (the adapters emit them whatever the upstream spoke). Lenient:
 * unknown fields are ignored, only the fields a translation needs are checked.
 */
const ToolCallDelta = z.looseObject({
  index: z.number().int().nonnegative(),
  id: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

const Delta = z.looseObject({
  content: z.string().nullish(),
  refusal: z.string().nullish(),
  tool_calls: z.array(ToolCallDelta).nullish(),
});

export const ChatUsage = z.looseObject({
  prompt_tokens: z.number().int().nonnegative().nullish(),
  completion_tokens: z.number().int().nonnegative().nullish(),
  total_tokens: z.number().int().nonnegative().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().int().nonnegative().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().int().nonnegative().nullish() }).nullish(),
});
export type ChatUsage = z.infer<typeof ChatUsage>;

export const ChatChunk = z.looseObject({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({ index: z.number().int().nullish(), delta: Delta.nullish(), finish_reason: z.string().nullish() }),
    )
    .nullish(),
  usage: ChatUsage.nullish(),
});
export type ChatChunk = z.infer<typeof ChatChunk>;
export type ChatDelta = z.infer<typeof Delta>;
export type ChatToolCallDelta = z.infer<typeof ToolCallDelta>;

/** One event of the internal stream: a chunk, the `[DONE]` marker, or a reason it cannot be read. */
export type ChatStreamEvent =
  { kind: "chunk"; chunk: ChatChunk } | { kind: "done" } | { kind: "broken"; reason: string };

/**
 * Splits chat-completion SSE text (cut anywhere, as bytes arrive) into chunks. A data line that
 * is not JSON, a chunk of the wrong shape and an in-stream `{"error": …}` are `broken` events.
 * @example const r = new ChatChunkReader(); r.feed('data: {"choices":[]}\n\ndata: [DONE]\n\n') // [chunk, done]
 */
export class ChatChunkReader {
  private readonly parser: EventSourceParser;
  private events: ChatStreamEvent[] = [];

  constructor() {
    this.parser = createParser({ onEvent: (e) => this.events.push(readEvent(e.data)) });
  }

  feed(text: string): ChatStreamEvent[] {
    this.parser.feed(text);
    const out = this.events;
    this.events = [];
    return out;
  }
}

function readEvent(data: string): ChatStreamEvent {
  if (data.trim() === "[DONE]") return { kind: "done" };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { kind: "broken", reason: `malformed stream event: ${data.slice(0, 120)}` };
  }
  if (json && typeof json === "object" && "error" in json) {
    const message = (json as { error?: { message?: unknown } }).error?.message;
    return { kind: "broken", reason: typeof message === "string" ? message : "the upstream sent an error event" };
  }
  const parsed = ChatChunk.safeParse(json);
  return parsed.success ? { kind: "chunk", chunk: parsed.data } : { kind: "broken", reason: "unexpected stream chunk" };
}

/** Token counts of a chat usage object, zeros for what it leaves out. */
export function usageCounts(u: ChatUsage | null | undefined) {
  const input = u?.prompt_tokens ?? 0;
  const output = u?.completion_tokens ?? 0;
  return {
    input,
    cached: u?.prompt_tokens_details?.cached_tokens ?? 0,
    output,
    reasoning: u?.completion_tokens_details?.reasoning_tokens ?? 0,
    total: u?.total_tokens ?? input + output,
  };
}
