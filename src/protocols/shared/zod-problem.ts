import type * as z from "zod";

/** One validation problem: where (path from the body's root) and what. */
export interface Problem {
  path: (string | number)[];
  message: string;
  /** The zod issue code, e.g. `invalid_type`, `unrecognized_keys`. */
  code: string;
}

type Issue = z.core.$ZodIssue;

/**
 * The most useful problem in a zod error. Unions report one nested error list per branch; the
 * branch that got furthest (its first issue deepest, not a type mismatch at the branch's root)
 * is the one the client meant, so `input: [{…bad item…}]` is reported at `input[3].call_id`, not
 * as "input: invalid input".
 * @example firstProblem(schema.safeParse(body).error!, ["input", 3]) // { path: ["input", 3, "call_id"], … }
 */
export function firstProblem(error: z.ZodError, prefix: (string | number)[] = []): Problem {
  return fromIssue(error.issues[0] as Issue, prefix);
}

function fromIssue(issue: Issue, prefix: (string | number)[]): Problem {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const best = bestBranch(issue.errors as Issue[][]);
    if (best) return fromIssue(best, path);
    return { path, message: wrongType(issue.errors as Issue[][]), code: "invalid_type" };
  }
  if (issue.code === "unrecognized_keys")
    return { path: [...path, issue.keys[0]], message: "Unknown parameter.", code: issue.code };
  return { path, message: issue.message, code: issue.code };
}

/** The branch whose first issue is not a wrong type at its own root, deepest first. */
function bestBranch(branches: Issue[][]): Issue | undefined {
  let best: Issue | undefined;
  let depth = -1;
  for (const issues of branches) {
    const first = issues[0];
    if (!first) continue;
    const rootMismatch = first.path.length === 0 && first.code === "invalid_type";
    const d = rootMismatch ? -1 : first.path.length + (first.code === "invalid_union" ? 0.5 : 0);
    if (d > depth) {
      depth = d;
      best = first;
    }
  }
  return depth >= 0 ? best : undefined;
}

/** "expected one of string, array, received number" for a value no branch of a union takes. */
function wrongType(branches: Issue[][]): string {
  const expected = branches.map((b) => (b[0] as { expected?: string }).expected).filter(Boolean);
  const received = /received (\w+)$/.exec(branches[0]?.[0]?.message ?? "")?.[1] ?? "another type";
  return `Invalid input: expected ${expected.length > 1 ? `one of ${expected.join(", ")}` : expected[0]}, received ${received}`;
}

/** `input[3].content[0].type`: OpenAI's way of naming a parameter. */
export function openaiPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : `${out ? "." : ""}${key}`;
  return out;
}

/** `messages.1.content.0.type`: Anthropic's way of naming a field. */
export function anthropicPath(path: readonly (string | number)[]): string {
  return path.join(".");
}
