import { RouterError, type ProviderError } from "../core/errors";
import type { AttemptRecord } from "./types";

export interface ChainEnd {
  /** The client's own bad request, as the upstream described it. */
  badRequest?: ProviderError;
  clientGone: boolean;
  deadlinePassed: boolean;
  totalMs: number;
}

const NOT_TRIED = new Set(["skipped_breaker_open", "skipped_context_window", "hedge_lost", "aborted"]);
const BUSY = new Set(["rate_limit", "overloaded"]);

/**
 * The error the client gets when no attempt answered, OpenAI-shaped with every attempt listed:
 * 400 for the client's own request (bad request, input larger than every context window), 499
 * when the client left, 504 when every call timed out or the total deadline ended the chain, 429
 * when every call was rate-limited (the client should slow down: the SDKs back off on it), 503
 * when every call was rate-limited, overloaded or a 503, else 502.
 */
export function failureError(attempts: AttemptRecord[], end: ChainEnd): RouterError {
  const extra = { attempts: attempts.map(summary) };
  if (end.badRequest) {
    return new RouterError(
      400,
      `The upstream provider rejected the request: ${attemptText(attempts[attempts.length - 1])}`,
      "invalid_request_error",
      "upstream_bad_request",
      null,
      extra,
    );
  }
  if (end.clientGone)
    return new RouterError(
      499,
      "The client closed the request.",
      "invalid_request_error",
      "client_closed_request",
      null,
      extra,
    );
  const tried = attempts.filter((a) => !NOT_TRIED.has(a.errorKind ?? ""));
  const list = attempts.map((a) => `${a.provider}/${a.model}: ${attemptText(a)}`).join("; ");
  const contextOnly = tried.length > 0 && tried.every((a) => a.errorKind === "context_length");
  if (
    contextOnly ||
    (tried.length === 0 && attempts.length > 0 && attempts.every((a) => a.errorKind === "skipped_context_window"))
  ) {
    return new RouterError(
      400,
      `The input is longer than the context window of every model this request can use. ${list}`,
      "invalid_request_error",
      "context_length_exceeded",
      "messages",
      extra,
    );
  }
  if (tried.length === 0) {
    const message = attempts.length
      ? `No upstream target could be tried. ${list}`
      : "No upstream target is configured for this route.";
    return new RouterError(503, message, "server_error", "no_available_target", null, extra);
  }
  if (end.deadlinePassed || tried.every((a) => a.errorKind === "timeout")) {
    return new RouterError(
      504,
      `No upstream answered within the deadlines (total ${end.totalMs} ms). ${list}`,
      "timeout_error",
      "upstream_timeout",
      null,
      extra,
    );
  }
  if (tried.every((a) => a.errorKind === "rate_limit")) {
    return new RouterError(
      429,
      `Every upstream rate-limited this request; retry later. ${list}`,
      "rate_limit_error",
      "rate_limit_exceeded",
      null,
      extra,
    );
  }
  if (tried.every((a) => BUSY.has(a.errorKind ?? "") || a.status === 503)) {
    return new RouterError(
      503,
      `Every upstream is rate-limited or overloaded; retry later. ${list}`,
      "server_error",
      "upstream_unavailable",
      null,
      extra,
    );
  }
  return new RouterError(502, `Every upstream attempt failed. ${list}`, "server_error", "upstream_failed", null, extra);
}

function summary(a: AttemptRecord) {
  return {
    provider: a.provider,
    model: a.model,
    status: a.status,
    error: a.errorKind ?? null,
    message: a.error ?? null,
    retry: a.retry,
  };
}

function attemptText(a: AttemptRecord | undefined): string {
  if (!a) return "no attempt";
  const status = a.status ? `${a.status} ` : "";
  return `${status}${a.errorKind ?? "ok"}${a.error ? ` (${a.error})` : ""}`;
}
