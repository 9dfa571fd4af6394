/**
 * The two error types of the router.
 * - `RouterError`: something the client gets back as-is, in the OpenAI error shape.
 * - `ProviderError`: an upstream call that failed, normalised across providers; the dispatcher
 *   decides from `retryable` / `kind` whether to retry, fail over, or give up.
 */

export type OpenAIErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "server_error"
  | "api_error"
  | "timeout_error";

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null; [k: string]: unknown };
}

export class RouterError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: OpenAIErrorType,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "RouterError";
  }

  toJSON(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code, ...this.extra } };
  }
}

export type ProviderErrorKind =
  | "connect" // could not reach the upstream
  | "timeout" // a deadline passed (first byte, idle, total)
  | "rate_limit" // 429
  | "overloaded" // 529, or an overloaded_error event
  | "server" // 5xx
  | "conflict" // 408/409
  | "invalid_response" // 2xx whose body is not valid for its format
  | "context_length" // the input does not fit this model
  | "bad_request" // the request itself is wrong: no failover
  | "auth" // the router's key for this provider is wrong: fail over, page someone
  | "not_found" // unknown upstream model
  | "aborted"; // the client went away

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set([
  "connect",
  "timeout",
  "rate_limit",
  "overloaded",
  "server",
  "conflict",
  "invalid_response",
]);

export class ProviderError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly provider: string,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
    /** From retry-after / retry-after-ms, when the upstream said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ProviderError";
    this.retryable = RETRYABLE.has(kind);
  }
}

/** Maps an upstream HTTP status (and body text, for context-length errors) to an error kind. */
export function kindForStatus(status: number, bodyText = ""): ProviderErrorKind {
  if (status === 429) return "rate_limit";
  if (status === 529) return "overloaded";
  if (status === 408 || status === 409) return "conflict";
  if (status >= 500) return "server";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (/context[_ ]length|too long|maximum context|prompt is too long|context window/i.test(bodyText))
    return "context_length";
  return "bad_request";
}

/** Reads retry-after-ms or retry-after (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get("retry-after");
  if (!ra) return undefined;
  if (Number.isFinite(Number(ra))) return Math.max(0, Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
