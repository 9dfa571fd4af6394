import { DurableObject } from "cloudflare:workers";
import { applyEvent, CLOSED, type BreakerRecord } from "./machine";
import type { ModelEvent } from "./store";
import type { BreakerConfig } from "../../config/schema";

const PREFIX = "breaker:";

/**
 * The shared breaker state of one provider (one object per provider id, `idFromName(provider)`):
 * one record per model. Isolates send it their failures and state-changing successes in the
 * background and pull its records every few seconds; it applies the same transitions as the
 * isolates (src/dispatch/breaker.ts) and persists records so that an eviction forgets nothing.
 */
export class BreakerState extends DurableObject {
  private records = new Map<string, BreakerRecord>();

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const stored = await ctx.storage.list<BreakerRecord>({ prefix: PREFIX });
      for (const [key, rec] of stored) this.records.set(key.slice(PREFIX.length), rec);
    });
  }

  /** Applies events in order and returns every model's record afterwards. */
  async push(events: ModelEvent[], cfg: BreakerConfig): Promise<Record<string, BreakerRecord>> {
    const changed: Record<string, BreakerRecord> = {};
    for (const { model, event } of events) {
      const prev = this.records.get(model) ?? CLOSED;
      const next = applyEvent(prev, event, cfg);
      if (next === prev) continue;
      this.records.set(model, next);
      changed[PREFIX + model] = next;
    }
    if (Object.keys(changed).length > 0) await this.ctx.storage.put(changed);
    return this.pull();
  }

  /** Every model's record. */
  pull(): Record<string, BreakerRecord> {
    return Object.fromEntries(this.records);
  }

  /** Forgets every record (admin reset, tests). */
  async reset(): Promise<void> {
    this.records.clear();
    await this.ctx.storage.deleteAll();
  }
}
