/**
 * The ReDoS check for `rules validate/push` (Node only: recheck runs a native checker in a worker
 * thread, far too heavy for the Worker). recheck over safe-regex2 because on our measurement set it
 * caught 9 of 10 known-bad patterns (safe-regex2: 7, missing `(a|a)*b`, `(a|aa)+$`, `\d+\d+\d+$`),
 * flagged none of the safe rule-style patterns as exponential (safe-regex2 rejected the linear
 * `^[a-z]+(-[a-z]+)*$`), and it returns an attack string that makes the report actionable.
 * Cost: ~0.5 s to start, then 1–20 ms per pattern; fine for a CLI.
 */
import { checkSync } from "recheck";
import type { RegexSafetyCheck } from "../../src/rules/validate";
import { validateConfig, type ValidateOptions, type ValidationReport } from "../../src/rules/validate";

/** Checks one pattern with recheck; `timeoutMs` bounds the analysis (then "unknown"). */
export function recheckSafety(timeoutMs = 5_000): RegexSafetyCheck {
  return (source, flags) => {
    const d = checkSync(source, flags, { timeout: timeoutMs });
    if (d.status === "vulnerable") {
      return { status: "vulnerable", complexity: d.complexity.type, attack: d.attack.string };
    }
    return { status: d.status };
  };
}

/** validateConfig with the regex-safety check on: what the CLI runs before anything reaches KV. */
export function validateStrict(
  input: unknown,
  opts: Omit<ValidateOptions, "strictRegex" | "regexSafety"> = {},
): ValidationReport {
  return validateConfig(input, { ...opts, strictRegex: true, regexSafety: recheckSafety() });
}
