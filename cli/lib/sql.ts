/** SQL text for the CLIs' D1 statements (wrangler d1 execute --command / --file). */

export type SqlValue = string | number | null | undefined;

/**
 * A SQL literal: NULL for null, undefined and non-finite numbers; quotes doubled in strings.
 * @example sqlLiteral("it's") // "'it''s'"
 */
export function sqlLiteral(v: SqlValue): string {
  if (v === undefined || v === null) return "NULL";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "NULL";
  return `'${v.replaceAll("'", "''")}'`;
}
