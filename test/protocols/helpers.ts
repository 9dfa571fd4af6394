import { createParser } from "eventsource-parser";
import { RouterError } from "../../src/core/errors";
import type { ClientStreamTranslator } from "../../src/protocols/shared/stream-translator";

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** The named events of an SSE text, data parsed. */
export function sseEvents(text: string): SseEvent[] {
  const out: SseEvent[] = [];
  const parser = createParser({ onEvent: (e) => out.push({ event: e.event ?? "", data: JSON.parse(e.data) }) });
  parser.feed(text);
  return out;
}

/** Pushes `text` through a translator in pieces of `size` characters, then ends it; returns its output. */
export function translate(t: ClientStreamTranslator, text: string, size = 13, end = true): string {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size), out);
  if (end) t.end(out);
  return out.join("");
}

/** The RouterError a function throws (fails the test when it throws something else or nothing). */
export function routerError(fn: () => unknown): RouterError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RouterError) return err;
    throw err;
  }
  throw new Error("expected a RouterError, nothing was thrown");
}

/** A chat completion as the router's adapters return it. */
export interface Completion {
  id: string;
  created: number;
  model: string;
  content: string | null;
  refusal?: string | null;
  toolCalls?: { id: string; name: string; arguments: string }[];
  finish: string;
  usage: { prompt: number; completion: number; cached: number };
}

export function completionJson(c: Completion) {
  const message: Record<string, unknown> = { role: "assistant", content: c.content, refusal: c.refusal ?? null };
  if (c.toolCalls?.length)
    message.tool_calls = c.toolCalls.map((t) => ({
      id: t.id,
      type: "function",
      function: { name: t.name, arguments: t.arguments },
    }));
  return {
    id: c.id,
    object: "chat.completion",
    created: c.created,
    model: c.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: c.finish }],
    usage: {
      prompt_tokens: c.usage.prompt,
      completion_tokens: c.usage.completion,
      total_tokens: c.usage.prompt + c.usage.completion,
      prompt_tokens_details: { cached_tokens: c.usage.cached },
    },
  };
}

/** The same completion as a chat-completion stream (text in pieces of 5 characters, arguments of 4), ending with usage and [DONE]. */
export function completionStream(c: Completion): string {
  const head = { id: c.id, object: "chat.completion.chunk", created: c.created, model: c.model };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
  let out = chunk({ role: "assistant", content: "" });
  for (let i = 0; i < (c.content ?? "").length; i += 5) out += chunk({ content: c.content!.slice(i, i + 5) });
  if (c.refusal) out += chunk({ refusal: c.refusal });
  c.toolCalls?.forEach((t, index) => {
    out += chunk({ tool_calls: [{ index, id: t.id, type: "function", function: { name: t.name, arguments: "" } }] });
    for (let i = 0; i < t.arguments.length; i += 4)
      out += chunk({ tool_calls: [{ index, function: { arguments: t.arguments.slice(i, i + 4) } }] });
  });
  out += chunk({}, c.finish);
  const usage = completionJson(c).usage;
  out += `data: ${JSON.stringify({ ...head, choices: [], usage })}\n\ndata: [DONE]\n\n`;
  return out;
}
