/** Printing audit rows as terminal tables. */
import Table from "cli-table3";
import pc from "picocolors";
import type { Row } from "./audit-d1";

const RATIO = /(_pct|_rate|_share)$/;
const USD = /(usd|cost_per_request|cost_per_useful_output)$/;

/** One cell: ratios as percentages, dollar amounts with enough digits for fractions of a cent. */
export function formatCell(column: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return pc.dim("–");
  if (typeof value !== "number") return String(value);
  if (RATIO.test(column)) return `${(value * 100).toFixed(1)}%`;
  if (USD.test(column)) return Math.abs(value) >= 1 ? `$${value.toFixed(2)}` : `$${value.toPrecision(3)}`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** Renders rows as a table under a title (or says there is nothing), dropping `omit` columns. */
export function renderTable(title: string, rows: Row[], omit: string[] = []): string {
  const heading = pc.bold(title);
  if (rows.length === 0) return `${heading}\n${pc.dim("  no data in this window")}\n`;
  const columns = Object.keys(rows[0]).filter((c) => !omit.includes(c));
  const table = new Table({ head: columns, style: { head: ["cyan"] } });
  for (const row of rows) table.push(columns.map((c) => formatCell(c, row[c])));
  return `${heading}\n${table.toString()}\n`;
}
