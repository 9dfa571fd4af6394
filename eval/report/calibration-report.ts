import type { CalibrationPlan } from "../calibrate";
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
  const guarded = plan.categories.filter(
    (c) => c.decision === "premium" && (c.verdict.status === "too-few" || c.verdict.status === "ci-too-wide"),
  );
  const rows = plan.categories.map((c) => [
    c.category,
    c.stats.n,
    ci(c.stats.cheap),
    ci(c.stats.premium),
    `${fmt.num(c.stats.gap.mean)} ± ${fmt.num(halfWidth(c.stats.gap))}`,
    fmt.usd(c.stats.cheapCost),
    fmt.usd(c.stats.premiumCost),
    c.decision === "split" ? `split: ${c.split!.slice.label} → premium` : c.decision,
    c.reason,
  ]);
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
              `Guard: at least ${plan.policy.minSamples} paired examples and a gap interval (${Math.round(plan.policy.confidence * 100)} %) no wider than ± ${plan.policy.maxCiHalfWidth}; anything else stays premium.`,
              `On the calibration rows (${plan.expected.n}): premium calls ${fmt.pct(plan.expected.premiumShare)}, quality kept ${fmt.pct(plan.expected.qualityKept)}, cost saved ${fmt.pct(plan.expected.costSaved)}. Replay the config on held-out rows before trusting these.`,
              guarded.length
                ? `Stayed premium for want of evidence: ${guarded.map((c) => `**${c.category}** (${c.verdict.reason})`).join("; ")}.`
                : "No category was held back by the small-sample guard.",
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
              `${input.cheap} [CI]`,
              `${input.premium} [CI]`,
              "gap ± CI",
              "cheap $/req",
              "premium $/req",
              "decision",
              "why",
            ],
            align: ["l", "r", "r", "r", "r", "r", "r", "l", "l"],
            rows,
          },
          { kind: "chart", svg: bars, caption: "Mean quality per category with its confidence interval." },
        ],
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
