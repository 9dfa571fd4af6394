import { type ChatMessage, type ContentPart, contentText } from "../../core/chat";
import { ProviderError } from "../../core/errors";
import type { AnthropicBlock, AnthropicSource, AnthropicTurn } from "./anthropic-request-types";

/**
 * OpenAI messages → Anthropic `system` + alternating turns. System and developer messages (wherever
 * they stand) become system text; tool messages become `tool_result` blocks of a user turn;
 * assistant `tool_calls` become `tool_use` blocks; consecutive turns of one role are merged (so
 * parallel tool results share one user turn). Empty assistant turns are dropped (Anthropic rejects
 * empty content). Throws ProviderError "bad_request" for input Anthropic cannot take (audio,
 * non-PDF files, images that are neither data: nor http(s) URLs, tool arguments that are not JSON).
 * @example convertToAnthropicMessages([{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }], "anthropic")
 * // { system: ["Be brief."], messages: [{ role: "user", content: "Hi" }] }
 */
export function convertToAnthropicMessages(
  messages: ChatMessage[],
  provider: string,
): { system: string[]; messages: AnthropicTurn[] } {
  const system: string[] = [];
  const turns: AnthropicTurn[] = [];
  const add = (role: AnthropicTurn["role"], content: AnthropicTurn["content"]) => {
    const last = turns.at(-1);
    if (last?.role === role) last.content = [...asBlocks(last.content), ...asBlocks(content)];
    else turns.push({ role, content });
  };
  for (const m of messages) {
    if (m.role === "system" || m.role === "developer") {
      const text = contentText(m.content);
      if (text) system.push(text);
    } else if (m.role === "user") {
      add("user", typeof m.content === "string" ? m.content : m.content.map((p) => partToBlock(p, provider)));
    } else if (m.role === "assistant") {
      const content = assistantContent(m, provider);
      if (content.length > 0) add("assistant", content);
    } else {
      add("user", [{ type: "tool_result", tool_use_id: m.tool_call_id, content: contentText(m.content) }]);
    }
  }
  return { system, messages: turns };
}

function asBlocks(content: AnthropicTurn["content"]): AnthropicBlock[] {
  if (typeof content !== "string") return content;
  return content ? [{ type: "text", text: content }] : [];
}

function assistantContent(m: Extract<ChatMessage, { role: "assistant" }>, provider: string): AnthropicTurn["content"] {
  const text = typeof m.content === "string" ? m.content : (m.content ?? []).map((p) => partText(p)).join("");
  if (!m.tool_calls?.length) return text;
  const blocks: AnthropicBlock[] = text ? [{ type: "text", text }] : [];
  for (const call of m.tool_calls) {
    blocks.push({
      type: "tool_use",
      id: call.id,
      name: call.function.name,
      input: parseArguments(call.function.arguments, provider),
    });
  }
  return blocks;
}

function partText(p: ContentPart): string {
  if (p.type === "text") return p.text;
  if (p.type === "refusal") return p.refusal;
  return "";
}

function parseArguments(args: string, provider: string): unknown {
  if (args.trim() === "") return {};
  try {
    return JSON.parse(args);
  } catch {
    throw new ProviderError(provider, "bad_request", `${provider}: tool call arguments are not valid JSON`, 400);
  }
}

function partToBlock(p: ContentPart, provider: string): AnthropicBlock {
  switch (p.type) {
    case "text":
      return { type: "text", text: p.text };
    case "refusal":
      return { type: "text", text: p.refusal };
    case "image_url":
      return { type: "image", source: imageSource(p.image_url.url, provider) };
    case "file": {
      const data = typeof p.file.file_data === "string" ? p.file.file_data : "";
      const source = data.startsWith("data:application/pdf;") ? dataUrlSource(data, provider) : undefined;
      if (source) return { type: "document", source };
      throw unsupported(provider, "files other than inline PDFs (file_data)");
    }
    case "input_audio":
      throw unsupported(provider, "audio input");
  }
}

function imageSource(url: string, provider: string): AnthropicSource {
  if (url.startsWith("data:")) return dataUrlSource(url, provider);
  if (/^https?:\/\//i.test(url)) return { type: "url", url };
  throw unsupported(provider, "image URLs other than data: and http(s):");
}

/** `data:<media type>[;params];base64,<data>` → a base64 source (indexOf, not a regex: data can be megabytes). */
function dataUrlSource(url: string, provider: string): AnthropicSource {
  const comma = url.indexOf(",");
  const meta = comma > 0 ? url.slice(5, comma) : "";
  if (!meta.endsWith(";base64")) throw unsupported(provider, "data URLs that are not base64");
  return { type: "base64", media_type: meta.split(";")[0], data: url.slice(comma + 1) };
}

function unsupported(provider: string, what: string): ProviderError {
  return new ProviderError(provider, "bad_request", `${provider}: ${what} not supported`, 400);
}
