import { RouterConfig } from "../config/schema";
import { routeChain } from "./compile";
import { formatPath } from "../core/path";
import { flattenZodIssues, type Issue } from "./issues";
import { configPatterns, referenceErrors } from "./references";

export type { Issue } from "./issues";

/** What a ReDoS checker says about one pattern (see cli/lib/regex-safety.ts). */
export interface RegexSafetyResult {
  status: "safe" | "vulnerable" | "unknown";
  complexity?: "exponential" | "polynomial";
  /** An input that makes the pattern backtrack, when the checker found one. */
  attack?: string;
}
export type RegexSafetyCheck = (source: string, flags: string) => RegexSafetyResult;

export interface ValidateOptions {
  /**
   * Also check every regex for catastrophic backtracking (CLI only: the checker is heavy and never
   * runs on the Worker's hot path). Needs `regexSafety`.
   */
  strictRegex?: boolean;
  regexSafety?: RegexSafetyCheck;
  /** Clock for the price-age warning (ms since epoch); defaults to Date.now(). */
  now?: number;
}

export interface ValidationReport {
  ok: boolean;
  config?: RouterConfig;
  errors: Issue[];
  warnings: Issue[];
}

/** Prices older than this are flagged: list prices move a few times a year. */
export const PRICE_MAX_AGE_DAYS = 180;

/**
 * Validates a routing config document: the zod schema (every issue with its path), then cross
 * references, compiling regexes, and documentation/price/provider-spread warnings.
 * @example
 * const { ok, config, errors, warnings } = validateConfig(JSON.parse(text));
 * if (!ok) for (const e of errors) console.error(`${e.path}: ${e.message}`);
 */
export function validateConfig(input: unknown, opts: ValidateOptions = {}): ValidationReport {
  const parsed = RouterConfig.safeParse(input);
  if (!parsed.success) return { ok: false, errors: flattenZodIssues(parsed.error.issues, input), warnings: [] };
  const config = parsed.data;
  const errors = referenceErrors(config);
  const warnings = documentationWarnings(config, opts.now ?? Date.now());
  for (const p of configPatterns(config)) {
    try {
      new RegExp(p.source, p.flags);
    } catch (e) {
      errors.push({ path: p.path, message: `regex does not compile: ${(e as Error).message}` });
      continue;
    }
    if (opts.strictRegex) regexSafetyIssue(p, opts, errors, warnings);
  }
  return errors.length ? { ok: false, errors, warnings } : { ok: true, config, errors, warnings };
}

function regexSafetyIssue(
  p: { path: string; source: string; flags: string },
  opts: ValidateOptions,
  errors: Issue[],
  warnings: Issue[],
) {
  if (!opts.regexSafety) throw new Error("strictRegex needs a regexSafety checker (cli/lib/regex-safety.ts)");
  const r = opts.regexSafety(p.source, p.flags);
  const attack = r.attack ? `; e.g. ${JSON.stringify(r.attack.slice(0, 60))}` : "";
  if (r.status === "vulnerable" && r.complexity === "exponential") {
    errors.push({ path: p.path, message: `regex can backtrack catastrophically (exponential)${attack}` });
  } else if (r.status === "vulnerable") {
    warnings.push({
      path: p.path,
      message: `regex backtracks polynomially on long inputs${attack}: anchor it or bound the repetition`,
    });
  } else if (r.status === "unknown") {
    warnings.push({ path: p.path, message: "regex safety could not be decided in time: simplify it" });
  }
}

function documentationWarnings(config: RouterConfig, now: number): Issue[] {
  const warnings: Issue[] = [];
  const docs = (path: string, r: { description?: string; validation?: unknown; monitoring?: unknown }, who = "") => {
    const missing = [
      !r.description && "no description (why this rule exists)",
      !r.validation && "no validation result (the quality test that justifies it: run npm run eval)",
      !r.monitoring && "no monitoring thresholds (when to review it)",
    ].filter(Boolean);
    if (missing.length) warnings.push({ path, message: `${who}undocumented: ${missing.join("; ")}` });
  };
  config.rules.forEach((rule, i) => docs(formatPath(["rules", i]), rule, `rule '${rule.id}' `));
  docs("default", config.default);

  config.models.forEach((m, i) => {
    const age = Math.floor((now - Date.parse(`${m.price.asOf}T00:00:00Z`)) / 86_400_000);
    if (age > PRICE_MAX_AGE_DAYS) {
      warnings.push({
        path: formatPath(["models", i, "price", "asOf"]),
        message: `price is ${age} days old: check the list price`,
      });
    }
  });
  const provider = new Map<string, string>();
  for (const m of config.models) for (const name of [m.id, ...m.aliases]) provider.set(name, m.provider);
  for (const id of Object.keys(config.routes)) {
    const providers = new Set(routeChain(config, id).map((name) => provider.get(name)));
    if (providers.size === 1) {
      warnings.push({
        path: formatPath(["routes", id]),
        message: `every target is on provider '${[...providers][0]}': no cross-provider failover`,
      });
    }
  }
  return warnings;
}
