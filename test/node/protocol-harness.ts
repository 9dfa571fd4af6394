/**
 * The pure parts of issue 14 put together as the wiring phase will: a client protocol's request is
 * parsed and translated to chat, sent through a real provider adapter to the simulator, and the
 * answer translated back (JSON, or SSE through the stream translator with the adapter's chunk
 * source read as the stream guard reads it). No routing, no guard deadlines: a test harness, so
 * that the real SDKs can check the translators end to end against both upstream protocols.
 */
import { ProviderError, RouterError } from "../../src/core/errors";
import * as messages from "../../src/protocols/anthropic-messages";
import * as responses from "../../src/protocols/openai-responses";
import { type ClientStreamTranslator, streamFailure } from "../../src/protocols/shared/stream-translator";
import { createAnthropicProvider } from "../../src/providers/anthropic/anthropic-provider";
import { createOpenAICompatibleProvider } from "../../src/providers/openai-compatible/openai-compatible-provider";
import type { ChatProvider, ProviderTarget } from "../../src/providers/types";

export type Upstream = "openai" | "anthropic";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function upstreamOf(
  simUrl: string,
  upstream: Upstream,
  model: string,
): { provider: ChatProvider; target: ProviderTarget } {
  const target: ProviderTarget = {
    providerId: upstream,
    modelId: model,
    upstreamModel: model,
    baseUrl: upstream === "openai" ? `${simUrl}/v1` : simUrl,
    apiKey: "sk-harness",
  };
  return { provider: upstream === "openai" ? createOpenAICompatibleProvider() : createAnthropicProvider(), target };
}

/** The stream guard's loop, reduced: read the adapter's chunk source, translate, fail explicitly. */
function sseBody(
  source: ReturnType<ChatProvider["stream"]> extends Promise<infer O> ? O : never,
  t: ClientStreamTranslator,
) {
  const reader = source.body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const out: string[] = [];
      try {
        const r = await reader.read();
        if (r.done) t.end(out);
        else t.push(decoder.decode(r.value, { stream: true }), out);
      } catch (err) {
        t.fail(
          streamFailure(err instanceof ProviderError ? err : new ProviderError("harness", "connect", String(err))),
          out,
        );
      }
      if (out.length) controller.enqueue(encoder.encode(out.join("")));
      if (t.state !== "open") {
        if (t.state === "failed") reader.cancel().catch(() => {});
        controller.close();
      }
    },
  });
}

function providerStatus(err: ProviderError): RouterError {
  const status =
    err.kind === "rate_limit" ? 429 : err.kind === "bad_request" || err.kind === "context_length" ? 400 : 502;
  return new RouterError(status, err.message, status === 400 ? "invalid_request_error" : "server_error");
}

async function serve(
  kind: "responses" | "messages",
  raw: unknown,
  simUrl: string,
  upstream: Upstream,
): Promise<Response> {
  const isResponses = kind === "responses";
  const parsed = isResponses ? responses.parseResponsesRequest(raw) : messages.parseMessagesRequest(raw);
  const chat = isResponses
    ? responses.toChatRequest(parsed as responses.ResponsesRequest)
    : messages.toChatRequest(parsed as messages.MessagesRequest);
  const { provider, target } = upstreamOf(simUrl, upstream, chat.model);
  if (!chat.stream) {
    const outcome = await provider.complete(chat, target);
    const body = isResponses
      ? responses.toResponse(outcome.body, responses.responseEcho(parsed as responses.ResponsesRequest))
      : messages.toAnthropicMessage(outcome.body);
    return json(200, body);
  }
  const translator: ClientStreamTranslator = isResponses
    ? new responses.ResponsesStreamTranslator({
        echo: responses.responseEcho(parsed as responses.ResponsesRequest),
        fallbackId: "req_harness",
      })
    : new messages.MessagesStreamTranslator({
        fallbackId: "req_harness",
        inputTokens: messages.estimateRequestTokens(chat),
      });
  const outcome = await provider.stream(chat, target);
  return new Response(sseBody(outcome, translator), { status: 200, headers: { "content-type": "text/event-stream" } });
}

/**
 * A fetch for an SDK whose base URL points at the harness: `/v1/responses`, `/v1/messages` and
 * `/v1/messages/count_tokens` are served through the translators and `upstream`'s adapter.
 * `bodies` records what the SDK sent.
 */
export function harnessFetch(simUrl: string, upstream: Upstream, bodies: unknown[] = []): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const raw = JSON.parse(String(init?.body ?? (input instanceof Request ? await input.text() : "null")));
    bodies.push(raw);
    const kind = url.pathname.endsWith("/responses") ? "responses" : "messages";
    try {
      if (url.pathname.endsWith("/count_tokens"))
        return json(200, messages.countTokens(messages.parseMessagesRequest(raw, { countTokens: true })));
      return await serve(kind, raw, simUrl, upstream);
    } catch (err) {
      const routerErr = err instanceof ProviderError ? providerStatus(err) : err;
      if (!(routerErr instanceof RouterError)) throw err;
      if (kind === "responses") return json(routerErr.status, routerErr.toJSON());
      const { status, body } = messages.anthropicError(routerErr, "req_harness");
      return json(status, body);
    }
  };
}
