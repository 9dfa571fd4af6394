import type { ProviderError, ProviderErrorKind } from "../core/errors";
import { safeText } from "../core/redact";
import type { DecisionTarget } from "../core/catalog";
import type { BreakerStateName } from "./breaker/machine";
import type { AttemptRecord, AttemptSpec } from "./types";

/** Why a target was passed over without a call: a skip, or a ProviderErrorKind from resolving it. */
type SkipKind = "skipped_breaker_open" | "skipped_context_window" | ProviderErrorKind;

/** The request's attempts in the order they happened, as the audit record and the error keep them. */
export class AttemptLog {
  readonly records: AttemptRecord[] = [];

  constructor(private readonly onAuthError: (spec: AttemptSpec, err: ProviderError) => void = logAuthError) {}

  skip(target: DecisionTarget, kind: SkipKind, error: string, breakerState?: BreakerStateName): AttemptRecord {
    return this.add({
      provider: target.provider,
      model: target.model,
      status: 0,
      ok: false,
      errorKind: kind,
      error,
      latencyMs: 0,
      retry: 0,
      breakerState,
    });
  }

  success(spec: AttemptSpec, latencyMs: number): AttemptRecord {
    return this.add({ ...this.base(spec), status: 200, ok: true, latencyMs });
  }

  failure(spec: AttemptSpec, err: ProviderError, latencyMs: number): AttemptRecord {
    let error = safeText(err.message, spec.resolved.target.apiKey);
    if (err.kind === "auth") {
      error = `AUTH: ${spec.resolved.target.providerId} rejected the router's API key; fix the provider secret. ${error}`;
      this.onAuthError(spec, err);
    }
    return this.add({ ...this.base(spec), status: err.status ?? 0, ok: false, errorKind: err.kind, error, latencyMs });
  }

  cancelled(spec: AttemptSpec, kind: "hedge_lost" | "aborted", error: string, latencyMs: number): AttemptRecord {
    return this.add({ ...this.base(spec), status: 0, ok: false, errorKind: kind, error, latencyMs });
  }

  private base(spec: AttemptSpec) {
    return {
      provider: spec.resolved.target.providerId,
      model: spec.resolved.target.modelId,
      retry: spec.retry,
      breakerState: spec.breakerState,
    };
  }

  private add(rec: Omit<AttemptRecord, "index">): AttemptRecord {
    const full = { index: this.records.length, ...rec };
    if (full.breakerState === undefined) delete full.breakerState;
    this.records.push(full);
    return full;
  }
}

function logAuthError(spec: AttemptSpec, err: ProviderError): void {
  const { providerId, modelId } = spec.resolved.target;
  console.error(
    JSON.stringify({
      msg: "provider rejected the router's API key",
      provider: providerId,
      model: modelId,
      status: err.status ?? 0,
    }),
  );
}
