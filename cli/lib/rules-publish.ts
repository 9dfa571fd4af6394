/** Publishing a routing config to KV: gates first, then history, active and meta. */
import type { RouterConfig } from "../../src/config/schema";
import { configVersion } from "../../src/config/default-config";
import { historyKey, KV_ACTIVE, KV_META, type ConfigMeta, type RulesKv } from "./rules-kv";

export interface PublishCandidate {
  config: RouterConfig;
  /** The exact JSON text that goes to `config:active`. */
  text: string;
  version: string;
}

export interface GateResult {
  gate: string;
  ok: boolean;
  message: string;
}

/**
 * A check that runs before anything is published (the seam for issue 7's eval gate: compare the
 * candidate's routed models against the premium baseline and refuse a regression).
 */
export type PublishGate = (
  candidate: PublishCandidate,
  live: { text: string | null; kv: RulesKv },
) => Promise<GateResult>;

/** The gates `rules push` runs, in order. Register more with `publishGates.push(gate)`. */
export const publishGates: PublishGate[] = [];

/** Runs every gate; a gate that throws counts as failed. */
export async function runPublishGates(
  candidate: PublishCandidate,
  live: { text: string | null; kv: RulesKv },
  gates: readonly PublishGate[] = publishGates,
): Promise<GateResult[]> {
  const results: GateResult[] = [];
  for (const gate of gates) {
    try {
      results.push(await gate(candidate, live));
    } catch (e) {
      results.push({ gate: gate.name || "gate", ok: false, message: (e as Error).message });
    }
  }
  return results;
}

export interface PublishOutcome {
  status: "published" | "unchanged";
  version: string;
  /** The version moved to history, if any. */
  previous?: string;
  historyKey?: string;
  /** What was written to config:meta, when published. */
  meta?: ConfigMeta;
}

/**
 * Archives the active version under `config:history:<now>:<version>` (with its meta as KV metadata),
 * then writes `config:active` and `config:meta`. Writes nothing when the text is already active.
 */
export async function publish(
  kv: RulesKv,
  candidate: PublishCandidate,
  meta: Omit<ConfigMeta, "version" | "pushedAt">,
  now = new Date(),
): Promise<PublishOutcome> {
  const current = await kv.get(KV_ACTIVE);
  if (current === candidate.text) return { status: "unchanged", version: candidate.version };
  let archived: Pick<PublishOutcome, "previous" | "historyKey"> = {};
  if (current !== null) {
    const previous = await configVersion(current);
    const previousMeta = await readMeta(kv);
    const key = historyKey(now, previous);
    await kv.put(key, current, previousMeta?.version === previous ? previousMeta : { version: previous });
    archived = { previous, historyKey: key };
  }
  await kv.put(KV_ACTIVE, candidate.text);
  const full: ConfigMeta = { version: candidate.version, pushedAt: now.toISOString(), ...meta };
  await kv.put(KV_META, JSON.stringify(full));
  return { status: "published", version: candidate.version, meta: full, ...archived };
}

/** `config:meta`, or undefined when missing or unreadable. */
export async function readMeta(kv: RulesKv): Promise<ConfigMeta | undefined> {
  const text = await kv.get(KV_META);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as ConfigMeta;
  } catch {
    return undefined;
  }
}
