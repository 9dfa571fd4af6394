/**
 * Anthropic Messages API (`POST /v1/messages`, `/v1/messages/count_tokens`) ⇄ the router's chat
 * completions. Inbound: parseMessagesRequest → toChatRequest. Outbound: toAnthropicMessage (JSON)
 * or MessagesStreamTranslator (SSE). Errors are RouterErrors; render them with anthropicError.
 */
export { parseMessagesRequest } from "./parse-messages-request";
export { toChatRequest } from "./convert-messages-request";
export { toAnthropicMessage } from "./convert-to-anthropic-message";
export { MessagesStreamTranslator, type MessagesStreamOptions } from "./messages-stream-translator";
export { anthropicError } from "./messages-errors";
export { countTokens, estimateRequestTokens } from "./count-tokens";
export type { MessagesRequest } from "./messages-request-schema";
