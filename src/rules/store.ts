import type { RouterConfig } from "../config/schema";
import { configText, configVersion, DEFAULT_CONFIG } from "../config/default-config";
import { compileConfig, type CompiledConfig } from "./compile";
import type { Issue } from "./issues";
import { validateConfig } from "./validate";

/** KV keys of the routing config (docs/rules.md describes the layout). */
export const KV_ACTIVE = "config:active";
export const KV_META = "config:meta";
export const KV_HISTORY_PREFIX = "config:history:";

export interface ActiveConfig {
  config: RouterConfig;
  compiled: CompiledConfig;
  /** Short SHA-256 of the KV text, or "builtin-<hash>" for the built-in default. */
  version: string;
  /** "last-good": KV holds a newer version that failed validation; this one keeps serving. */
  source: "kv" | "builtin" | "last-good";
  /** When this version was loaded into the isolate (ms since epoch). */
  loadedAt: number;
}

export interface RulesStatus {
  active: { version: string; source: ActiveConfig["source"]; loadedAt: number };
  lastError?: { version: string; errors: Issue[]; at: number };
}

export interface RulesStoreOptions {
  /** How long a loaded config is served before KV is read again (default 30 s). */
  ttlMs?: number;
  /** The document served when KV is empty (default: the built-in config). */
  builtin?: unknown;
  log?: (message: string) => void;
}

export interface RulesStore {
  get(kv: KVNamespace, now?: number): Promise<ActiveConfig>;
  status(): RulesStatus | undefined;
}

/**
 * A config cache for one isolate: reads `config:active` at most once per TTL (a failed read waits
 * for the next TTL too), validates and compiles each new version once, keeps the last good version
 * when a new one is invalid (logging why once per version), and serves the built-in default while
 * KV is empty.
 * @example const store = createRulesStore({ ttlMs: 30_000 }); const { compiled } = await store.get(env.RULES);
 */
export function createRulesStore(opts: RulesStoreOptions = {}): RulesStore {
  const ttlMs = opts.ttlMs ?? 30_000;
  const log = opts.log ?? ((m: string) => console.error(m));
  let active: ActiveConfig | undefined;
  let builtin: ActiveConfig | undefined;
  let checkedAt = -Infinity;
  let lastError: RulesStatus["lastError"];
  let refreshing: Promise<ActiveConfig> | undefined;

  async function loadBuiltin(now: number): Promise<ActiveConfig> {
    if (builtin) return { ...builtin, loadedAt: now };
    const doc = opts.builtin ?? DEFAULT_CONFIG;
    const report = validateConfig(doc);
    if (!report.config) throw new Error(`built-in config is invalid: ${JSON.stringify(report.errors)}`);
    const version = `builtin-${await configVersion(configText(doc))}`;
    builtin = {
      config: report.config,
      compiled: compileConfig(report.config),
      version,
      source: "builtin",
      loadedAt: now,
    };
    return builtin;
  }

  function reject(version: string, errors: Issue[], now: number) {
    if (lastError?.version !== version)
      log(
        `[rules] config ${version} rejected, keeping ${active?.version ?? "builtin"}: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
      );
    lastError = { version, errors, at: lastError?.version === version ? lastError.at : now };
  }

  async function refresh(kv: KVNamespace, now: number): Promise<ActiveConfig> {
    let text: string | null;
    try {
      text = await kv.get(KV_ACTIVE);
    } catch (e) {
      log(`[rules] reading ${KV_ACTIVE} failed: ${(e as Error).message}`);
      return active ?? (await loadBuiltin(now));
    }
    if (text === null) return active?.source === "builtin" ? active : loadBuiltin(now);
    const version = await configVersion(text);
    if (active && active.version === version)
      return active.source === "last-good" ? { ...active, source: "kv" } : active;
    if (lastError?.version === version) return active ?? (await loadBuiltin(now));
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      reject(version, [{ path: "", message: `not JSON: ${(e as Error).message}` }], now);
      return fallback(now);
    }
    const report = validateConfig(doc, { now });
    if (!report.config) {
      reject(version, report.errors, now);
      return fallback(now);
    }
    lastError = undefined;
    return { config: report.config, compiled: compileConfig(report.config), version, source: "kv", loadedAt: now };
  }

  async function fallback(now: number): Promise<ActiveConfig> {
    if (!active) return loadBuiltin(now);
    return active.source === "kv" ? { ...active, source: "last-good" } : active;
  }

  return {
    async get(kv, now = Date.now()) {
      if (active && now - checkedAt < ttlMs) return active;
      refreshing ??= refresh(kv, now).finally(() => (refreshing = undefined));
      const next = await refreshing;
      active = next;
      checkedAt = now;
      return next;
    },
    status() {
      if (!active) return undefined;
      const { version, source, loadedAt } = active;
      return lastError
        ? { active: { version, source, loadedAt }, lastError }
        : { active: { version, source, loadedAt } };
    },
  };
}

const isolateStore = createRulesStore();

/** The isolate's active config (see createRulesStore). */
export function getActiveConfig(kv: KVNamespace, now?: number): Promise<ActiveConfig> {
  return isolateStore.get(kv, now);
}

/** For the admin status endpoint: what is serving, and the last rejected version with its errors. */
export function rulesStatus(): RulesStatus | undefined {
  return isolateStore.status();
}
