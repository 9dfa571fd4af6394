import type { ProviderError } from "../../core/errors";
import type { ProviderTarget } from "../types";
import { abortError, type ErrorContext, invalidResponse, readBounded, toProviderError } from "./provider-errors";

/**
 * POSTs `body` as JSON to `url` with `target.fetch` when injected (called as a plain function:
 * workerd's fetch throws "Illegal invocation" when called as a method of another object) and
 * returns the 2xx response. An already aborted signal, a failed fetch or a non-2xx answer throw a
 * ProviderError; for a non-2xx answer `errorOf` reads the first ERROR_BODY_LIMIT bytes of the body
 * (the rest is cancelled), which is where each protocol's error shape differs.
 */
export async function postUpstream(
  target: ProviderTarget,
  ctx: ErrorContext,
  url: string,
  headers: HeadersInit,
  body: unknown,
  errorOf: (bodyText: string, response: Response) => ProviderError,
): Promise<Response> {
  if (ctx.signal?.aborted) throw abortError(ctx);
  const doFetch = target.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, { method: "POST", headers, body: JSON.stringify(body), signal: ctx.signal });
  } catch (err) {
    throw toProviderError(err, ctx);
  }
  if (response.ok) return response;
  let text: string;
  try {
    text = await readBounded(response);
  } catch (err) {
    throw toProviderError(err, ctx);
  }
  throw errorOf(text, response);
}

/** The body of a 2xx streaming answer; anything but an event stream is cancelled and invalid_response. */
export async function eventStreamBody(response: Response, ctx: ErrorContext): Promise<ReadableStream<Uint8Array>> {
  const type = response.headers.get("content-type") ?? "";
  if (response.body && type.includes("text/event-stream")) return response.body;
  await response.body?.cancel().catch(() => {});
  throw invalidResponse(ctx, `expected an event stream, got ${type || "no content type"}`);
}
