import type * as z from "zod";
import { type OpenAIErrorType, RouterError } from "../../core/errors";
import { anthropicPath, firstProblem } from "../shared/zod-problem";

/** A 400 about one field of a Messages request; `param` is Anthropic's path (`messages.1.content.0`). */
export function invalidField(path: string, message: string): RouterError {
  return new RouterError(400, message, "invalid_request_error", "invalid_request", path || null);
}

/** A field the router understands but does not offer on this endpoint: a 400 that says why. */
export function unsupportedField(path: string, why: string): RouterError {
  return new RouterError(
    400,
    `The router does not support '${path}': ${why}`,
    "invalid_request_error",
    "unsupported_parameter",
    path,
  );
}

/** A zod failure in Anthropic's words: "Field required", "Extra inputs are not permitted", … */
export function zodFieldError(error: z.ZodError, prefix: (string | number)[] = []): RouterError {
  const problem = firstProblem(error, prefix);
  const path = anthropicPath(problem.path);
  if (problem.code === "unrecognized_keys") return invalidField(path, "Extra inputs are not permitted");
  if (problem.code === "invalid_type" && /received undefined$/.test(problem.message))
    return invalidField(path, "Field required");
  return invalidField(path, problem.message);
}

const TYPE_FOR: Record<OpenAIErrorType, string> = {
  invalid_request_error: "invalid_request_error",
  authentication_error: "authentication_error",
  permission_error: "permission_error",
  not_found_error: "not_found_error",
  rate_limit_error: "rate_limit_error",
  server_error: "api_error",
  api_error: "api_error",
  timeout_error: "timeout_error",
};

/**
 * Any router error in Anthropic's error shape, for `/v1/messages`:
 * `{"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0: …"}}`.
 * The parameter, when there is one, leads the message (Anthropic has no `param` field); 413 is
 * `request_too_large`, 503/529 `overloaded_error`.
 * @example anthropicError(new RouterError(400, "Field required", "invalid_request_error", null, "max_tokens"))
 * // { status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "max_tokens: Field required" } } }
 */
export function anthropicError(err: RouterError, requestId?: string) {
  let type = TYPE_FOR[err.type] ?? "api_error";
  if (err.status === 413) type = "request_too_large";
  if (err.status === 503 || err.status === 529) type = "overloaded_error";
  const message = err.param ? `${err.param}: ${err.message}` : err.message;
  const body: Record<string, unknown> = { type: "error", error: { type, message } };
  if (requestId) body.request_id = requestId;
  return { status: err.status, body };
}
