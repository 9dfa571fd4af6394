import type { ClassifierFaultMode } from "./answer";

/** One kind of misbehaviour the simulator can put on a response. */
export type Fault =
  | { kind: "status"; status: number; retryAfterMs?: number }
  | { kind: "context_length" }
  | { kind: "latency"; ms: number }
  | { kind: "chunk_delay"; ms: number }
  | { kind: "cut"; after: number }
  | { kind: "malformed"; after: number }
  | { kind: "stream_error"; after: number }
  | { kind: "hang" }
  | { kind: "classifier"; mode: ClassifierFaultMode };

/** A fault with how often it fires: `rate` of the requests (spread evenly), at most `count` times. */
export interface FaultRule {
  fault: Fault;
  rate?: number;
  count?: number;
}

/** Everything that goes wrong with one response, merged from the header, the model suffix and the registry. */
export interface FaultPlan {
  status?: { status: number; retryAfterMs?: number };
  contextLength: boolean;
  latencyMs: number;
  chunkDelayMs: number;
  cutAfter?: number;
  malformedAfter?: number;
  streamErrorAfter?: number;
  hang: boolean;
  classifier?: ClassifierFaultMode;
  /** Kinds that fired, for the stats. */
  fired: string[];
}

const CLASSIFIER_MODES = new Set<string>(["garbage", "truncated", "unknown", "low"]);
const TOKEN = /^([a-z_-]+?)(\d+)?(?::([\w.-]+))?(?:@(\d*\.?\d+)(%?))?(?:\*(\d+))?$/i;

/**
 * Parses one fault token, e.g. `fail429:1500`, `fail503@30%`, `cut3`, `latency200*2`,
 * `classifier:garbage`. Throws on anything it does not know.
 */
export function parseFaultToken(token: string): FaultRule {
  const m = TOKEN.exec(token.trim());
  if (!m) throw new Error(`unknown fault "${token}"`);
  const [, rawName, digits, arg, rateNum, pct, count] = m;
  const name = rawName.toLowerCase().replace(/[-_]/g, "");
  const n = digits ?? arg;
  const int = (dflt: number) => (n !== undefined && /^\d+$/.test(n) ? Number(n) : dflt);
  const fault = faultFor(name, n, arg, int);
  if (!fault) throw new Error(`unknown fault "${token}"`);
  const rule: FaultRule = { fault };
  if (rateNum !== undefined) rule.rate = Math.min(1, Number(rateNum) / (pct ? 100 : 1));
  if (count !== undefined) rule.count = Number(count);
  return rule;
}

function faultFor(
  name: string,
  n: string | undefined,
  arg: string | undefined,
  int: (d: number) => number,
): Fault | undefined {
  switch (name) {
    case "fail":
    case "status": {
      const status = digitsOr(n, 500);
      const retry = arg !== undefined && n !== arg ? Number(arg) : undefined;
      return {
        kind: "status",
        status,
        ...(retry !== undefined && !Number.isNaN(retry) ? { retryAfterMs: retry } : {}),
      };
    }
    case "ratelimit":
      return { kind: "status", status: 429, retryAfterMs: int(1000) };
    case "overloaded":
      return { kind: "status", status: 529 };
    case "ctx":
    case "context":
    case "contextlength":
      return { kind: "context_length" };
    case "latency":
      return { kind: "latency", ms: int(1000) };
    case "slow":
    case "chunkdelay":
      return { kind: "chunk_delay", ms: int(100) };
    case "cut":
      return { kind: "cut", after: int(2) };
    case "malformed":
    case "badjson":
      return { kind: "malformed", after: int(1) };
    case "streamerror":
      return { kind: "stream_error", after: int(2) };
    case "hang":
      return { kind: "hang" };
    case "badclassifier":
      return { kind: "classifier", mode: "garbage" };
    case "classifier":
      return arg && CLASSIFIER_MODES.has(arg) ? { kind: "classifier", mode: arg as ClassifierFaultMode } : undefined;
    default:
      return undefined;
  }
}

function digitsOr(n: string | undefined, dflt: number): number {
  return n !== undefined && /^\d+$/.test(n) ? Number(n) : dflt;
}

/** Parses a list of tokens separated by `~` or `,` (a model suffix or an `x-sim-fault` header). */
export function parseFaultList(spec: string): FaultRule[] {
  return spec
    .split(/[~,]/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map(parseFaultToken);
}

/** Adds one fault that fired to a plan. The first status-like fault wins. */
export function applyFault(plan: FaultPlan, fault: Fault): void {
  plan.fired.push(fault.kind === "status" ? `status_${fault.status}` : fault.kind);
  switch (fault.kind) {
    case "status":
      plan.status ??= { status: fault.status, retryAfterMs: fault.retryAfterMs };
      break;
    case "context_length":
      plan.contextLength = true;
      break;
    case "latency":
      plan.latencyMs += fault.ms;
      break;
    case "chunk_delay":
      plan.chunkDelayMs += fault.ms;
      break;
    case "cut":
      plan.cutAfter = fault.after;
      break;
    case "malformed":
      plan.malformedAfter = fault.after;
      break;
    case "stream_error":
      plan.streamErrorAfter = fault.after;
      break;
    case "hang":
      plan.hang = true;
      break;
    case "classifier":
      plan.classifier = fault.mode;
      break;
  }
}

/** An empty plan: nothing goes wrong. */
export function emptyPlan(): FaultPlan {
  return { contextLength: false, latencyMs: 0, chunkDelayMs: 0, hang: false, fired: [] };
}
