import type { Condition, Monitoring, RouterConfigInput, ValidationResult } from "../src/config/schema";
import type { CalibrationPlan, CategoryPlan } from "./calibrate";
import type { CrossValidation } from "./crossval";
import type { SliceStats } from "./guard";
import { halfWidth } from "./stats";

export interface CalibratedConfigInput {
  /** The base document (rules/*.yaml as parsed): catalog, providers, classifier, policy, resilience. */
  base: RouterConfigInput;
  plan: CalibrationPlan;
  /** Catalog ids of the two models. */
  cheap: string;
  premium: string;
  dataset: string;
  /** YYYY-MM-DD. */
  date: string;
  /** Base rules kept ahead of the calibrated ones (guards such as metadata.priority=high). */
  keepRules?: string[];
  /** The out-of-sample estimate, for the header. */
  crossValidated?: CrossValidation;
}

/** The config and the comments that go with it in the YAML (header, and one per rule). */
export interface CalibratedConfig {
  doc: RouterConfigInput;
  header: string;
  ruleComments: Map<string, string>;
}

type RuleInput = RouterConfigInput["rules"][number];

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const money = (x: number) => Number((2 * x).toPrecision(2));

function validation(s: SliceStats, input: CalibratedConfigInput, notes: string): ValidationResult {
  const level = Math.round(input.plan.policy.confidence * 100);
  const shrunk = s.posterior.ownWeight < 1 ? `, shrunk toward the other categories to ${r4(s.posterior.mean)}` : "";
  return {
    dataset: input.dataset,
    date: input.date,
    sampleSize: Math.max(1, s.n),
    quality: { [input.cheap]: r4(s.cheap.mean), [input.premium]: r4(s.premium.mean) },
    gap: r4(s.gap.mean),
    estimate: r4(s.posterior.mean),
    upperBound: r4(s.upper),
    method: `paired outcomes; gap ${level} % interval [${r4(s.gap.low)}, ${r4(s.gap.high)}]${shrunk}; one-sided ${level} % upper bound ${r4(s.upper)}`,
    notes,
  };
}

function monitoring(s: SliceStats, cheap: boolean): Monitoring {
  const cost = cheap ? s.cheapCost : s.premiumCost;
  const m: Monitoring = {};
  if (cost > 0 && Number.isFinite(cost)) m.maxCostPerRequestUsd = money(cost);
  if (cheap && Number.isFinite(s.cheap.low))
    m.minQualityScore = Math.max(0, Math.min(1, Math.floor(s.cheap.low * 1000) / 1000));
  return m;
}

function routeFor(base: RouterConfigInput, model: string, id: string, fallbacks: string[]) {
  const existing = Object.entries(base.routes).find(([, r]) => r.model === model && !r.split);
  if (existing) return { id: existing[0], add: undefined };
  return { id, add: { description: `Calibrated route: ${model} first.`, model, fallbacks } };
}

function rulesFor(
  c: CategoryPlan,
  input: CalibratedConfigInput,
  routes: { cheap: string; premium: string },
): { rule: RuleInput; comment: string }[] {
  const cat: Condition = { category: c.category };
  const out: { rule: RuleInput; comment: string }[] = [];
  if (c.decision === "split") {
    const s = c.split!;
    out.push({
      rule: {
        id: `${c.category}-${s.slice.id}-premium`,
        description: `${c.category} inputs with ${s.slice.label}: the cheaper model falls short here (gap ${r4(s.hard.gap.mean)}), so premium; the rest of ${c.category} goes to ${input.cheap} (next rule).`,
        when: { all: [cat, s.slice.condition] },
        route: routes.premium,
        validation: validation(s.hard, input, `hard slice of a split category (${s.slice.label})`),
        monitoring: monitoring(s.hard, false),
      },
      comment: `${c.category}: ${s.slice.label} → premium (n=${s.hard.n}, gap ${r4(s.hard.gap.mean)})`,
    });
  }
  const stats = c.decision === "split" ? c.split!.easy : c.stats;
  const cheap = c.decision !== "premium";
  const scope = c.decision === "split" ? `${c.category} (all but ${c.split!.slice.label})` : c.category;
  out.push({
    rule: {
      id: `${c.category}-${cheap ? "cheap" : "premium"}`,
      description: cheap
        ? `${scope} goes to ${input.cheap}: validated against ${input.premium}, ${c.reason}.`
        : `${c.category} stays on ${input.premium}: ${c.reason}. Documented so the next calibration and the audit see what was measured.`,
      when: cat,
      route: cheap ? routes.cheap : routes.premium,
      validation: validation(stats, input, c.reason),
      monitoring: monitoring(stats, cheap),
    },
    comment: `${scope} → ${cheap ? input.cheap : input.premium}: ${c.reason}`,
  });
  return out;
}

function headerFor(input: CalibratedConfigInput): string {
  const { plan } = input;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const level = Math.round(plan.policy.confidence * 100);
  const target =
    "maxQualityLoss" in plan.target
      ? `each slice's gap, at its one-sided ${level} % upper bound, at most ${plan.target.maxQualityLoss}`
      : `the whole traffic keeps ≥ ${pct(plan.target.minQualityKept)} of premium quality at the one-sided ${level} % bound`;
  const p = plan.predicted;
  const lines = [
    `Calibrated by \`npm run calibrate\` on ${input.date} from ${input.dataset}: ${input.cheap} (cheap) against ${input.premium} (premium).`,
    `Target: ${target}; at least ${plan.policy.minSamples} examples per slice; gaps shrunk toward the other categories' (empirical Bayes).`,
    plan.weighted
      ? `Weighted by traffic: ${p.requests} requests in the validated categories.`
      : "Unweighted: every validation row counts as one request (pass --traffic to weight by real traffic).",
    `Expected on that traffic: premium calls ${pct(p.premiumShare)}, quality kept ${pct(p.qualityKept)} (≥ ${pct(p.qualityKeptLow)} at ${level} %), cost saved ${pct(p.costSaved)}.`,
    ...(input.crossValidated
      ? [
          `Cross-validated (${input.crossValidated.repeats}×${input.crossValidated.folds}-fold): quality kept ${pct(input.crossValidated.qualityKept)}, cost saved ${pct(input.crossValidated.costSaved)}.`,
        ]
      : []),
    `On the ${plan.expected.n} calibration rows themselves (in-sample): quality kept ${pct(plan.expected.qualityKept)}, cost saved ${pct(plan.expected.costSaved)}.`,
    "Replay it on held-out rows before pushing: npm run replay -- --dataset HELD_OUT.jsonl --config THIS_FILE --sweep",
    "",
    "category          n   traffic   cheap  premium  gap (± CI)       shrunk  upper   decision",
  ];
  for (const c of plan.categories) {
    const s = c.stats;
    lines.push(
      `${c.category.padEnd(16)} ${String(s.n).padStart(3)} ${String(Math.round(c.traffic)).padStart(9)}   ${s.cheap.mean.toFixed(3)}  ${s.premium.mean.toFixed(3)}    ${s.gap.mean.toFixed(3)} ± ${halfWidth(s.gap).toFixed(3)}   ${s.posterior.mean.toFixed(3)}   ${s.upper.toFixed(3)}   ${c.decision}`,
    );
  }
  for (const u of plan.uncovered)
    lines.push(
      `${u.category.padEnd(16)}   0 ${String(Math.round(u.traffic)).padStart(9)}   (no validation rows: premium)`,
    );
  return lines.join("\n");
}

/**
 * The calibrated routing config: the base's catalog and settings, the dataset's categories, one
 * route per model, and one documented rule per category (two for a split category: the hard
 * slice to premium first, then the rest to the cheap model), each with its validation result and
 * monitoring thresholds; anything else goes to premium.
 * @example const { doc, header } = calibratedConfig({ base, plan, cheap, premium, dataset, date })
 */
export function calibratedConfig(input: CalibratedConfigInput): CalibratedConfig {
  const base = structuredClone(input.base);
  const cheapRoute = routeFor(base, input.cheap, "calibrated-cheap", [input.premium]);
  const premiumRoute = routeFor(base, input.premium, "calibrated-premium", []);
  const routes = { ...base.routes };
  if (cheapRoute.add) routes[cheapRoute.id] = cheapRoute.add;
  if (premiumRoute.add) routes[premiumRoute.id] = premiumRoute.add;
  const categories = { ...base.categories };
  for (const c of input.plan.categories) {
    categories[c.category] ??= {
      description: `Task tag '${c.category}' from ${input.dataset}.`,
      keywords: [],
      patterns: [],
    };
  }
  for (const u of input.plan.uncovered) {
    categories[u.category] ??= {
      description: `Category '${u.category}' seen in traffic, without validation rows: premium until validated.`,
      keywords: [],
      patterns: [],
    };
  }
  const kept = (input.keepRules ?? []).map((id) => {
    const rule = base.rules.find((r) => r.id === id);
    if (!rule) throw new Error(`--keep-rules: the base config has no rule '${id}'`);
    return rule;
  });
  const ruleComments = new Map<string, string>();
  const calibrated = input.plan.categories.flatMap((c) =>
    rulesFor(c, input, { cheap: cheapRoute.id, premium: premiumRoute.id }),
  );
  for (const { rule, comment } of calibrated) {
    if (kept.some((k) => k.id === rule.id))
      throw new Error(`rule id '${rule.id}' is both kept from the base and calibrated`);
    ruleComments.set(rule.id, comment);
  }
  const doc: RouterConfigInput = {
    ...base,
    label: `calibrated ${input.date} from ${input.dataset}`,
    baselineModel: input.premium,
    categories,
    routes,
    rules: [...kept, ...calibrated.map((r) => r.rule)],
    default: {
      route: premiumRoute.id,
      description:
        "Anything no calibrated rule places (a category the dataset did not cover): premium until validated.",
    },
  };
  return { doc, header: headerFor(input), ruleComments };
}
