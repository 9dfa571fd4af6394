import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { diffConfigs } from "../../cli/lib/rules-diff";
import { DEFAULT_CONFIG_JSON, DEFAULT_RULES_FILE, SCHEMA_FILE } from "../../cli/lib/rules-file";
import { routerConfigJsonSchema } from "../../cli/lib/rules-schema";
import { PROJECT_ROOT, runWrangler } from "../../cli/lib/wrangler";
import { configText, configVersion } from "../../src/config/default-config";
import { validateConfig } from "../../src/rules/validate";

const run = promisify(execFile);
const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

async function rules(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ["cli/rules.ts", ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "rules-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function yamlWith(mutate: (doc: any) => void): Promise<string> {
  const doc = parse(await readFile(DEFAULT_RULES_FILE, "utf8"));
  mutate(doc);
  const file = path.join(dir, `cfg-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(doc, null, 2));
  return file;
}

describe("generated files stay in sync with rules/router.yaml", () => {
  it("src/config/default-config.json is the YAML, as canonical JSON", async () => {
    const doc = parse(await readFile(DEFAULT_RULES_FILE, "utf8"));
    expect(await readFile(DEFAULT_CONFIG_JSON, "utf8")).toBe(`${configText(doc)}\n`);
  });

  it("rules/router.schema.json is the zod schema's JSON Schema", async () => {
    expect(JSON.parse(await readFile(SCHEMA_FILE, "utf8"))).toEqual(routerConfigJsonSchema());
  });
});

describe("rules validate / build", () => {
  it("validate accepts the default file and prints the documentation warnings", async () => {
    const { code, out } = await rules("validate");
    expect(code).toBe(0);
    expect(out).toMatch(
      /warning rules\[0\] \(router\.yaml:\d+\): rule 'client-requests-premium' undocumented: no validation result/,
    );
    expect(out).toMatch(/0 errors, \d+ warnings/);
  });

  it("validate exits 1 and prints every error with its path and line", async () => {
    const file = path.join(dir, "bad.yaml");
    const src = (await readFile(DEFAULT_RULES_FILE, "utf8"))
      .replace("route: long-context", "route: longer-context")
      .replace("- { inputTokens: { lte: 4000 } }", "- { inputTokens: { lte: four } }");
    await writeFile(file, src);
    const { code, out } = await rules("validate", file);
    expect(code).toBe(1);
    expect(out).toMatch(
      /error {3}rules\[4\]\.when\.all\[1\]\.inputTokens\.lte \(bad\.yaml:\d+\): Invalid input: expected number/,
    );
    expect(out).toMatch(/1 error, 0 warnings/);
  });

  it("reference errors are found once the schema passes", async () => {
    const file = await yamlWith((d) => (d.rules[1].route = "longer-context"));
    const { code, out } = await rules("validate", file);
    expect(code).toBe(1);
    expect(out).toMatch(/error {3}rules\[1\]\.route \(cfg-\w+\.json:\d+\): unknown route 'longer-context'/);
  });

  it("validate rejects a regex that backtracks catastrophically (recheck)", async () => {
    let index = 0;
    const file = await yamlWith((d) => (index = d.categories.code.patterns.push("^(\\w+\\s?)*$") - 1));
    const { code, out } = await rules("validate", file);
    expect(code).toBe(1);
    expect(out).toMatch(new RegExp(`error {3}categories\\.code\\.patterns\\[${index}\\]`));
    expect(out).toMatch(
      /error {3}categories\.code\.patterns\[\d+\] \(cfg-\w+\.json:\d+\): regex can backtrack catastrophically \(exponential\); e\.g\. /,
    );
  });

  it("build regenerates identical files from the committed YAML", async () => {
    const before = await readFile(DEFAULT_CONFIG_JSON, "utf8");
    const { code, out } = await rules("build");
    expect(code).toBe(0);
    const doc = JSON.parse(before);
    expect(out).toContain(`builtin-${await configVersion(configText(doc))}`);
    expect(await readFile(DEFAULT_CONFIG_JSON, "utf8")).toBe(before);
  });
});

describe("diffConfigs", () => {
  const base = validateConfig(parse(readFileSync(DEFAULT_RULES_FILE, "utf8"))).config!;

  it("reads as rules, models and routes added, removed and changed", () => {
    const next = structuredClone(base);
    next.rules = next.rules.filter((r) => r.id !== "short-chat");
    next.rules[0] = { ...next.rules[0], route: "economy" };
    next.rules.push({ ...next.rules[1], id: "new-rule" });
    next.models[1].price.input = 0.2;
    next.routes.premium.fallbacks = ["claude-sonnet-4"];
    const lines = diffConfigs(base, next).map((l) => `${l.kind} ${l.section} ${l.text}`);
    expect(lines).toEqual([
      "+ rules new-rule → long-context",
      "- rules short-chat → economy (disabled)",
      "~ rules client-requests-premium: route: premium → economy",
      "~ models gpt-4o-mini: price.input: 0.15 → 0.2",
      '~ routes premium: fallbacks: ["claude-sonnet-4-5"] → ["claude-sonnet-4"]',
    ]);
  });

  it("reports reordered rules and says so when nothing is live", () => {
    const next = structuredClone(base);
    next.rules.reverse();
    expect(diffConfigs(base, next).map((l) => l.text)).toEqual([
      expect.stringMatching(/^order: client-requests-premium, .* → unknown-to-premium, /),
    ]);
    expect(diffConfigs(undefined, base)).toHaveLength(1);
    expect(diffConfigs(base, structuredClone(base))).toEqual([]);
  });
});

describe("push, history, rollback (local KV in a temporary directory)", () => {
  it("publishes, archives the previous version, and rolls back", { timeout: 420_000 }, async () => {
    const kv = ["--persist-to", path.join(dir, "kv")];
    await runWrangler(["d1", "migrations", "apply", "DB", "--local", ...kv]);
    const first = await rules("push", ...kv, "--note", "first");
    expect(first.code).toBe(0);
    expect(first.out).toContain("KV: local");
    expect(first.out).toContain("recorded in D1 config_versions");
    const v1 = await configVersion(configText(parse(await readFile(DEFAULT_RULES_FILE, "utf8"))));
    expect(first.out).toContain(`published ${v1}`);
    expect((await rules("push", ...kv)).out).toContain(`${v1} is already active: nothing written`);

    const changed = await yamlWith((d) => (d.rules[0].route = "economy"));
    const diff = await rules("diff", changed, ...kv);
    expect(diff.out).toContain("~ client-requests-premium: route: premium → economy");
    const second = await rules("push", changed, ...kv, "--note", "second");
    expect(second.out).toMatch(new RegExp(`archived ${v1} as config:history:\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z:${v1}`));

    const history = await rules("history", ...kv);
    expect(history.out).toMatch(/active .* second/s);
    expect(history.out).toContain(v1);

    const back = await rules("rollback", ...kv);
    expect(back.code).toBe(0);
    expect(back.out).toContain(`published ${v1}`);
    expect((await rules("diff", ...kv)).out).toContain("no changes");
    const rows = await runWrangler([
      "d1",
      "execute",
      "DB",
      "--local",
      ...kv,
      "--json",
      "--command",
      "SELECT version, note FROM config_versions ORDER BY pushed_at",
    ]);
    const versions = (JSON.parse(rows.stdout) as { results: { version: string; note: string }[] }[])[0].results;
    expect(versions.map((r) => r.note)).toEqual(["second", `rollback to ${v1}`]);
  });
});
