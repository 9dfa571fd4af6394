import { applyFault, emptyPlan, parseFaultList, type FaultPlan, type FaultRule } from "./faults";
import { baseModelName } from "./request";

interface Counter {
  seen: number;
  fired: number;
}

/** A fault registered through the control API, as `GET /_sim/faults` lists it. */
export interface Registration extends FaultRule {
  model: string;
  seen: number;
  fired: number;
}

const MAX_COUNTERS = 10_000;

/**
 * Decides which faults fire for a request. Faults come from three places: the `x-sim-fault` header,
 * the model-name suffix (`gpt-4o-mini~fail503@30%`) and registrations (`POST /_sim/faults`, by model
 * name, base name or `*`). Each source keeps its own counter, so a rate fires on exactly that share
 * of requests, evenly spread, and a count fires on the next N requests only.
 */
export class FaultRegistry {
  private readonly registered = new Map<string, Registration[]>();
  private readonly counters = new Map<string, Counter>();

  register(model: string, rule: FaultRule): Registration {
    const reg: Registration = { model, ...rule, seen: 0, fired: 0 };
    const list = this.registered.get(model) ?? [];
    list.push(reg);
    this.registered.set(model, list);
    return reg;
  }

  /** Removes the registrations of one model, or all of them. Returns how many went. */
  clear(model?: string): number {
    if (model === undefined) {
      const n = this.list().length;
      this.registered.clear();
      return n;
    }
    const n = this.registered.get(model)?.length ?? 0;
    this.registered.delete(model);
    return n;
  }

  list(): Registration[] {
    return [...this.registered.values()].flat();
  }

  /** Forgets registrations and every counter. */
  reset(): void {
    this.registered.clear();
    this.counters.clear();
  }

  /** The faults that fire for this request. Throws when the header or suffix is not valid. */
  plan(model: string, header: string | undefined): FaultPlan {
    const plan = emptyPlan();
    if (header)
      for (const rule of parseFaultList(header))
        this.consider(plan, rule, this.counter(`h|${header}|${JSON.stringify(rule)}`));
    const base = baseModelName(model);
    if (base !== model) {
      const rules = parseFaultList(model.slice(base.length + 1));
      rules.forEach((rule, i) => this.consider(plan, rule, this.counter(`m|${model}|${i}`)));
    }
    for (const key of new Set([model, base, "*"])) {
      for (const reg of this.registered.get(key) ?? []) this.consider(plan, reg, reg);
    }
    return plan;
  }

  private consider(plan: FaultPlan, rule: FaultRule, counter: Counter): void {
    if (fires(rule, counter)) applyFault(plan, rule.fault);
  }

  private counter(key: string): Counter {
    let c = this.counters.get(key);
    if (!c) {
      if (this.counters.size >= MAX_COUNTERS) this.counters.clear();
      c = { seen: 0, fired: 0 };
      this.counters.set(key, c);
    }
    return c;
  }
}

function fires(rule: FaultRule, c: Counter): boolean {
  c.seen++;
  if (rule.count !== undefined && c.fired >= rule.count) return false;
  if (rule.rate !== undefined && Math.floor(c.seen * rule.rate) === Math.floor((c.seen - 1) * rule.rate)) return false;
  c.fired++;
  return true;
}
