/** Writing eval results to the D1 `evaluations` table through the project's wrangler. */
import { runWrangler, wranglerTargetFlags, type WranglerResult } from "./wrangler";

export type D1Mode = "local" | "remote" | "off";

export interface D1Options {
  mode: D1Mode;
  /** Local only: wrangler's state directory (tests use a temporary one). */
  persistTo?: string;
  run?: (args: string[]) => Promise<WranglerResult>;
}

/**
 * Executes a generated SQL file against D1: local (migrations applied first, so a fresh checkout
 * works) or remote (the deployed database; its migrations are the deploy's job). "off" does nothing.
 * @example await executeEvaluations("reports/eval-x/evaluations.sql", { mode: "local" })
 */
export async function executeEvaluations(sqlFile: string, opts: D1Options): Promise<string> {
  if (opts.mode === "off") return "D1: off (the SQL is in the file)";
  const run = opts.run ?? ((args: string[]) => runWrangler(args));
  const flags = wranglerTargetFlags({ remote: opts.mode === "remote", persistTo: opts.persistTo });
  if (opts.mode === "local") await run(["d1", "migrations", "apply", "DB", ...flags]);
  await run(["d1", "execute", "DB", "--file", sqlFile, "--yes", ...flags]);
  return `D1 (${opts.mode}): rows inserted into evaluations`;
}
