import type { ProviderError } from "../core/errors";
import type { BreakerStore } from "./breaker/store";
import type { AttemptLog } from "./attempt-log";
import type { BreakerConfig } from "../config/schema";
import type { AttemptSpec, Candidate } from "./types";

/**
 * The order of attempts: targets in decision order, retries of the current target, skips for open
 * breakers and too-small context windows, and the forced try of the least-recently-failed target
 * when every breaker was open. Pure bookkeeping: the chain runs the calls.
 */
export class AttemptPlan {
  private cursor = 0;
  private retry = 0;
  private delayMs = 0;
  private minWindow = 0;
  private attempted = false;
  private forced = false;
  private readonly skippedOpen: Candidate[] = [];

  constructor(
    private readonly candidates: Candidate[],
    private readonly breakers: BreakerStore,
    private readonly cfg: BreakerConfig,
    private readonly log: AttemptLog,
    private readonly now: () => number,
  ) {}

  /** The next call, or undefined when every target has had its turn. */
  take(): AttemptSpec | undefined {
    for (; this.cursor < this.candidates.length; this.advance()) {
      const c = this.candidates[this.cursor];
      const { providerId, modelId } = c.resolved.target;
      if (c.resolved.contextWindow <= this.minWindow) {
        this.log.skip(
          c.decision,
          "skipped_context_window",
          `context window ${c.resolved.contextWindow} is not larger than one that already overflowed`,
        );
        continue;
      }
      const grant = this.breakers.acquire(providerId, modelId, this.now(), this.cfg);
      if (!grant.allowed) {
        this.log.skip(c.decision, "skipped_breaker_open", `breaker ${grant.state}`, grant.state);
        this.skippedOpen.push(c);
        continue;
      }
      this.attempted = true;
      const spec = {
        ...c,
        slot: this.cursor,
        retry: this.retry,
        delayMs: this.delayMs,
        breakerState: grant.state,
        probe: grant.probe,
      };
      this.delayMs = 0;
      return spec;
    }
    return this.forcedTry();
  }

  /** Moves past the target now in flight (hedging) and returns the next call. */
  hedge(running: AttemptSpec): AttemptSpec | undefined {
    if (running.slot !== this.cursor) return undefined;
    this.advance();
    return this.take();
  }

  /** Whether a target after this one could still be tried. */
  hasFallback(spec: AttemptSpec): boolean {
    return spec.slot >= 0 && spec.slot < this.candidates.length - 1;
  }

  /** Records a failed call: retry the same target after `retryDelayMs`, or move on. */
  failed(spec: AttemptSpec, error: ProviderError, retryDelayMs: number | undefined): void {
    if (error.kind === "context_length") this.minWindow = Math.max(this.minWindow, spec.resolved.contextWindow);
    if (spec.slot !== this.cursor) return;
    if (retryDelayMs === undefined) return this.advance();
    this.retry++;
    this.delayMs = retryDelayMs;
  }

  private advance(): void {
    this.cursor++;
    this.retry = 0;
    this.delayMs = 0;
  }

  /** Every breaker was open and nothing was tried: try the target whose last failure is oldest. */
  private forcedTry(): AttemptSpec | undefined {
    if (this.attempted || this.forced || this.skippedOpen.length === 0) return undefined;
    this.forced = true;
    this.attempted = true;
    const lastFailure = (c: Candidate) =>
      this.breakers.peek(c.resolved.target.providerId, c.resolved.target.modelId).lastFailureAt ?? 0;
    const pick = this.skippedOpen.reduce((a, b) => (lastFailure(b) < lastFailure(a) ? b : a));
    return { ...pick, slot: -1, retry: 0, delayMs: 0, breakerState: "open", probe: true };
  }
}
