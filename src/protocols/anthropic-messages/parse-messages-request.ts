import type * as z from "zod";
import { invalidField, unsupportedField, zodFieldError } from "./messages-errors";
import {
  type ContentBlock,
  DocumentBlock,
  ImageBlock,
  type MessageParam,
  MessageShape,
  type MessagesRequest,
  MessagesRequestShape,
  TextBlock,
  ToolDef,
  ToolResultBlock,
  ToolUseBlock,
} from "./messages-request-schema";

const BLOCK_TYPES = ["text", "image", "document", "tool_use", "tool_result"];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks a `POST /v1/messages` body (or, with `countTokens`, a `/v1/messages/count_tokens` body,
 * which has no `max_tokens`). Errors are 400 RouterErrors whose `param` is Anthropic's path
 * (`messages.1.content.0.type`); render them with anthropicError. Refused with a reason:
 * `thinking`, server tools, MCP servers, containers, context management, thinking blocks and
 * citations. A tool_result must answer a tool_use of the assistant message just before it, and
 * every tool_use must be answered in the next message.
 * @throws RouterError 400
 */
export function parseMessagesRequest(raw: unknown, opts: { countTokens?: boolean } = {}): MessagesRequest {
  if (!isObject(raw)) throw invalidField("", "Input should be a valid dictionary");
  const input = opts.countTokens ? { max_tokens: 1, ...raw } : raw;
  const shape = MessagesRequestShape.safeParse(input);
  if (!shape.success) throw zodFieldError(shape.error);
  const { thinking, container, mcp_servers, context_management, ...body } = shape.data;
  if (thinking != null && !(isObject(thinking) && thinking.type === "disabled"))
    throw unsupportedField("thinking", "Extended thinking is not available through the router; leave 'thinking' out.");
  if (container != null)
    throw unsupportedField("container", "Code execution containers are not available through the router.");
  if (mcp_servers != null)
    throw unsupportedField("mcp_servers", "MCP connectors run at Anthropic; the router does not offer them.");
  if (context_management != null)
    throw unsupportedField("context_management", "Context editing is not available through the router.");
  const { tools, messages: rawMessages, ...rest } = body;
  const messages = rawMessages.map(parseMessage);
  checkToolPairs(messages);
  const req: MessagesRequest = { ...rest, messages };
  if (opts.countTokens) delete req.max_tokens;
  if (tools) req.tools = tools.map(parseTool);
  const choice = body.tool_choice;
  if (choice?.type === "tool" && !req.tools?.some((t) => t.name === choice.name))
    throw invalidField("tool_choice.name", `Tool '${choice.name}' not found in tools`);
  if (choice && choice.type !== "none" && !req.tools?.length)
    throw invalidField("tool_choice", "tool_choice may only be specified while providing tools.");
  return req;
}

function parseMessage(raw: unknown, i: number): MessageParam {
  const shape = MessageShape.safeParse(raw);
  if (!shape.success) throw zodFieldError(shape.error, ["messages", i]);
  const { role, content } = shape.data;
  if (typeof content === "string") return { role, content };
  const blocks = content.map((b, j) => parseBlock(b, `messages.${i}.content.${j}`, role));
  if (role === "user") {
    const firstOther = blocks.findIndex((b) => b.type !== "tool_result");
    const lateResult = blocks.findIndex((b, j) => b.type === "tool_result" && firstOther >= 0 && j > firstOther);
    if (lateResult >= 0)
      throw invalidField(
        `messages.${i}.content.${lateResult}`,
        "tool_result blocks must come first in a user message, before any other content.",
      );
  }
  return { role, content: blocks };
}

function parseBlock(raw: unknown, at: string, role: "user" | "assistant"): ContentBlock {
  if (!isObject(raw)) throw invalidField(at, "Input should be a valid dictionary or object to extract fields from");
  const schema = blockSchema(raw.type, at, role);
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw zodFieldError(
      parsed.error,
      at.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
    );
  const block = parsed.data as ContentBlock;
  if (block.type === "document" && block.citations?.enabled)
    throw unsupportedField(`${at}.citations`, "Citations are not produced through the router.");
  if (block.type === "image" && block.source.type === "base64" && !block.source.media_type.startsWith("image/"))
    throw invalidField(
      `${at}.source.media_type`,
      `Input should be an image media type, got '${block.source.media_type}'`,
    );
  return block;
}

function blockSchema(type: unknown, at: string, role: "user" | "assistant"): z.ZodType {
  switch (type) {
    case "text":
      return TextBlock;
    case "image":
      return ImageBlock;
    case "document":
      return DocumentBlock;
    case "tool_use":
      if (role !== "assistant") throw invalidField(at, "tool_use blocks may only appear in assistant messages");
      return ToolUseBlock;
    case "tool_result":
      if (role !== "user") throw invalidField(at, "tool_result blocks may only appear in user messages");
      return ToolResultBlock;
    case "thinking":
    case "redacted_thinking":
      throw unsupportedField(
        `${at}.type`,
        "Thinking blocks belong to extended thinking, which the router does not offer.",
      );
    default:
      if (typeof type === "string" && /tool_use$|tool_result$|^search_result$|^container_upload$/.test(type))
        throw unsupportedField(`${at}.type`, `'${type}' blocks belong to server tools, which the router does not run.`);
      throw invalidField(
        `${at}.type`,
        `Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${BLOCK_TYPES.map((t) => `'${t}'`).join(", ")}`,
      );
  }
}

function parseTool(raw: unknown, i: number): ToolDef {
  if (isObject(raw) && typeof raw.type === "string" && raw.type !== "custom")
    throw unsupportedField(
      `tools.${i}.type`,
      `Server tools such as '${raw.type}' run at Anthropic; only custom tools are supported through the router.`,
    );
  const parsed = ToolDef.safeParse(raw);
  if (!parsed.success) throw zodFieldError(parsed.error, ["tools", i]);
  return parsed.data;
}

const blocksOf = (m: MessageParam | undefined, type: string) =>
  m && typeof m.content !== "string" ? m.content.filter((b) => b.type === type) : [];

/** Every tool_result answers a tool_use of the message before; every tool_use is answered in the next one. */
function checkToolPairs(messages: MessageParam[]): void {
  messages.forEach((m, i) => {
    const uses = new Set(blocksOf(messages[i - 1], "tool_use").map((b) => (b as { id: string }).id));
    if (m.role === "user" && typeof m.content !== "string")
      m.content.forEach((b, j) => {
        if (b.type === "tool_result" && !uses.has(b.tool_use_id))
          throw invalidField(
            `messages.${i}.content.${j}`,
            `unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${b.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
          );
      });
    const answered = new Set(
      blocksOf(messages[i + 1], "tool_result").map((b) => (b as { tool_use_id: string }).tool_use_id),
    );
    const open = blocksOf(m, "tool_use").filter((b) => !answered.has((b as { id: string }).id));
    if (open.length > 0)
      throw invalidField(
        `messages.${i}`,
        `\`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${open.map((b) => (b as { id: string }).id).join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
  });
}
