import type { ChatMessage, ContentPart, ToolCall } from "../../core/chat";
import type {
  ContentBlock,
  DocumentBlock,
  ImageBlock,
  MessageParam,
  TextBlock,
  ToolResultBlock,
} from "./messages-request-schema";

/**
 * Anthropic messages → chat messages. A user turn's tool_result blocks become tool messages (in
 * order, first, as chat requires), its other blocks one user message after them; images inside a
 * tool result, which chat tool messages cannot carry, follow in that user message. An assistant
 * turn's text blocks become its content and tool_use blocks its `tool_calls` (input as JSON
 * text). An `is_error` result is marked in its text ("Error: …"), chat having no such flag.
 */
export function convertMessages(messages: MessageParam[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (typeof m.content === "string") {
      out.push({ role: m.role, content: m.content });
      continue;
    }
    if (m.role === "assistant") out.push(assistantMessage(m.content));
    else out.push(...userMessages(m.content));
  }
  return out;
}

function assistantMessage(blocks: ContentBlock[]): ChatMessage {
  const text: ContentPart[] = [];
  const calls: ToolCall[] = [];
  for (const b of blocks) {
    if (b.type === "text") text.push({ type: "text", text: b.text });
    else if (b.type === "tool_use")
      calls.push({ id: b.id, type: "function", function: { name: b.name, arguments: JSON.stringify(b.input) } });
  }
  const content =
    text.length === 0 ? (calls.length > 0 ? null : "") : text.length === 1 ? (text[0] as { text: string }).text : text;
  return calls.length > 0 ? { role: "assistant", content, tool_calls: calls } : { role: "assistant", content };
}

function userMessages(blocks: ContentBlock[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  for (const b of blocks) {
    if (b.type === "tool_result") {
      const { content, images } = toolResultContent(b);
      out.push({ role: "tool", tool_call_id: b.tool_use_id, content });
      parts.push(...images);
    } else parts.push(...userPart(b));
  }
  if (parts.length > 0) out.push({ role: "user", content: parts });
  return out;
}

function toolResultContent(b: ToolResultBlock): { content: string | ContentPart[]; images: ContentPart[] } {
  const prefix = b.is_error ? "Error: " : "";
  if (b.content === undefined || typeof b.content === "string")
    return { content: prefix + (b.content ?? ""), images: [] };
  const text: ContentPart[] = [];
  const images: ContentPart[] = [];
  for (const c of b.content) {
    if (c.type === "text") text.push({ type: "text", text: c.text });
    else images.push(imagePart(c));
  }
  if (prefix) text.unshift({ type: "text", text: prefix.trim() });
  if (text.length === 0 && images.length > 0)
    text.push({ type: "text", text: "(the result is the image that follows)" });
  return { content: text, images };
}

function userPart(b: Exclude<ContentBlock, ToolResultBlock>): ContentPart[] {
  switch (b.type) {
    case "text":
      return [textPart(b)];
    case "image":
      return [imagePart(b)];
    case "document":
      return [documentPart(b)];
    default:
      return [];
  }
}

const textPart = (b: TextBlock): ContentPart => ({ type: "text", text: b.text });

function imagePart(b: ImageBlock): ContentPart {
  const url = b.source.type === "base64" ? `data:${b.source.media_type};base64,${b.source.data}` : b.source.url;
  return { type: "image_url", image_url: { url } };
}

/** A PDF is a chat file part (data URL); a plain-text document is its text. */
function documentPart(b: DocumentBlock): ContentPart {
  if (b.source.type === "text") return { type: "text", text: b.source.data };
  const file: Record<string, unknown> = { file_data: `data:${b.source.media_type};base64,${b.source.data}` };
  if (b.title) file.filename = b.title;
  return { type: "file", file };
}
