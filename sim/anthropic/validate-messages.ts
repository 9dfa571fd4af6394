import { badRequest, isObject, type WireError } from "../wire-error";

const BLOCK_TYPES = [
  "text",
  "image",
  "document",
  "search_result",
  "thinking",
  "redacted_thinking",
  "tool_use",
  "tool_result",
  "server_tool_use",
  "web_search_tool_result",
];

/** An Anthropic-style 400: the message names the path, e.g. `messages.0.role: …`. */
export const invalid = (path: string, message: string): WireError =>
  badRequest(path ? `${path}: ${message}` : message, path || null);

function checkImage(b: Record<string, unknown>, at: string): WireError | undefined {
  const src = b.source;
  if (!isObject(src)) return invalid(`${at}.source`, "Field required");
  if (src.type === "base64") {
    if (typeof src.media_type !== "string") return invalid(`${at}.source.base64.media_type`, "Field required");
    if (typeof src.data !== "string") return invalid(`${at}.source.base64.data`, "Field required");
    return undefined;
  }
  if (src.type === "url")
    return typeof src.url === "string" ? undefined : invalid(`${at}.source.url.url`, "Field required");
  return invalid(
    `${at}.source`,
    `Input tag '${String(src.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'`,
  );
}

function checkBlock(b: unknown, at: string, role: string): WireError | undefined {
  if (!isObject(b)) return invalid(at, "Input should be a valid dictionary or object to extract fields from");
  if (!BLOCK_TYPES.includes(String(b.type)))
    return invalid(
      at,
      `Input tag '${String(b.type)}' found using 'type' does not match any of the expected tags: ${BLOCK_TYPES.map((t) => `'${t}'`).join(", ")}`,
    );
  switch (b.type) {
    case "text":
      return typeof b.text === "string" ? undefined : invalid(`${at}.text`, "Field required");
    case "image":
      return checkImage(b, at);
    case "tool_use":
      if (role !== "assistant") return invalid(at, "tool_use blocks may only appear in assistant messages");
      if (typeof b.id !== "string") return invalid(`${at}.id`, "Field required");
      if (typeof b.name !== "string") return invalid(`${at}.name`, "Field required");
      return isObject(b.input) ? undefined : invalid(`${at}.input`, "Input should be a valid dictionary");
    case "tool_result":
      if (role !== "user") return invalid(at, "tool_result blocks may only appear in user messages");
      if (typeof b.tool_use_id !== "string") return invalid(`${at}.tool_use_id`, "Field required");
      return checkResultContent(b.content, `${at}.content`);
    default:
      return undefined;
  }
}

const RESULT_BLOCKS = ["text", "image", "search_result", "document"];

/** A tool_result's content: a string, or a list of text/image/document blocks. */
function checkResultContent(c: unknown, at: string): WireError | undefined {
  if (c === undefined || typeof c === "string") return undefined;
  if (!Array.isArray(c)) return invalid(at, "Input should be a valid string or list of content blocks");
  for (let j = 0; j < c.length; j++) {
    const b = c[j];
    if (!isObject(b))
      return invalid(`${at}.${j}`, "Input should be a valid dictionary or object to extract fields from");
    if (!RESULT_BLOCKS.includes(String(b.type)))
      return invalid(
        `${at}.${j}`,
        `Input tag '${String(b.type)}' found using 'type' does not match any of the expected tags: ${RESULT_BLOCKS.map((t) => `'${t}'`).join(", ")}`,
      );
    const err = b.type === "text" || b.type === "image" ? checkBlock(b, `${at}.${j}`, "user") : undefined;
    if (err) return err;
  }
  return undefined;
}

function checkMessage(m: unknown, i: number, last: boolean): WireError | undefined {
  const at = `messages.${i}`;
  if (!isObject(m)) return invalid(at, "Input should be a valid dictionary or object to extract fields from");
  if (m.role === "system")
    return invalid(
      `${at}.role`,
      'Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.',
    );
  if (m.role !== "user" && m.role !== "assistant")
    return invalid(`${at}.role`, "Input should be 'user' or 'assistant'");
  const c = m.content;
  const finalAssistant = last && m.role === "assistant";
  if (c === undefined) return invalid(`${at}.content`, "Field required");
  if (typeof c === "string") return c === "" && !finalAssistant ? emptyContent(i) : undefined;
  if (!Array.isArray(c)) return invalid(`${at}.content`, "Input should be a valid string or list of content blocks");
  if (c.length === 0 && !finalAssistant) return emptyContent(i);
  for (let j = 0; j < c.length; j++) {
    const err = checkBlock(c[j], `${at}.content.${j}`, m.role);
    if (err) return err;
  }
  return undefined;
}

function emptyContent(i: number): WireError {
  return invalid(
    `messages.${i}`,
    "all messages must have non-empty content except for the optional final assistant message",
  );
}

function blocks(m: Record<string, unknown>, type: string): Record<string, unknown>[] {
  return Array.isArray(m.content) ? (m.content as Record<string, unknown>[]).filter((b) => b.type === type) : [];
}

/** Every tool_use is answered by a tool_result in the next message, and every tool_result answers one. */
function checkToolPairs(messages: Record<string, unknown>[]): WireError | undefined {
  for (let i = 0; i < messages.length; i++) {
    const prevUses =
      i > 0 && messages[i - 1].role === "assistant"
        ? blocks(messages[i - 1], "tool_use").map((b) => b.id as string)
        : [];
    const results = blocks(messages[i], "tool_result");
    const stray = results
      .filter((r) => !prevUses.includes(r.tool_use_id as string))
      .map((r) => r.tool_use_id as string);
    if (stray.length > 0) {
      const at = `messages.${i}.content.${(messages[i].content as unknown[]).indexOf(results.find((r) => stray.includes(r.tool_use_id as string)))}`;
      return invalid(
        at,
        `unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${stray.join(", ")}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
      );
    }
    const answered = new Set(results.map((r) => r.tool_use_id as string));
    const open = prevUses.filter((id) => !answered.has(id));
    if (open.length > 0)
      return invalid(
        `messages.${i}`,
        `\`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${open.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
  }
  return undefined;
}

/** Checks `messages` the way the Messages API does; returns the first problem found. */
export function validateMessages(messages: unknown): WireError | undefined {
  if (messages === undefined) return invalid("messages", "Field required");
  if (!Array.isArray(messages)) return invalid("messages", "Input should be a valid list");
  if (messages.length === 0) return invalid("messages", "at least one message is required");
  for (let i = 0; i < messages.length; i++) {
    const err = checkMessage(messages[i], i, i === messages.length - 1);
    if (err) return err;
  }
  if ((messages[0] as { role: string }).role !== "user")
    return invalid("messages", 'first message must use the "user" role');
  return checkToolPairs(messages as Record<string, unknown>[]);
}
