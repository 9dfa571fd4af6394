/**
 * OpenAI Responses API (`POST /v1/responses`, stateless core) ⇄ the router's chat completions.
 * Inbound: parseResponsesRequest → toChatRequest. Outbound: toResponse (JSON) or
 * ResponsesStreamTranslator (SSE). Errors are RouterErrors in OpenAI's shape with `param` set.
 */
export { parseResponsesRequest } from "./parse-responses-request";
export { toChatRequest } from "./convert-responses-request";
export { toResponse } from "./convert-to-responses";
export { responseEcho, type ResponseEcho } from "./response-object";
export { ResponsesStreamTranslator, type ResponsesStreamOptions } from "./responses-stream-translator";
export { toResponsesRequest } from "./convert-chat-to-responses-request";
export { toChatCompletion } from "./convert-response-to-chat";
export type { ResponsesRequest } from "./responses-request-schema";
