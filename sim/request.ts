/** The protocol-neutral view of a chat request that the answer generator works from. */

export type Protocol = "openai" | "anthropic" | "responses";

export type JsonSchema = Record<string, unknown>;

export interface SimTool {
  name: string;
  description: string;
  schema: JsonSchema;
}

export type SimToolChoice = "auto" | "none" | "required" | { name: string };

export type SimFormat = { type: "text" } | { type: "json_object" } | { type: "json_schema"; schema: JsonSchema };

export interface SimRequest {
  protocol: Protocol;
  /** The model name as sent (fault suffix included). */
  model: string;
  /** The model name without any `~fault` suffix. */
  baseModel: string;
  /** System (and developer) text, joined. */
  system: string;
  /** Text of the last user message ("" when the conversation ends otherwise). */
  lastUser: string;
  /** Set when the last message carries a tool result: the tool's name (when known) and its text. */
  toolResult?: { name: string; content: string };
  tools: SimTool[];
  toolChoice: SimToolChoice;
  parallelTools: boolean;
  format: SimFormat;
  maxTokens?: number;
  stop: string[];
  inputTokens: number;
  /** The request settings a response repeats (Responses API only). */
  echo?: Record<string, unknown>;
  /** Tokens of the request's cacheable prefix (0 when nothing is cacheable) and its key. */
  cachePrefix: { key: string; tokens: number };
}

/** Strips a `~fault~fault` suffix from a model name. */
export function baseModelName(model: string): string {
  const i = model.indexOf("~");
  return i < 0 ? model : model.slice(0, i);
}
