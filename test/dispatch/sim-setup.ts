import { dispatch, type DispatchInput, type DispatchResult } from "../../src/dispatch";
import { BreakerBoard } from "../../src/dispatch/breaker/store";
import { simResolver, targetsOf, type SimModel } from "../../sim/dispatch-targets";

export interface SimRunner {
  run(over?: Partial<Omit<DispatchInput, "deps">>): Promise<DispatchResult>;
  board: BreakerBoard;
}

/** Dispatches over the simulator with one breaker board shared by every run (one "isolate"). */
export function simRunner(
  simUrl: string,
  models: SimModel[],
  base: Partial<Omit<DispatchInput, "deps">> = {},
  now?: () => number,
): SimRunner {
  const board = new BreakerBoard();
  const resolve = simResolver(simUrl, models);
  const run = (over: Partial<Omit<DispatchInput, "deps">> = {}) =>
    dispatch({
      req: {
        model: "auto",
        messages: [{ role: "user", content: "Say something short about failover." }],
        max_tokens: 40,
      },
      stream: false,
      targets: targetsOf(models),
      ...base,
      ...over,
      deps: { resolve, breakers: board.session(), now },
    });
  return { run, board };
}

/** A unique model-name prefix per test, so that tests sharing the simulator do not share counters. */
export const uniq = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`;
