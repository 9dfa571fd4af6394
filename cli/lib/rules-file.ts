/** Reading a routing config file (YAML with comments, or JSON) and pointing issues at its lines. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument, isNode } from "yaml";
import type { Issue } from "../../src/rules/validate";
import { PROJECT_ROOT } from "./wrangler";

export const DEFAULT_RULES_FILE = path.join(PROJECT_ROOT, "rules", "router.yaml");
export const DEFAULT_CONFIG_JSON = path.join(PROJECT_ROOT, "src", "config", "default-config.json");
export const SCHEMA_FILE = path.join(PROJECT_ROOT, "rules", "router.schema.json");

export interface LoadedFile {
  file: string;
  /** The parsed document; undefined when the file does not parse. */
  doc?: unknown;
  /** Syntax errors, with `line:col` as their path. */
  errors: Issue[];
  /** Where an issue path such as `rules[3].when` sits in the file ("router.yaml:142"), when known. */
  locate(issuePath: string): string | undefined;
}

/** Splits `rules[3].when.all[1]` / `categories["a/b"]` back into keys. */
export function parseIssuePath(p: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const m of p.matchAll(/\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|([^.[\]]+)/g)) {
    if (m[1] !== undefined) keys.push(Number(m[1]));
    else if (m[2] !== undefined) keys.push(JSON.parse(`"${m[2]}"`));
    else keys.push(m[3]);
  }
  return keys;
}

/**
 * Loads a YAML or JSON config file (by extension; YAML also reads JSON).
 * @example const { doc, errors, locate } = await loadConfigFile("rules/router.yaml")
 */
export async function loadConfigFile(file: string): Promise<LoadedFile> {
  const source = await readFile(file, "utf8");
  const name = path.basename(file);
  const lines = new LineCounter();
  const yamlDoc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const errors: Issue[] = yamlDoc.errors.map((e) => {
    const at = e.linePos?.[0];
    return { path: at ? `${name}:${at.line}:${at.col}` : name, message: e.message.split("\n")[0] };
  });
  const locate = (issuePath: string) => {
    const keys = parseIssuePath(issuePath);
    for (let n = keys.length; n > 0; n--) {
      const node = yamlDoc.getIn(keys.slice(0, n), true);
      if (isNode(node) && node.range) return `${name}:${lines.linePos(node.range[0]).line}`;
    }
    return undefined;
  };
  if (errors.length) return { file, errors, locate };
  return { file, doc: yamlDoc.toJS({ maxAliasCount: 100 }), errors, locate };
}
