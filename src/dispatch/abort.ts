import { ProviderError } from "../core/errors";
import { safeText } from "../core/redact";

/** Rejects with the signal's reason once it aborts; resolves with `p` otherwise. */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/** Aborts `child` when `parent` aborts (with the parent's reason); returns the unlink function. */
export function link(parent: AbortSignal, child: AbortController): () => void {
  if (parent.aborted) {
    child.abort(parent.reason);
    return () => {};
  }
  const onAbort = () => child.abort(parent.reason);
  parent.addEventListener("abort", onAbort, { once: true });
  return () => parent.removeEventListener("abort", onAbort);
}

/**
 * Any failure of a call as a ProviderError: the adapter's own error unless it only reports the
 * abort, in which case the dispatcher's abort reason (deadline, hedge, client) says what happened.
 */
export function asProviderError(err: unknown, provider: string, signal: AbortSignal, apiKey?: string): ProviderError {
  if (err instanceof ProviderError && err.kind !== "aborted") return err;
  if (signal.aborted && signal.reason instanceof ProviderError) return signal.reason;
  if (err instanceof ProviderError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError(provider, "connect", safeText(`${provider}: ${message}`, apiKey));
}

/** A timer that can be cleared; `ms` ≤ 0 fires on the next tick. */
export function timer(ms: number, fire: () => void): () => void {
  const t = setTimeout(fire, Math.max(0, ms));
  return () => clearTimeout(t);
}
