/**
 * The routing config CLI: `npm run rules -- <command>`.
 *   validate [file]                    schema, references, regex safety, documentation (exit 1 on errors)
 *   build [file]                       YAML → src/config/default-config.json + rules/router.schema.json
 *   schema                             print the JSON Schema
 *   diff [file] [--remote]             the live config (KV) against the file
 *   push [file] [--remote] [--note N] [--override REASON]   validate strictly, gate, archive, publish
 *   history [--remote]                 the versions kept in KV
 *   rollback [--to VERSION] [--remote] republish a version from history
 * KV commands are local (wrangler's local state) unless --remote is given.
 */
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import pc from "picocolors";
import { configText, configVersion } from "../src/config/default-config";
import { validateConfig } from "../src/rules/validate";
import { validateStrict } from "./lib/regex-safety";
import { diffConfigs } from "./lib/rules-diff";
import { DEFAULT_CONFIG_JSON, DEFAULT_RULES_FILE, loadConfigFile, SCHEMA_FILE } from "./lib/rules-file";
import { KV_ACTIVE, rulesKv, type RulesKv } from "./lib/rules-kv";
import { evalGate } from "./lib/eval-gate";
import { publish, publishGates, readMeta, runPublishGates, type PublishCandidate } from "./lib/rules-publish";
import { recordConfigVersion } from "./lib/rules-d1";
import { printDiff, printIssues } from "./lib/rules-report";
import { routerConfigJsonSchema } from "./lib/rules-schema";

const OPTIONS = {
  remote: { type: "boolean", default: false },
  local: { type: "boolean", default: false },
  "persist-to": { type: "string" },
  note: { type: "string" },
  override: { type: "string" },
  to: { type: "string" },
  out: { type: "string" },
} as const;

publishGates.push(evalGate());

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

/** Loads and strictly validates a file; prints the report; undefined when it has errors. */
async function loadValid(file: string, quiet = false): Promise<PublishCandidate | undefined> {
  const loaded = await loadConfigFile(file);
  if (!loaded.doc) {
    printIssues(loaded.errors, []);
    return undefined;
  }
  const report = validateStrict(loaded.doc);
  if (!quiet || !report.ok) printIssues(report.errors, report.warnings, loaded.locate);
  if (!report.config) return undefined;
  const text = configText(loaded.doc);
  return { config: report.config, text, version: await configVersion(text) };
}

function kvFor(values: Values): RulesKv {
  if (values.remote && values.local) throw new Error("--local and --remote exclude each other");
  const kv = rulesKv({ remote: values.remote, persistTo: values["persist-to"] });
  console.log(pc.dim(`KV: ${values.remote ? "remote (Cloudflare)" : "local (wrangler state)"}`));
  return kv;
}

async function liveConfig(kv: RulesKv) {
  const text = await kv.get(KV_ACTIVE);
  if (text === null) return { text, config: undefined };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    console.log(pc.yellow("the live config is not JSON: every rule counts as new"));
    return { text, config: undefined };
  }
  const report = validateConfig(doc);
  if (!report.config)
    console.log(
      pc.yellow(`the live config is invalid (${report.errors.length} errors): the Worker serves its last good version`),
    );
  return { text, config: report.config };
}

async function cmdBuild(file: string): Promise<number> {
  const candidate = await loadValid(file);
  if (!candidate) return 1;
  await writeFile(DEFAULT_CONFIG_JSON, `${candidate.text}\n`);
  await writeFile(SCHEMA_FILE, `${JSON.stringify(routerConfigJsonSchema(), null, 2)}\n`);
  const rel = (p: string) => path.relative(process.cwd(), p);
  console.log(`wrote ${rel(DEFAULT_CONFIG_JSON)} (builtin-${candidate.version}) and ${rel(SCHEMA_FILE)}`);
  return 0;
}

/** The file (strictly valid) and the live config side by side; undefined when the file has errors. */
async function fileAndLive(file: string, values: Values) {
  const candidate = await loadValid(file, true);
  if (!candidate) return undefined;
  const kv = kvFor(values);
  return { candidate, kv, live: await liveConfig(kv) };
}

async function cmdDiff(file: string, values: Values): Promise<number> {
  const both = await fileAndLive(file, values);
  if (!both) return 1;
  const { candidate, live } = both;
  console.log(`live ${live.text === null ? "(empty)" : await configVersion(live.text)} → file ${candidate.version}`);
  printDiff(live.text === candidate.text ? [] : diffConfigs(live.config, candidate.config));
  return 0;
}

async function cmdPush(file: string, values: Values): Promise<number> {
  const both = await fileAndLive(file, values);
  if (!both) return 1;
  const { candidate, kv, live } = both;
  if (live.text !== candidate.text) printDiff(diffConfigs(live.config, candidate.config));
  const gates = await runPublishGates(candidate, { text: live.text, kv });
  for (const g of gates) console.log(`${g.ok ? pc.green("pass") : pc.red("FAIL")} ${g.gate}: ${g.message}`);
  if (gates.some((g) => !g.ok) && !values.override) {
    console.log(pc.red('not published: a gate failed (publish anyway with --override "reason")'));
    return 1;
  }
  const failed = gates.some((g) => !g.ok);
  const outcome = await publish(kv, candidate, {
    pushedBy: pushedBy(),
    ...(values.note ? { note: values.note } : {}),
    ...(failed && values.override ? { override: values.override } : {}),
  });
  await reportOutcome(outcome, candidate.text, values);
  return 0;
}

async function reportOutcome(outcome: Awaited<ReturnType<typeof publish>>, text: string, values: Values) {
  if (outcome.status === "unchanged") {
    console.log(`${outcome.version} is already active: nothing written`);
    return;
  }
  if (outcome.previous) console.log(`archived ${outcome.previous} as ${outcome.historyKey}`);
  console.log(
    pc.green(`published ${outcome.version}`) +
      pc.dim(" (isolates pick it up within their 30 s cache; KV takes up to ~60 s to reach every location)"),
  );
  if (!outcome.meta) return;
  const d1 = await recordConfigVersion(outcome.meta, text, { remote: values.remote, persistTo: values["persist-to"] });
  if (d1.ok) console.log(pc.dim("recorded in D1 config_versions"));
  else
    console.log(
      pc.yellow(
        `warning: not recorded in D1 config_versions (${d1.error}); apply migrations with wrangler d1 migrations apply DB`,
      ),
    );
}

async function cmdHistory(values: Values): Promise<number> {
  const kv = kvFor(values);
  const [entries, meta, active] = await Promise.all([kv.history(), readMeta(kv), kv.get(KV_ACTIVE)]);
  const table = new Table({ head: ["", "version", "pushed at", "by", "note", "replaced at"] });
  if (active !== null) {
    const version = await configVersion(active);
    const m = meta?.version === version ? meta : undefined;
    table.push(["active", version, m?.pushedAt ?? "", m?.pushedBy ?? "", m?.note ?? "", ""]);
  }
  for (const e of entries) {
    table.push(["", e.version, e.meta?.pushedAt ?? "", e.meta?.pushedBy ?? "", e.meta?.note ?? "", e.archivedAt]);
  }
  console.log(
    active === null && entries.length === 0
      ? "nothing published yet (the Worker serves its built-in config)"
      : table.toString(),
  );
  return 0;
}

async function cmdRollback(values: Values): Promise<number> {
  const kv = kvFor(values);
  const active = await kv.get(KV_ACTIVE);
  const activeVersion = active === null ? undefined : await configVersion(active);
  const entries = await kv.history();
  const entry = values.to
    ? entries.find((e) => e.version === values.to)
    : entries.find((e) => e.version !== activeVersion);
  if (!entry) {
    console.error(values.to ? `version ${values.to} is not in history` : "no earlier version in history");
    return 1;
  }
  const text = await kv.get(entry.key);
  if (text === null || (await configVersion(text)) !== entry.version) {
    console.error(`history entry ${entry.key} is missing or does not match its version`);
    return 1;
  }
  const report = validateStrict(JSON.parse(text));
  printIssues(report.errors, report.warnings);
  if (!report.config) return 1;
  const outcome = await publish(
    kv,
    { config: report.config, text, version: entry.version },
    {
      pushedBy: pushedBy(),
      note: values.note ?? `rollback to ${entry.version}`,
      ...(activeVersion ? { rollbackOf: activeVersion } : {}),
    },
  );
  await reportOutcome(outcome, text, values);
  return 0;
}

function pushedBy(): string {
  return process.env.USER ?? process.env.USERNAME ?? os.userInfo().username;
}

const USAGE = `usage: npm run rules -- <validate|build|schema|diff|push|history|rollback> [file] [--remote] [--note TEXT] [--override REASON] [--to VERSION]`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, fileArg] = positionals;
  const file = path.resolve(fileArg ?? DEFAULT_RULES_FILE);
  switch (command) {
    case "validate":
      return (await loadValid(file)) ? 0 : 1;
    case "build":
      return cmdBuild(file);
    case "schema": {
      const text = `${JSON.stringify(routerConfigJsonSchema(), null, 2)}\n`;
      if (values.out) await writeFile(values.out, text);
      else process.stdout.write(text);
      return 0;
    }
    case "diff":
      return cmdDiff(file, values);
    case "push":
      return cmdPush(file, values);
    case "history":
      return cmdHistory(values);
    case "rollback":
      return cmdRollback(values);
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(pc.red((e as Error).message));
    process.exit(1);
  },
);
