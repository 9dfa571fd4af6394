import type { Protocol } from "./request";

export interface StatsSnapshot {
  requests: { total: number; byProtocol: Record<string, number>; byModel: Record<string, number> };
  faults: { total: number; byKind: Record<string, number>; byModel: Record<string, number> };
  classifications: number;
  inFlight: number;
}

const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

/** Counters behind `GET /_sim/stats`. */
export class SimStats {
  private s: StatsSnapshot = SimStats.empty();

  private static empty(): StatsSnapshot {
    return {
      requests: { total: 0, byProtocol: {}, byModel: {} },
      faults: { total: 0, byKind: {}, byModel: {} },
      classifications: 0,
      inFlight: 0,
    };
  }

  request(protocol: Protocol | "embeddings", model: string): void {
    this.s.requests.total++;
    bump(this.s.requests.byProtocol, protocol);
    bump(this.s.requests.byModel, model);
  }

  faults(model: string, kinds: string[]): void {
    for (const k of kinds) {
      this.s.faults.total++;
      bump(this.s.faults.byKind, k);
      bump(this.s.faults.byModel, model);
    }
  }

  classification(): void {
    this.s.classifications++;
  }

  enter(): void {
    this.s.inFlight++;
  }

  leave(): void {
    this.s.inFlight--;
  }

  /** Every model name requested so far. */
  models(): string[] {
    return Object.keys(this.s.requests.byModel);
  }

  snapshot(): StatsSnapshot {
    return structuredClone(this.s);
  }

  /** Zeroes every counter except the requests still in flight. */
  reset(): void {
    const inFlight = this.s.inFlight;
    this.s = SimStats.empty();
    this.s.inFlight = inFlight;
  }
}
