import * as z from "zod";

/**
 * Anthropic's Messages API request (`POST /v1/messages`, version 2023-06-01) as the router accepts
 * it. Top-level fields and messages are strict (Anthropic rejects extra inputs); content blocks
 * are lenient about extra keys (clients echo earlier answers) but their `type` is checked one block
 * at a time (parse-messages-request.ts) so that an error names the block.
 */

const CacheControl = z.looseObject({ type: z.literal("ephemeral") }).nullish();

export const Base64Source = z.strictObject({
  type: z.literal("base64"),
  media_type: z.string().min(1),
  data: z.string(),
});
export const UrlSource = z.strictObject({ type: z.literal("url"), url: z.string().min(1) });

export const TextBlock = z.looseObject({ type: z.literal("text"), text: z.string(), cache_control: CacheControl });
export const ImageBlock = z.looseObject({
  type: z.literal("image"),
  source: z.discriminatedUnion("type", [Base64Source, UrlSource]),
  cache_control: CacheControl,
});
export const DocumentBlock = z.looseObject({
  type: z.literal("document"),
  source: z.discriminatedUnion("type", [
    Base64Source,
    z.strictObject({ type: z.literal("text"), media_type: z.string().optional(), data: z.string() }),
  ]),
  title: z.string().nullish(),
  context: z.string().nullish(),
  citations: z.looseObject({ enabled: z.boolean().optional() }).nullish(),
  cache_control: CacheControl,
});
export const ToolUseBlock = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: CacheControl,
});
export const ToolResultBlock = z.looseObject({
  type: z.literal("tool_result"),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.discriminatedUnion("type", [TextBlock, ImageBlock]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: CacheControl,
});

export type TextBlock = z.infer<typeof TextBlock>;
export type ImageBlock = z.infer<typeof ImageBlock>;
export type DocumentBlock = z.infer<typeof DocumentBlock>;
export type ToolUseBlock = z.infer<typeof ToolUseBlock>;
export type ToolResultBlock = z.infer<typeof ToolResultBlock>;
export type ContentBlock = TextBlock | ImageBlock | DocumentBlock | ToolUseBlock | ToolResultBlock;

export interface MessageParam {
  role: "user" | "assistant";
  content: string | ContentBlock[];
}

export const MessageShape = z.strictObject({
  role: z.enum(["user", "assistant"]),
  content: z.union([z.string(), z.array(z.unknown())]),
});

export const ToolDef = z.strictObject({
  type: z.literal("custom").optional(),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/, "String should match pattern '^[a-zA-Z0-9_-]{1,128}$'"),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal("object") }),
  strict: z.boolean().optional(),
  cache_control: CacheControl,
});
export type ToolDef = z.infer<typeof ToolDef>;

export const ToolChoice = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("auto"), disable_parallel_tool_use: z.boolean().optional() }),
  z.strictObject({ type: z.literal("any"), disable_parallel_tool_use: z.boolean().optional() }),
  z.strictObject({ type: z.literal("tool"), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }),
  z.strictObject({ type: z.literal("none") }),
]);
export type ToolChoice = z.infer<typeof ToolChoice>;

export const MessagesRequestShape = z.strictObject({
  model: z.string().min(1),
  messages: z.array(z.unknown()).min(1),
  max_tokens: z.number().int().min(1),
  system: z.union([z.string(), z.array(TextBlock)]).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  metadata: z.strictObject({ user_id: z.string().nullish() }).optional(),
  tools: z.array(z.unknown()).optional(),
  tool_choice: ToolChoice.optional(),
  service_tier: z.enum(["auto", "standard_only"]).optional(),
  thinking: z.unknown().optional(),
  container: z.unknown().optional(),
  mcp_servers: z.unknown().optional(),
  context_management: z.unknown().optional(),
});
export type MessagesRequestShape = z.infer<typeof MessagesRequestShape>;

/** A Messages request the router can serve: checked, blocks parsed, unsupported features refused. */
export type MessagesRequest = Omit<
  MessagesRequestShape,
  "messages" | "tools" | "max_tokens" | "thinking" | "container" | "mcp_servers" | "context_management"
> & {
  messages: MessageParam[];
  tools?: ToolDef[];
  /** Required on /v1/messages, absent on /v1/messages/count_tokens. */
  max_tokens?: number;
};
