/** Records each published config version in D1 `config_versions`, so audits can cite it. */
import { sqlLiteral as sql } from "./sql";
import { runWrangler, wranglerTargetFlags } from "./wrangler";
import type { ConfigMeta } from "./rules-kv";

/**
 * Inserts (or refreshes) the row of a published version. KV stays the source of truth: a D1
 * failure (no migrations applied yet, no database) is reported and never undoes the push.
 */
export async function recordConfigVersion(
  meta: ConfigMeta,
  text: string,
  target: { remote?: boolean; persistTo?: string },
): Promise<{ ok: boolean; error?: string }> {
  const statement =
    "INSERT OR REPLACE INTO config_versions (version, pushed_at, pushed_by, note, override, json) VALUES (" +
    [
      sql(meta.version),
      sql(Date.parse(meta.pushedAt)),
      sql(meta.pushedBy),
      sql(meta.note),
      meta.override ? 1 : 0,
      sql(text),
    ].join(", ") +
    ")";
  const res = await runWrangler(["d1", "execute", "DB", ...wranglerTargetFlags(target), "--command", statement], {
    allowFailure: true,
  });
  return res.code === 0
    ? { ok: true }
    : { ok: false, error: (res.stderr || res.stdout).trim().split("\n").slice(-3).join(" ") };
}
