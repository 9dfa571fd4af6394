import type { ChatCompletionRequest } from "../../core/chat";
import type { ProviderTarget } from "../types";

/**
 * The body sent to an OpenAI-compatible upstream: the client's body as it came (unknown fields
 * included) with `model` replaced by the upstream name. Streaming always asks for the usage chunk
 * (`stream_options.include_usage`) so that the router can cost the call; non-streaming drops
 * `stream` and `stream_options` (OpenAI rejects stream_options without stream).
 * @example buildOpenAIBody({ model: "auto", messages }, target, true)
 * // { model: "gpt-4o-mini", messages, stream: true, stream_options: { include_usage: true } }
 */
export function buildOpenAIBody(req: ChatCompletionRequest, target: ProviderTarget, stream: boolean): Record<string, unknown> {
  const { stream: _stream, stream_options: streamOptions, ...rest } = req;
  const body: Record<string, unknown> = { ...rest, model: target.upstreamModel };
  if (!stream) return body;
  return { ...body, stream: true, stream_options: { ...streamOptions, include_usage: true } };
}
