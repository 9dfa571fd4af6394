/**
 * `npm run audit -- [report] [--local|--remote] [--since 30d] [--persist-to DIR] [--json]`
 * Runs the audits/*.sql reports against D1 through wrangler and prints them as tables.
 * Reports: cost (per rule, category and model), rules, categories, models, savings, providers,
 * overhead, config-versions, quarterly (the routing guide's quarterly audit: 90 days by default),
 * summary (the default: cost per rule, savings, providers, overhead).
 */
import { parseArgs } from "node:util";
import pc from "picocolors";
import { auditSql, parseSpan, queryD1, runAsCli, type D1Target, type Row, type Span } from "./audit-d1";
import { renderTable } from "./audit-table";

interface Section {
  file: string;
  title: string;
  /** For cost-quality.sql: keep one grouping. */
  dimension?: "rule" | "category" | "model";
}

const COST = (dimension: "rule" | "category" | "model", title: string): Section => ({
  file: "cost-quality",
  title,
  dimension,
});
const SECTIONS = {
  rules: COST("rule", "Cost and quality per rule"),
  categories: COST("category", "Cost and quality per task category"),
  models: COST("model", "Cost and quality per served model"),
  savings: { file: "savings", title: "Savings against the all-premium baseline" },
  providers: { file: "providers", title: "Providers: errors, latency, failover" },
  overhead: { file: "overhead", title: "Router overhead and time to first byte" },
  "config-versions": { file: "config-versions", title: "Routing configs pushed" },
  destinations: { file: "quarterly", title: "Routing destinations vs their validation" },
} satisfies Record<string, Section>;
type SectionName = keyof typeof SECTIONS;

export const REPORTS: Record<string, { sections: SectionName[]; defaultSince?: string }> = {
  summary: { sections: ["rules", "savings", "providers", "overhead"] },
  cost: { sections: ["rules", "categories", "models"] },
  rules: { sections: ["rules"] },
  categories: { sections: ["categories"] },
  models: { sections: ["models"] },
  savings: { sections: ["savings"] },
  providers: { sections: ["providers"] },
  overhead: { sections: ["overhead"] },
  "config-versions": { sections: ["config-versions"] },
  quarterly: {
    sections: ["destinations", "rules", "categories", "models", "savings", "providers", "overhead", "config-versions"],
    defaultSince: "90d",
  },
};

/** Runs one report's sections; rows per section title. */
export async function runReport(
  report: string,
  target: D1Target,
  span?: Span,
): Promise<{ title: string; rows: Row[] }[]> {
  const spec = REPORTS[report];
  if (!spec) throw new Error(`unknown report '${report}'; one of: ${Object.keys(REPORTS).join(", ")}`);
  const window = span ?? (spec.defaultSince ? parseSpan(spec.defaultSince) : undefined);
  const sections = spec.sections.map((name): Section => SECTIONS[name]);
  const statements = await Promise.all(
    sections.map(async (section) => {
      const sql = await auditSql(section.file, window);
      return section.dimension
        ? `SELECT * FROM (${sql.replace(/;\s*$/, "")}) WHERE dimension = '${section.dimension}'`
        : sql;
    }),
  );
  const results = await queryD1(statements, target);
  return sections.map((section, i) => ({
    title: section.title,
    rows: section.dimension ? results[i].map((r) => namedValue(r, section.dimension!)) : results[i],
  }));
}

/** cost-quality rows as { rule: "x", … } instead of { dimension: "rule", value: "x", … }. */
function namedValue({ dimension: _d, value, ...rest }: Row, name: string): Row {
  return { [name]: value, ...rest };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      local: { type: "boolean", default: false },
      remote: { type: "boolean", default: false },
      since: { type: "string" },
      "persist-to": { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      `npm run audit -- [${Object.keys(REPORTS).join("|")}] [--local|--remote] [--since 30d] [--persist-to DIR] [--json]`,
    );
    return 0;
  }
  if (values.local && values.remote) throw new Error("choose one of --local and --remote");
  const report = positionals[0] ?? "summary";
  const span = values.since ? parseSpan(values.since) : undefined;
  const target = { remote: values.remote, persistTo: values["persist-to"] };
  const sections = await runReport(report, target, span);
  if (values.json) {
    console.log(JSON.stringify(sections, null, 2));
    return 0;
  }
  const since = values.since ?? REPORTS[report].defaultSince ?? "30d";
  console.log(pc.dim(`${report} · last ${since} · ${target.remote ? "remote" : "local"} D1\n`));
  for (const { title, rows } of sections) console.log(renderTable(title, rows));
  return 0;
}

runAsCli(import.meta.url, "audit", main);
