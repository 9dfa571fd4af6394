/** Printing validation reports and diffs for the rules CLI. */
import pc from "picocolors";
import type { Issue } from "../../src/rules/validate";
import type { DiffLine } from "./rules-diff";

/** Prints errors and warnings, each with its path and, when known, its line in the file. */
export function printIssues(
  errors: Issue[],
  warnings: Issue[],
  locate: (path: string) => string | undefined = () => undefined,
  out: (line: string) => void = console.log,
): void {
  const where = (i: Issue) => {
    const at = i.path ? locate(i.path) : undefined;
    return `${i.path || "(document)"}${at ? pc.dim(` (${at})`) : ""}`;
  };
  for (const e of errors) out(`${pc.red("error")}   ${where(e)}: ${e.message}`);
  for (const w of warnings) out(`${pc.yellow("warning")} ${where(w)}: ${w.message}`);
  const summary = `${errors.length} error${errors.length === 1 ? "" : "s"}, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`;
  out(errors.length ? pc.red(summary) : pc.green(summary));
}

/** Prints a config diff grouped by section; "no changes" when empty. */
export function printDiff(lines: DiffLine[], out: (line: string) => void = console.log): void {
  if (lines.length === 0) {
    out(pc.green("no changes"));
    return;
  }
  const colour = { "+": pc.green, "-": pc.red, "~": pc.yellow };
  let section = "";
  for (const l of lines) {
    if (l.section !== section) {
      section = l.section;
      out(pc.bold(section));
    }
    out(colour[l.kind](`  ${l.kind} ${l.text}`));
  }
}
