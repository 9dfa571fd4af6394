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
export function buildOpenAIBody(
  req: ChatCompletionRequest,
  target: ProviderTarget,
  stream: boolean,
): Record<string, unknown> {
  const { stream: _stream, stream_options: streamOptions, ...rest } = req;
  const body: Record<string, unknown> = { ...rest, model: target.upstreamModel };
  if (!stream) return body;
  return { ...body, stream: true, stream_options: { ...streamOptions, include_usage: true } };
}

/**
 * `${baseUrl}/chat/completions`, with or without a trailing slash on the base; a query on the base
 * (Azure's `?api-version=…`) stays at the end, as the openai SDK kept it.
 * @example chatCompletionsUrl("https://api.openai.com/v1/") // "https://api.openai.com/v1/chat/completions"
 */
export function chatCompletionsUrl(baseUrl: string): string {
  const q = baseUrl.indexOf("?");
  const path = q === -1 ? baseUrl : baseUrl.slice(0, q);
  const query = q === -1 ? "" : baseUrl.slice(q);
  return `${path.replace(/\/+$/, "")}/chat/completions${query}`;
}

/**
 * The request headers: bearer key and accept, then the provider's configured headers (which may
 * replace them, e.g. an `api-key` scheme with its own `authorization`), then the JSON content type.
 * Names are case-insensitive, so a configured `Authorization` replaces ours rather than joining it.
 */
export function openAIHeaders(target: ProviderTarget, stream: boolean): Headers {
  const headers = new Headers({
    authorization: `Bearer ${target.apiKey}`,
    accept: stream ? "text/event-stream" : "application/json",
  });
  for (const [name, value] of Object.entries(target.headers ?? {})) headers.set(name, value);
  headers.set("content-type", "application/json");
  return headers;
}
