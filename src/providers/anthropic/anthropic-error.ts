import { kindForStatus, ProviderError, type ProviderErrorKind } from "../../core/errors";
import { type ErrorContext, statusError } from "../shared/provider-errors";
import { safeText } from "../../core/redact";
import { AnthropicErrorBody } from "./anthropic-schemas";

const KIND_BY_TYPE: Record<string, ProviderErrorKind> = {
  overloaded_error: "overloaded",
  rate_limit_error: "rate_limit",
  api_error: "server",
  timeout_error: "timeout",
  authentication_error: "auth",
  permission_error: "auth",
  not_found_error: "not_found",
  request_too_large: "bad_request",
  invalid_request_error: "bad_request",
};

/** A non-2xx Messages answer (`{"type":"error","error":{"type","message"}}`) as a ProviderError. */
export function errorFromBody(ctx: ErrorContext, text: string, response: Response): ProviderError {
  let parsed: ReturnType<typeof AnthropicErrorBody.safeParse> | undefined;
  try {
    parsed = AnthropicErrorBody.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  const detail = parsed?.success ? `${parsed.data.error.type}: ${parsed.data.error.message}` : undefined;
  const err = statusError(ctx, response.status, response.headers, text, detail);
  if (parsed?.success && parsed.data.error.type === "overloaded_error" && err.kind !== "overloaded") {
    return new ProviderError(ctx.provider, "overloaded", err.message, err.status, err.retryAfterMs);
  }
  return err;
}

/** An `error` event inside a 2xx stream (e.g. overloaded_error) as a ProviderError. */
export function streamError(ctx: ErrorContext, error: { type: string; message: string }): ProviderError {
  const kind = KIND_BY_TYPE[error.type] ?? "server";
  const refined = kind === "bad_request" ? kindForStatus(400, error.message) : kind;
  return new ProviderError(
    ctx.provider,
    refined,
    safeText(`${ctx.provider}: stream error ${error.type}: ${error.message}`, ctx.apiKey),
  );
}
