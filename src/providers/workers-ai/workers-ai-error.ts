import { ProviderError, type ProviderErrorKind } from "../../core/errors";
import { safeText } from "../../core/redact";
import { abortError, type ErrorContext } from "../shared/provider-errors";

/**
 * What a Workers AI failure means, from the error the binding throws (`AiError: <code>: <text>`, or
 * plain text): the documented codes and phrases for capacity, limits, unknown models, oversized
 * input and invalid input; anything else is a retryable `server` error.
 */
const KINDS: [RegExp, ProviderErrorKind][] = [
  [/\b3040\b|capacity/i, "overloaded"],
  [/\b3036\b|\b4006\b|rate.?limit|too many requests|daily free allocation/i, "rate_limit"],
  [/\b5007\b|no such model|model not found/i, "not_found"],
  [/\b5021\b|context (window|length)|too long|too large|maximum.*tokens/i, "context_length"],
  [/\b5006\b|invalid input|required propert/i, "bad_request"],
  [/\b10000\b|unauthori[sz]ed|authentication/i, "auth"],
];

/** A binding call that threw, as a ProviderError (aborts keep the dispatcher's reason). */
export function workersAIError(err: unknown, ctx: ErrorContext): ProviderError {
  if (err instanceof ProviderError) return err;
  if (ctx.signal?.aborted) return abortError(ctx);
  const text = err instanceof Error ? err.message : String(err);
  const kind = KINDS.find(([re]) => re.test(text))?.[1] ?? "server";
  return new ProviderError(ctx.provider, kind, safeText(`${ctx.provider}: ${text}`, ctx.apiKey));
}
