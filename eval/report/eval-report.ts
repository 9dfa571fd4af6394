import type { CategoryResult, DailyImpact, EvalSummary } from "../eval-summary";
import { halfWidth } from "../stats";
import { fmt, type Block, type ReportDoc, type Section } from "./document";
import { barChart, lineChart, PALETTE } from "./svg";

export interface EvalReportInput {
  dataset: string;
  date: string;
  premium: string;
  candidates: string[];
  judge?: string;
  maxQualityLoss: number;
  summary: EvalSummary;
  volumePerDay?: number | Record<string, number>;
  costPerError?: number;
  /** Answers/grades that failed after retries (they are retried on --resume). */
  failedCalls: number;
}

const q = (e: { mean: number; low: number; high: number }) => `${fmt.num(e.mean)} ${fmt.ci(e.low, e.high)}`;

function categoryRows(c: CategoryResult): (string | number)[][] {
  const premium = [
    c.category,
    c.scorer,
    c.examples,
    `premium: ${q(c.premium.quality)}`,
    "",
    fmt.usd(c.premium.costPerExample),
    "(premium)",
    "",
  ];
  const candidates = c.candidates.map((k) => [
    "",
    "",
    k.gap.n,
    `${k.model}: ${q(k.quality)}`,
    `${fmt.num(k.gap.mean)} ± ${fmt.num(halfWidth(k.gap))}`,
    fmt.usd(k.costPerExample),
    k.recommendation,
    k.plan.reason,
  ]);
  return [premium, ...candidates];
}

function failureBlocks(summary: EvalSummary): Block[] {
  const blocks: Block[] = [];
  for (const c of summary.categories) {
    for (const k of c.candidates) {
      if (k.failures.ids.length === 0) continue;
      const top = k.failures.groups.filter((g) => g.rate > k.failures.overallRate).slice(0, 8);
      blocks.push({
        kind: "p",
        text: `**${c.category} · ${k.model}**: failed (scored ≥ 0.1 below premium) on ${k.failures.ids.length} of ${k.gap.n} (${fmt.pct(k.failures.overallRate)}): ${k.failures.ids.slice(0, 12).join(", ")}${k.failures.ids.length > 12 ? ", …" : ""}.`,
      });
      if (top.length) {
        blocks.push({
          kind: "table",
          head: ["characteristic", "value", "examples", "failures", "failure rate"],
          align: ["l", "l", "r", "r", "r"],
          rows: top.map((g) => [g.characteristic, g.value, g.n, g.failures, fmt.pct(g.rate)]),
        });
      }
      if (k.plan.decision === "split")
        blocks.push({
          kind: "p",
          text: `A rule can send just those to premium: \`${JSON.stringify(k.plan.split!.slice.condition)}\` → premium, the rest → ${k.model} (${k.plan.split!.easyVerdict.reason}). \`npm run calibrate\` writes it.`,
        });
    }
  }
  return blocks.length ? blocks : [{ kind: "p", text: "No candidate scored below premium on any example." }];
}

function dailySection(input: EvalReportInput): Section | undefined {
  const { summary } = input;
  if (!summary.daily) return undefined;
  const row = (label: string, d: DailyImpact) => [
    label,
    Math.round(d.requests),
    fmt.usd(d.apiSavingUsd),
    d.extraErrors.toFixed(1),
    fmt.usd(d.errorCostUsd),
    fmt.usd(d.netUsd),
  ];
  const rows: (string | number)[][] = [];
  for (const c of summary.categories) {
    for (const k of c.candidates) {
      if (!k.daily) continue;
      rows.push(row(`${c.category} · ${k.model} (${k.recommendation})`, k.daily.recommended));
      rows.push(row(`  if all of ${c.category} went to ${k.model}`, k.daily.ifRouted));
    }
  }
  rows.push(row("**total, recommended routes**", summary.daily));
  const volume =
    typeof input.volumePerDay === "number"
      ? `${input.volumePerDay} requests/day spread by this dataset's category mix`
      : "per-category volumes as given";
  return {
    title: "Net saving per day",
    blocks: [
      {
        kind: "p",
        text: `Volume: ${volume}; cost per error: ${fmt.usd(input.costPerError ?? 0)}. Extra errors = requests × quality gap (for pass/fail scorers, exactly the extra failures: 10,000 requests at 99.5 % vs 97 % are 250 errors a day). Net = API cost saved − extra errors × cost per error.`,
      },
      {
        kind: "table",
        head: ["route", "requests/day", "API saving", "extra errors", "error cost", "net"],
        align: ["l", "r", "r", "r", "r", "r"],
        rows,
      },
    ],
  };
}

/**
 * The live-eval report: per category each model's quality with its interval, the gap, cost per
 * example and the recommendation; where and on what inputs the candidates failed; and the net
 * saving per day when a volume is given.
 */
export function evalReport(input: EvalReportInput): ReportDoc {
  const { summary } = input;
  const models = [input.premium, ...input.candidates];
  const colors = Object.fromEntries(models.map((m, i) => [m, PALETTE[i % PALETTE.length]]));
  const bars = barChart({
    title: "Quality by category",
    yLabel: "quality",
    colors,
    y: [0, 1],
    groups: summary.categories.map((c) => ({
      label: c.category,
      bars: [
        {
          series: input.premium,
          value: c.premium.quality.mean,
          low: c.premium.quality.low,
          high: c.premium.quality.high,
        },
        ...c.candidates.map((k) => ({
          series: k.model,
          value: k.quality.mean,
          low: k.quality.low,
          high: k.quality.high,
        })),
      ],
    })),
  });
  const premiumCost = summary.models[0]?.costPerExample ?? Number.NaN;
  const curve = lineChart({
    title: "Cost and quality",
    xLabel: "cost per example (share of premium)",
    yLabel: "quality",
    x: [0, 1.05],
    series: [],
    markers: [
      ...summary.models.map((m) => ({
        name: m.model,
        color: colors[m.model],
        point: { x: m.costPerExample / premiumCost, y: m.quality.mean },
      })),
      {
        name: "recommended routing",
        color: "#000",
        point: { x: summary.mix.costPerExample / premiumCost, y: summary.mix.quality },
      },
    ],
  });
  const sections: Section[] = [
    {
      title: "Summary",
      blocks: [
        {
          kind: "list",
          items: [
            `Premium: \`${input.premium}\`; candidates: ${input.candidates.map((c) => `\`${c}\``).join(", ")}${input.judge ? `; judge: \`${input.judge}\`` : ""}.`,
            `Recommendation rule: a candidate takes a category (or its easy slice) only with enough examples, a gap interval within ± the threshold, and a gap ≤ ${input.maxQualityLoss}.`,
            `Recommended routing over all ${summary.mix.n} examples: quality ${fmt.num(summary.mix.quality)} (premium ${fmt.num(summary.models[0]?.quality.mean ?? Number.NaN)}), ${fmt.pct(summary.mix.costPerExample / premiumCost)} of premium cost, ${fmt.pct(summary.mix.premiumShare)} premium calls.`,
            ...(input.failedCalls
              ? [`${input.failedCalls} calls failed after retries and are left out; rerun with --resume to retry them.`]
              : []),
          ],
        },
        {
          kind: "table",
          head: ["model", "examples", "quality [CI]", "$ / example"],
          align: ["l", "r", "r", "r"],
          rows: summary.models.map((m) => [m.model, m.quality.n, q(m.quality), fmt.usd(m.costPerExample)]),
        },
        {
          kind: "chart",
          svg: curve,
          caption:
            "Each model's quality against its cost per example (as a share of premium's), and the recommended routing.",
        },
      ],
    },
    {
      title: "By category",
      blocks: [
        {
          kind: "table",
          head: ["category", "scorer", "n", "quality [CI]", "gap ± CI", "$ / example", "recommendation", "why"],
          align: ["l", "l", "r", "l", "r", "r", "l", "l"],
          rows: summary.categories.flatMap(categoryRows),
        },
        {
          kind: "chart",
          svg: bars,
          caption:
            "Quality per category and model, with confidence intervals (Wilson for pass/fail scores, Student-t for graded ones).",
        },
      ],
    },
    { title: "Where the candidates failed", blocks: failureBlocks(summary) },
  ];
  const daily = dailySection(input);
  if (daily) sections.push(daily);
  return {
    title: `Eval: ${input.candidates.join(", ")} vs ${input.premium} on ${input.dataset}`,
    subtitle: `${input.date} · ${summary.categories.length} categories`,
    sections,
  };
}
