import type { z } from "zod";
import { formatPath } from "../core/path";
import { CONDITION_KINDS } from "./conditions";

/** One validation finding: where in the document, and what is wrong. */
export interface Issue {
  /** e.g. `rules[3].when.all[1].inputTokens`; "" for the document itself. */
  path: string;
  message: string;
}

type PathKey = PropertyKey;
type ZodIssue = z.core.$ZodIssue;

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * Turns zod issues into Issues with full paths. A union (a rule condition) reports the failures of
 * the branch the input was meant for (the one named by its key), not "Invalid input".
 */
export function flattenZodIssues(issues: readonly ZodIssue[], input: unknown, base: readonly PathKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      out.push(...unionIssues(issue.errors, input, path));
    } else {
      out.push({ path: formatPath(path), message: issue.message });
    }
  }
  return out;
}

function unionIssues(branches: ZodIssue[][], input: unknown, path: PathKey[]): Issue[] {
  const value = valueAt(input, path);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return [{ path: formatPath(path), message: `a condition is an object with one of: ${CONDITION_KINDS.join(", ")}` }];
  }
  const keys = Object.keys(value);
  const meant = branches.find(
    (b) => b.length > 0 && b.every((i) => i.path.length > 0 && keys.includes(String(i.path[0]))),
  );
  if (meant) return flattenZodIssues(meant, input, path);
  const known = keys.filter((k) => (CONDITION_KINDS as string[]).includes(k) || k === "flags");
  const message =
    keys.length === 0
      ? `empty condition: use one of ${CONDITION_KINDS.join(", ")}`
      : known.length === keys.length
        ? `a condition has exactly one kind (got ${keys.join(", ")})`
        : `unknown condition ${keys.filter((k) => !known.includes(k)).join(", ")}: use one of ${CONDITION_KINDS.join(", ")}`;
  return [{ path: formatPath(path), message }];
}
