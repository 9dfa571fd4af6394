/** Running audit SQL against the local or remote D1 through wrangler, for the audit and drift CLIs. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pc from "picocolors";
import { z } from "zod";
import { PROJECT_ROOT, runWrangler, wranglerTargetFlags } from "./lib/wrangler";

export const AUDITS_DIR = path.join(PROJECT_ROOT, "audits");

export interface D1Target {
  remote: boolean;
  /** Local state directory (wrangler --persist-to), e.g. the one `npm start` or a test uses. */
  persistTo?: string;
}

export interface Span {
  /** SQLite date modifier, e.g. "-30 days". */
  modifier: string;
  ms: number;
}

const UNITS: Record<string, [string, number]> = {
  h: ["hours", 3_600_000],
  d: ["days", 86_400_000],
  w: ["days", 7 * 86_400_000],
};

/**
 * Parses a span such as "30d", "12h" or "2w".
 * @example parseSpan("7d") // { modifier: "-7 days", ms: 604800000 }
 */
export function parseSpan(text: string): Span {
  const m = /^(\d+)([hdw])$/.exec(text.trim());
  if (!m || Number(m[1]) === 0) throw new Error(`not a time span: '${text}' (use e.g. 12h, 30d, 2w)`);
  const [unit, unitMs] = UNITS[m[2]];
  const n = Number(m[1]) * (m[2] === "w" ? 7 : 1);
  return { modifier: `-${n} ${unit}`, ms: Number(m[1]) * unitMs };
}

const WINDOW = /unixepoch\('now', '-\d+ (?:days|hours)'\)/g;

/** An audit file's SQL with its window replaced (each file has exactly one `unixepoch('now', '-N days')`). */
export function withWindow(sql: string, span?: Span): string {
  const found = sql.match(WINDOW) ?? [];
  if (found.length !== 1)
    throw new Error(`an audit file needs exactly one unixepoch('now', '-N days') window, found ${found.length}`);
  return span ? sql.replace(WINDOW, `unixepoch('now', '${span.modifier}')`) : sql;
}

/** Drops `--` comment lines: `--command` takes one statement and comments only add bytes. */
export function stripComments(sql: string): string {
  return sql
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n")
    .trim();
}

/** Reads audits/<name>.sql with its window set. */
export async function auditSql(name: string, span?: Span): Promise<string> {
  const sql = await readFile(path.join(AUDITS_DIR, `${name}.sql`), "utf8");
  return withWindow(stripComments(sql), span);
}

const ExecuteOutput = z.array(z.object({ results: z.array(z.record(z.string(), z.unknown())), success: z.boolean() }));

export type Row = Record<string, unknown>;

/**
 * Runs SQL statements in one `wrangler d1 execute DB --json --command` (locally by default) and
 * returns each statement's rows. `--command` rather than `--file`: with --remote, --file goes
 * through D1's import API, which returns no rows.
 */
export async function queryD1(statements: string[], target: D1Target): Promise<Row[][]> {
  const sql = statements.map((s) => s.trim().replace(/;$/, "")).join(";\n");
  const { stdout } = await runWrangler([
    "d1",
    "execute",
    "DB",
    ...wranglerTargetFlags(target),
    "--json",
    "--command",
    sql,
  ]);
  const parsed = ExecuteOutput.safeParse(JSON.parse(stdout));
  if (!parsed.success || parsed.data.length !== statements.length) {
    throw new Error(`unexpected output from wrangler d1 execute: ${stdout.slice(0, 300)}`);
  }
  if (parsed.data.some((r) => !r.success)) throw new Error("wrangler d1 execute reported a failed statement");
  return parsed.data.map((r) => r.results);
}

/** Runs `main` when `moduleUrl` is the script node was started with; its result is the exit code, 2 on error. */
export function runAsCli(moduleUrl: string, name: string, main: () => Promise<number>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? "").href) return;
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(pc.red(`${name}: ${err instanceof Error ? err.message : String(err)}`));
      process.exit(2);
    },
  );
}
