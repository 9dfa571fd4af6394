import { kindForStatus, ProviderError, retryAfterMs } from "../../core/errors";
import { safeText } from "../../core/redact";

/** What every adapter knows about the call when it turns a failure into a ProviderError. */
export interface ErrorContext {
  provider: string;
  apiKey?: string;
  signal?: AbortSignal;
}

/** The context of one call to `target` (its provider id, the key to redact, the call's signal). */
export function errorContext(target: { providerId: string; apiKey: string }, signal?: AbortSignal): ErrorContext {
  return { provider: target.providerId, apiKey: target.apiKey, signal };
}

/** Enough for any JSON error body; a proxy's HTML page is cut here (and bounded again in the message). */
export const ERROR_BODY_LIMIT = 32 * 1024;

/** The body's first `limit` bytes as text (whole when shorter); the rest of the body is cancelled. */
export async function readBounded(response: Response, limit = ERROR_BODY_LIMIT): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    const room = limit - bytes;
    text += decoder.decode(value.byteLength > room ? value.subarray(0, room) : value, { stream: true });
    bytes += value.byteLength;
    if (bytes >= limit) {
      reader.cancel().catch(() => {});
      return text + decoder.decode();
    }
  }
}

/**
 * The error for a call cut by its AbortSignal: the dispatcher's own ProviderError reason is kept,
 * a TimeoutError reason (AbortSignal.timeout) becomes "timeout", anything else "aborted".
 */
export function abortError(ctx: ErrorContext): ProviderError {
  const reason: unknown = ctx.signal?.reason;
  if (reason instanceof ProviderError) return reason;
  if ((reason as { name?: unknown } | undefined)?.name === "TimeoutError") {
    return new ProviderError(ctx.provider, "timeout", `${ctx.provider}: deadline exceeded`);
  }
  return new ProviderError(ctx.provider, "aborted", `${ctx.provider}: request aborted`);
}

/** A non-2xx answer: kind from the status and body (context length), retry-after from the headers. */
export function statusError(
  ctx: ErrorContext,
  status: number,
  headers: Headers,
  bodyText: string,
  detail?: string,
): ProviderError {
  const message = safeText(`${ctx.provider} ${status}: ${detail ?? bodyText}`, ctx.apiKey);
  return new ProviderError(ctx.provider, kindForStatus(status, bodyText), message, status, retryAfterMs(headers));
}

/** A 2xx answer whose body is not what its format promises. */
export function invalidResponse(ctx: ErrorContext, what: string): ProviderError {
  return new ProviderError(ctx.provider, "invalid_response", safeText(`${ctx.provider}: ${what}`, ctx.apiKey));
}

/** The upstream went away mid-stream (connection cut, body ended early). */
export function truncated(ctx: ErrorContext, what: string): ProviderError {
  return new ProviderError(ctx.provider, "connect", `${ctx.provider}: ${what}`);
}

/**
 * Any other failure (fetch rejected, body read failed, a bug) as a ProviderError: already one → as
 * is; aborted signal → abortError; a JSON SyntaxError → invalid_response; otherwise "connect".
 */
export function toProviderError(err: unknown, ctx: ErrorContext): ProviderError {
  if (err instanceof ProviderError) return err;
  if (ctx.signal?.aborted) return abortError(ctx);
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof SyntaxError) return invalidResponse(ctx, `unparseable body (${message})`);
  return new ProviderError(ctx.provider, "connect", safeText(`${ctx.provider}: ${message}`, ctx.apiKey));
}
