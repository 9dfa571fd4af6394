/** Writing a calibrated config as YAML with comments (the header table and one line per rule). */
import path from "node:path";
import { Document, isMap, isSeq } from "yaml";
import type { CalibratedConfig } from "../../eval/calibrate-config";
import { SCHEMA_FILE } from "./rules-file";

const comment = (text: string) =>
  text
    .split("\n")
    .map((l) => (l ? ` ${l}` : ""))
    .join("\n");

/**
 * The calibrated config as YAML: the editor schema line, the header (what was measured, the
 * guard, the per-category table), and a comment above each rule saying why it routes as it does.
 * @example await writeFile(out, calibratedYaml(calibratedConfig(input), out))
 */
export function calibratedYaml(cfg: CalibratedConfig, outFile: string): string {
  const doc = new Document(cfg.doc, { aliasDuplicateObjects: false });
  const schema = path
    .relative(path.dirname(path.resolve(outFile)), SCHEMA_FILE)
    .split(path.sep)
    .join("/");
  doc.commentBefore = comment(`yaml-language-server: $schema=${schema}\n\n${cfg.header}`);
  const rules = doc.get("rules", true);
  if (isSeq(rules)) {
    rules.items.forEach((node) => {
      if (!isMap(node)) return;
      const id = String(node.get("id"));
      const text = cfg.ruleComments.get(id);
      if (text) node.commentBefore = comment(text);
    });
  }
  return doc.toString({ lineWidth: 120 });
}
