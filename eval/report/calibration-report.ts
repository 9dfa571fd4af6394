import type { CalibrationPlan } from "../calibrate";
import type { CrossValidation } from "../crossval";
import { halfWidth } from "../stats";
import { fmt, type Block, type ReportDoc } from "./document";
import { barChart, PALETTE } from "./svg";

export interface CalibrationReportInput {
  dataset: string;
  date: string;
  cheap: string;
  premium: string;
  plan: CalibrationPlan;
  /** Where the config was written. */
  configFile: string;
  crossValidated?: CrossValidation;
  /** Where the traffic weights came from ("none": rows counted equally). */
  trafficSource?: string;
  /** Days the traffic counts span, to state stakes per day. */
  trafficDays?: number;
}

const ci = (e: { mean: number; low: number; high: number }) => `${fmt.num(e.mean)} ${fmt.ci(e.low, e.high)}`;

/**
 * The calibration report: what was asked (target, guard), what each category got and why, the
 * slices tried within categories that could not go cheap whole, and who stayed premium for want of
 * data.
 */
export function calibrationReport(input: CalibrationReportInput): ReportDoc {
  const { plan } = input;
  const target =
    "maxQualityLoss" in plan.target
      ? `max quality loss ${plan.target.maxQualityLoss} per slice`
      : `keep ≥ ${fmt.pct(plan.target.minQualityKept)} of premium quality overall`;
  const guarded = plan.categories.filter((c) => c.decision === "premium" && c.verdict.status === "too-few");
  const level = Math.round(plan.policy.confidence * 100);
  const rows = plan.categories.map((c) => [
    c.category,
    c.stats.n,
    Math.round(c.traffic),
    ci(c.stats.cheap),
    ci(c.stats.premium),
    `${fmt.num(c.stats.gap.mean)} ± ${fmt.num(halfWidth(c.stats.gap))}`,
    fmt.num(c.stats.posterior.mean),
    fmt.num(c.stats.upper),
    fmt.usd(c.stats.cheapCost),
    fmt.usd(c.stats.premiumCost),
    c.decision === "split" ? `split: ${c.split!.slice.label} → premium` : c.decision,
    c.reason,
  ]);
  const days = input.trafficDays;
  const moreRows = plan.categories
    .filter((c) => c.moreData)
    .sort((a, b) => b.moreData!.stakeUsd - a.moreData!.stakeUsd)
    .map((c) => [
      c.category,
      c.stats.n,
      c.moreData!.moreExamples ?? "—",
      fmt.num(c.moreData!.bar),
      days ? fmt.usd(c.moreData!.stakeUsd / days) : fmt.usd(c.moreData!.stakeUsd),
      c.moreData!.summary,
    ]);
  const p = plan.predicted;
  const cv = input.crossValidated;
  const bars = barChart({
    title: "Quality by category",
    yLabel: "quality",
    colors: { [input.cheap]: PALETTE[1], [input.premium]: PALETTE[0] },
    groups: plan.categories.map((c) => ({
      label: c.category,
      bars: [
        { series: input.cheap, value: c.stats.cheap.mean, low: c.stats.cheap.low, high: c.stats.cheap.high },
        { series: input.premium, value: c.stats.premium.mean, low: c.stats.premium.low, high: c.stats.premium.high },
      ],
    })),
  });
  const sliceBlocks: Block[] = plan.categories
    .filter((c) => c.decision !== "cheap" && c.tried.length)
    .map((c) => ({
      kind: "table",
      head: [`${c.category}: slice sent to premium`, "rest n", "rest gap", "verdict on the rest"],
      align: ["l", "r", "r", "l"],
      rows: c.tried.map((t) => [t.label, t.easyN, fmt.num(t.easyGap), t.status]),
    }));
  return {
    title: `Calibration: ${input.cheap} vs ${input.premium} on ${input.dataset}`,
    subtitle: `${input.date} · target: ${target} · wrote \`${input.configFile}\``,
    sections: [
      {
        title: "Summary",
        blocks: [
          {
            kind: "list",
            items: [
              "maxQualityLoss" in plan.target
                ? `Guard: at least ${plan.policy.minSamples} paired examples, and the one-sided ${level} % upper bound of the (shrunk) gap within ${plan.target.maxQualityLoss}; a category the cheap model measurably does better on (its own upper bound below 0) always qualifies.`
                : `Guard: at least ${plan.policy.minSamples} paired examples per slice; then the choices that save most while the one-sided ${level} % upper bound of the quality lost over the whole traffic stays within ${fmt.pct(1 - plan.target.minQualityKept)} of premium quality.`,
              plan.prior
                ? `Each category's gap is shrunk toward the others' (empirical Bayes: mean ${fmt.num(plan.prior.mu)}, spread ${fmt.num(Math.sqrt(plan.prior.tau2))} across ${plan.prior.k} categories), so a category that looks good on a few lucky examples is not over-trusted.`
                : "No shrinkage (fewer than three categories, or --no-shrink).",
              plan.weighted
                ? `Weighted by traffic (${input.trafficSource ?? "given"}): ${Math.round(p.requests)} requests in validated categories.`
                : "**Warning:** no traffic weights; every validation row counts as one request. Pass `--traffic FILE` or `--traffic d1`.",
              `Expected on that traffic: premium calls ${fmt.pct(p.premiumShare)}, quality kept ${fmt.pct(p.qualityKept)} (≥ ${fmt.pct(p.qualityKeptLow)} at ${level} %), cost saved ${fmt.pct(p.costSaved)}.`,
              cv
                ? `Cross-validated (${cv.repeats} × ${cv.folds}-fold, the same procedure scored on examples it did not see): quality kept ${fmt.pct(cv.qualityKept)}, cost saved ${fmt.pct(cv.costSaved)}. This is the figure to expect on new traffic.`
                : "Cross-validation was off (--cv-repeats 0).",
              `In-sample, on the calibration rows themselves (${plan.expected.n}): quality kept ${fmt.pct(plan.expected.qualityKept)}, cost saved ${fmt.pct(plan.expected.costSaved)}; optimistic, since the choices were made on these rows.`,
              guarded.length
                ? `Stayed premium for want of examples: ${guarded.map((c) => `**${c.category}** (${c.verdict.reason})`).join("; ")}.`
                : "No category was held back for want of examples.",
              plan.uncovered.length
                ? `Traffic without validation rows (premium, not in the figures): ${plan.uncovered.map((u) => `**${u.category}** (${Math.round(u.traffic)})`).join(", ")}.`
                : "Every category with traffic has validation rows.",
            ],
          },
        ],
      },
      {
        title: "By category",
        blocks: [
          {
            kind: "table",
            head: [
              "category",
              "n",
              "traffic",
              `${input.cheap} [CI]`,
              `${input.premium} [CI]`,
              "gap ± CI",
              "shrunk",
              `upper (${level} %)`,
              "cheap $/req",
              "premium $/req",
              "decision",
              "why",
            ],
            align: ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r", "l", "l"],
            rows,
          },
          { kind: "chart", svg: bars, caption: "Mean quality per category with its confidence interval." },
        ],
      },
      {
        title: "What more validation data would buy",
        blocks: moreRows.length
          ? [
              {
                kind: "table",
                head: ["category", "n", "more examples", "bar", days ? "at stake $/day" : "at stake $", "why"],
                align: ["l", "r", "r", "r", "r", "l"],
                rows: moreRows,
              },
            ]
          : [{ kind: "p", text: "Every category with traffic is settled." }],
      },
      {
        title: "Input slices tried",
        blocks: sliceBlocks.length
          ? sliceBlocks
          : [{ kind: "p", text: "Every category went cheap whole, or slicing was off." }],
      },
    ],
  };
}
