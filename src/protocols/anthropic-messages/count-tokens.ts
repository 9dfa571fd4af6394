import { type ChatCompletionRequest, type ChatMessage, contentText } from "../../core/chat";
import { TOKEN_CLASS_COUNT, tokenClassCounts, tokensFromCounts } from "../../classify/features/tokens";
import { toChatRequest } from "./convert-messages-request";
import type { MessagesRequest } from "./messages-request-schema";

/** The same constants as the router's feature extraction (src/classify/features.ts), so both agree. */
const PER_MESSAGE_TOKENS = 4;
const REPLY_PRIMING_TOKENS = 3;
const IMAGE_TOKENS_LOW = 85;
const IMAGE_TOKENS_DEFAULT = 765;

/**
 * `POST /v1/messages/count_tokens`: the router's own estimate of the request's input tokens (the
 * calibrated character-class estimate of src/classify/tokens.ts, counted exactly as the router
 * counts a request for its records: text, +4 per message, images, tool calls, tool definitions),
 * not the target model's tokenizer. Answers `{ input_tokens }` like Anthropic.
 * @example countTokens(parseMessagesRequest({ model: "auto", messages: [{ role: "user", content: "Hi" }] }, { countTokens: true }))
 * // { input_tokens: 8 }
 */
export function countTokens(req: MessagesRequest): { input_tokens: number } {
  return { input_tokens: estimateRequestTokens(toChatRequest(req)) };
}

/** Estimated input tokens of a chat request (the `inputTokens` feature, without the other features). */
export function estimateRequestTokens(req: ChatCompletionRequest): number {
  const counts = new Float64Array(TOKEN_CLASS_COUNT);
  const tokensOf = (text: string) => (text ? tokensFromCounts(tokenClassCounts(text, counts.fill(0))) : 0);
  let tokens = REPLY_PRIMING_TOKENS;
  for (const m of req.messages) {
    tokens += tokensOf(contentText(m.content)) + PER_MESSAGE_TOKENS + imageTokens(m);
    if (m.role === "assistant" && m.tool_calls?.length)
      for (const call of m.tool_calls) tokens += tokensOf(call.function.name) + tokensOf(call.function.arguments);
  }
  if (req.tools?.length) tokens += tokensOf(JSON.stringify(req.tools));
  if (req.response_format?.type === "json_schema") tokens += tokensOf(JSON.stringify(req.response_format.json_schema));
  return Math.round(tokens);
}

function imageTokens(m: ChatMessage): number {
  if (typeof m.content === "string" || !m.content) return 0;
  let n = 0;
  for (const part of m.content)
    if (part.type === "image_url") n += part.image_url.detail === "low" ? IMAGE_TOKENS_LOW : IMAGE_TOKENS_DEFAULT;
  return n;
}
