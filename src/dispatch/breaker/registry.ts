import { durableBreakerRemote } from "./remote";
import { BreakerBoard, type BoardStats, type BreakerStore, type BreakerView } from "./store";
import { DEFAULT_BREAKER, type BreakerConfig } from "../../config/schema";

/** This isolate's view of every breaker (one per isolate, on purpose: it is the hot-path cache). */
const board = new BreakerBoard();

interface BreakerEnv {
  BREAKERS?: DurableObjectNamespace;
}

/**
 * The breaker store for one request: this isolate's view, kept in step with the BREAKERS Durable
 * Object (one per provider) in the background when the binding exists. Pass the request's
 * `waitUntil` so that background syncs outlive the response.
 * @example deps.breakers = breakerStore(c.env, (p) => c.executionCtx.waitUntil(p))
 */
export function breakerStore(env: BreakerEnv, waitUntil?: (p: Promise<unknown>) => void): BreakerStore {
  return board.session({
    remote: env.BREAKERS ? durableBreakerRemote(env.BREAKERS) : undefined,
    background: waitUntil,
  });
}

export interface BreakerStatusReport {
  /** "durable_object": fresh from the shared state; "isolate": this isolate's view only. */
  source: "durable_object" | "isolate";
  breakers: BreakerView[];
  sync: BoardStats;
  errors?: string[];
}

export interface BreakerStatusOptions {
  /** Providers to read from the shared state (default: those this isolate has seen). */
  providers?: string[];
  breaker?: BreakerConfig;
  now?: number;
}

/**
 * Every breaker's state for the admin status endpoint: pulled fresh from each provider's Durable
 * Object when bound, else this isolate's view.
 * @example breakers: await breakerStatus(c.env, { providers: config.providers.map((p) => p.id), breaker: config.resilience.breaker })
 */
export async function breakerStatus(env: BreakerEnv, opts: BreakerStatusOptions = {}): Promise<BreakerStatusReport> {
  const cfg = opts.breaker ?? DEFAULT_BREAKER;
  const errors: string[] = [];
  if (env.BREAKERS) {
    const remote = durableBreakerRemote(env.BREAKERS);
    const providers = [...new Set([...(opts.providers ?? []), ...board.providers()])];
    await Promise.all(
      providers.map((p) =>
        remote.pull(p).then(
          (records) => board.adopt(p, records),
          (err: unknown) => errors.push(`${p}: ${err instanceof Error ? err.message : String(err)}`),
        ),
      ),
    );
  }
  const source = env.BREAKERS && errors.length === 0 ? "durable_object" : "isolate";
  const report: BreakerStatusReport = {
    source,
    breakers: board.snapshot(opts.now ?? Date.now(), cfg),
    sync: { ...board.stats },
  };
  if (errors.length) report.errors = errors;
  return report;
}
