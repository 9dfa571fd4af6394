import { contentText, type ChatCompletionRequest, type ChatMessage } from "../../core/chat";
import { sha256Hex } from "../../core/hash";
import { complexity } from "./complexity";
import { flagSample, hasCode, hasJson, hasTable, hasUrl } from "./content-flags";
import { analyzeLanguage } from "./language";
import { TOKEN_CLASS_COUNT, tokenClassCounts, tokensFromCounts } from "./tokens";
import type { Features } from "../types";

/** Tokens a chat format adds per message (role, separators) and once to prime the reply. */
const PER_MESSAGE_TOKENS = 4;
const REPLY_PRIMING_TOKENS = 3;
/** OpenAI's image token charge: a low-detail image, and a typical high/auto-detail one (512-1024 px). */
const IMAGE_TOKENS_LOW = 85;
const IMAGE_TOKENS_DEFAULT = 765;
/** Characters of the system prompt that count as the task's instructions for classification. */
const SYSTEM_CHARS_FOR_CLASSIFICATION = 1000;

/** Text of the last user message ("" when there is none). */
export function lastUserText(req: Pick<ChatCompletionRequest, "messages">): string {
  for (let i = req.messages.length - 1; i >= 0; i--) {
    const m = req.messages[i];
    if (m.role === "user") return contentText(m.content);
  }
  return "";
}

/**
 * What a classifier should read: the system/developer instructions (head only) and the last user
 * message. Many applications state the task in the system prompt ("Extract the fields as JSON")
 * and send only the data as the user message.
 */
export function classificationText(req: Pick<ChatCompletionRequest, "messages">, userText = lastUserText(req)): string {
  let system = "";
  for (const m of req.messages) {
    if (m.role !== "system" && m.role !== "developer") continue;
    system += `${contentText(m.content)}\n`;
    if (system.length >= SYSTEM_CHARS_FOR_CLASSIFICATION) break;
  }
  if (!system) return userText;
  return `${system.slice(0, SYSTEM_CHARS_FOR_CLASSIFICATION).trim()}\n\n${userText}`;
}

function imageTokens(message: ChatMessage): number {
  if (typeof message.content === "string" || !message.content) return 0;
  let n = 0;
  for (const part of message.content) {
    if (part.type === "image_url") n += part.image_url.detail === "low" ? IMAGE_TOKENS_LOW : IMAGE_TOKENS_DEFAULT;
  }
  return n;
}

function hasImage(message: ChatMessage): boolean {
  return typeof message.content !== "string" && !!message.content?.some((p) => p.type === "image_url");
}

/** Text of a message that is input data (not instructions): user, tool and earlier assistant turns. */
function isInputData(message: ChatMessage): boolean {
  return message.role !== "system" && message.role !== "developer";
}

/**
 * Everything the rules may test about a request's input, computed in one pass over its text.
 * Pure and fast (tens of microseconds for a 2,000-token prompt; `npm run bench:classify`).
 *
 * @example extractFeatures({ model: "auto", messages: [{ role: "user", content: "Hi!" }] }).turnCount // 1
 */
export function extractFeatures(req: ChatCompletionRequest): Features {
  const counts = new Float64Array(TOKEN_CLASS_COUNT);
  const tokensOf = (text: string) => (text ? tokensFromCounts(tokenClassCounts(text, counts.fill(0))) : 0);
  let tokens = REPLY_PRIMING_TOKENS;
  let turnCount = 0;
  let images = false;
  let tools = (req.tools?.length ?? 0) > 0;
  let data = "";
  let userText = "";
  let userTokens = 0;
  for (const m of req.messages) {
    const text = contentText(m.content);
    const textTokens = tokensOf(text);
    tokens += textTokens + PER_MESSAGE_TOKENS + imageTokens(m);
    if (m.role === "user") {
      turnCount++;
      userText = text;
      userTokens = textTokens;
    }
    if (hasImage(m)) images = true;
    if (m.role === "tool") tools = true;
    if (m.role === "assistant" && m.tool_calls?.length) {
      tools = true;
      for (const call of m.tool_calls) tokens += tokensOf(call.function.name) + tokensOf(call.function.arguments);
    }
    if (isInputData(m) && text) data = data ? `${data}\n${text}` : text;
  }
  if (req.tools?.length) tokens += tokensOf(JSON.stringify(req.tools));
  if (req.response_format?.type === "json_schema") tokens += tokensOf(JSON.stringify(req.response_format.json_schema));

  const { language, script } = analyzeLanguage(userText);
  const sample = flagSample(data);
  return {
    inputTokens: Math.round(tokens),
    messageCount: req.messages.length,
    turnCount,
    lastUserChars: userText.length,
    language,
    script,
    hasCode: hasCode(sample),
    hasJson: hasJson(data),
    hasTable: hasTable(sample),
    hasUrl: hasUrl(sample),
    hasTools: tools,
    hasImages: images,
    responseFormat: req.response_format?.type ?? "text",
    complexity: complexity(userText, userTokens),
  };
}

const NON_ASCII = /[^\x00-\x7f]/;
/** Whitespace that collapsing changes: runs of two or more, and any single one but a space. */
const SPACING = /\s{2,}|[^\S ]/g;

/**
 * The prompt as the cache and the records key it: Unicode NFKC, lower case, whitespace collapsed.
 * NFKC is skipped for ASCII text (it changes nothing there) and single spaces are left alone.
 */
export function normalizePrompt(text: string): string {
  const composed = NON_ASCII.test(text) ? text.normalize("NFKC") : text;
  return composed.toLowerCase().replace(SPACING, " ").trim();
}

/**
 * SHA-256 (hex) of the normalised text: equal for prompts that differ only in case or spacing.
 *
 * @example await promptHash("Hello  World") === await promptHash("hello world") // true
 */
export async function promptHash(text: string): Promise<string> {
  return sha256Hex(normalizePrompt(text));
}
