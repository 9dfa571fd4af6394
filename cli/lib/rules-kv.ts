/** The routing config's KV keys, read and written through the project's wrangler (`kv key ...`). */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { KV_ACTIVE, KV_HISTORY_PREFIX, KV_META } from "../../src/rules/store";
import { runWrangler, wranglerTargetFlags, type WranglerResult } from "./wrangler";

/** `config:meta`: who published the active version, when and why. */
export interface ConfigMeta {
  version: string;
  pushedAt: string;
  pushedBy: string;
  note?: string;
  /** Why a failing publish gate (e.g. the eval gate) was overridden, when one was. */
  override?: string;
  rollbackOf?: string;
}

export interface HistoryEntry {
  key: string;
  /** When the version was replaced (ISO). */
  archivedAt: string;
  version: string;
  meta?: Partial<ConfigMeta>;
}

export interface KvTarget {
  remote: boolean;
  /** Local only: the directory of the local state (tests use a temporary one). */
  persistTo?: string;
}

export type WranglerRunner = (args: string[], opts?: { allowFailure?: boolean }) => Promise<WranglerResult>;

export interface RulesKv {
  target: KvTarget;
  get(key: string): Promise<string | null>;
  put(key: string, value: string, metadata?: object): Promise<void>;
  history(): Promise<HistoryEntry[]>;
}

/** `config:history:<iso>:<version>` for a version replaced at `at`. */
export function historyKey(at: Date, version: string): string {
  return `${KV_HISTORY_PREFIX}${at.toISOString()}:${version}`;
}

/** Parses a history key; undefined for keys not in that shape. */
export function parseHistoryKey(key: string): { archivedAt: string; version: string } | undefined {
  if (!key.startsWith(KV_HISTORY_PREFIX)) return undefined;
  const rest = key.slice(KV_HISTORY_PREFIX.length);
  const cut = rest.lastIndexOf(":");
  return cut > 0 ? { archivedAt: rest.slice(0, cut), version: rest.slice(cut + 1) } : undefined;
}

/**
 * KV access for the RULES binding, local by default (`--remote` is explicit, never implied).
 * @example const kv = rulesKv({ remote: false }); const text = await kv.get("config:active")
 */
export function rulesKv(target: KvTarget, run: WranglerRunner = runWrangler): RulesKv {
  const flags = wranglerTargetFlags(target);
  return {
    target,
    async get(key) {
      const { stdout } = await run(["kv", "key", "get", "--binding", "RULES", key, "--text", ...flags]);
      if (stdout.trim() === "Value not found") return null;
      return stdout.endsWith("\n") ? stdout.slice(0, -1) : stdout;
    },
    async put(key, value, metadata) {
      const dir = await mkdtemp(path.join(tmpdir(), "rules-kv-"));
      try {
        const file = path.join(dir, "value.json");
        await writeFile(file, value);
        const meta = metadata ? ["--metadata", JSON.stringify(metadata)] : [];
        await run(["kv", "key", "put", "--binding", "RULES", key, "--path", file, ...meta, ...flags]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async history() {
      const { stdout } = await run([
        "kv",
        "key",
        "list",
        "--binding",
        "RULES",
        "--prefix",
        KV_HISTORY_PREFIX,
        ...flags,
      ]);
      const keys = JSON.parse(stdout.slice(stdout.indexOf("["))) as { name: string; metadata?: Partial<ConfigMeta> }[];
      return keys
        .flatMap((k) => {
          const parsed = parseHistoryKey(k.name);
          return parsed ? [{ key: k.name, ...parsed, meta: k.metadata }] : [];
        })
        .sort((a, b) => b.archivedAt.localeCompare(a.archivedAt));
    },
  };
}

export { KV_ACTIVE, KV_META };
