import type { ProviderError } from "../../core/errors";
import { type ErrorContext, statusError } from "../shared/provider-errors";
import { OpenAIErrorBody } from "./openai-schemas";

/**
 * A non-2xx answer as a ProviderError: kind from the status and body (`context_length_exceeded`
 * is recognised in the text), retry-after from the headers, and the upstream's `error.message` as
 * the message when the body has OpenAI's error shape (else the body text).
 */
export function errorFromBody(ctx: ErrorContext, text: string, response: Response): ProviderError {
  return statusError(ctx, response.status, response.headers, text, errorMessage(text));
}

function errorMessage(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = OpenAIErrorBody.safeParse(json);
  return parsed.success ? (parsed.data.error.message ?? undefined) : undefined;
}
