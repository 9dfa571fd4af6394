import type { ProviderError } from "../../core/errors";
import { type ErrorContext, statusError, toProviderError } from "../shared/provider-errors";
import { OpenAIErrorBody } from "./openai-schemas";

/** Enough for any JSON error body; a proxy's HTML page is cut here (and bounded again in the message). */
export const ERROR_BODY_LIMIT = 32 * 1024;

/**
 * A non-2xx answer as a ProviderError: kind from the status and body (`context_length_exceeded`
 * is recognised in the text), retry-after from the headers, and the upstream's `error.message` as
 * the message when the body has OpenAI's error shape (else the body text). Reads at most
 * ERROR_BODY_LIMIT bytes and cancels the rest.
 */
export async function errorFromResponse(ctx: ErrorContext, response: Response): Promise<ProviderError> {
  let text: string;
  try {
    text = await readBounded(response, ERROR_BODY_LIMIT);
  } catch (err) {
    return toProviderError(err, ctx);
  }
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

/** The body's first `limit` bytes as text (whole when shorter); the rest of the body is cancelled. */
async function readBounded(response: Response, limit: number): Promise<string> {
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
