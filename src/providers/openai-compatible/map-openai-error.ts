import OpenAI from "openai";
import { ProviderError } from "../../core/errors";
import { abortError, type ErrorContext, statusError, toProviderError } from "../shared/provider-errors";
import { safeText } from "../shared/redact";

/**
 * Maps what the openai SDK throws to a ProviderError: APIError with a status → kind from the
 * status and error body (so `context_length_exceeded` is recognised), retry-after from the headers;
 * user abort → aborted/timeout; connection timeout → timeout; connection error → connect.
 */
export function mapOpenAIError(err: unknown, ctx: ErrorContext): ProviderError {
  if (err instanceof OpenAI.APIUserAbortError) return abortError(ctx);
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError(ctx.provider, "timeout", `${ctx.provider}: request timed out`);
  }
  if (err instanceof OpenAI.APIConnectionError) {
    if (ctx.signal?.aborted) return abortError(ctx);
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
    return new ProviderError(ctx.provider, "connect", safeText(`${ctx.provider}: ${err.message}${cause}`, ctx.apiKey));
  }
  if (err instanceof OpenAI.APIError && typeof err.status === "number") {
    const bodyText = err.error === undefined ? err.message : JSON.stringify(err.error);
    return statusError(ctx, err.status, err.headers ?? new Headers(), bodyText, err.message.replace(/^\d{3} /, ""));
  }
  return toProviderError(err, ctx);
}
