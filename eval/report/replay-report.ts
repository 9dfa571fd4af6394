import { oracleRouter, randomRouter, type Curve } from "../curve";
import { groupBy, summarize, type ReplayResult, type RoutingSummary } from "../replay";
import { fmt, type Block, type ReportDoc, type Section } from "./document";
import { barChart, lineChart, PALETTE } from "./svg";

export interface ReplayReportInput {
  dataset: string;
  config: string;
  date: string;
  result: ReplayResult;
  sweep?: { curve: Curve; score: string };
}

const HEAD = ["", "n", "premium calls", "quality", "quality kept", "cost saved", "PGR"];
const ALIGN: ("l" | "r")[] = ["l", "r", "r", "r", "r", "r", "r"];

function row(label: string, s: RoutingSummary): (string | number)[] {
  return [
    label,
    s.n,
    fmt.pct(s.premiumShare),
    fmt.num(s.quality),
    fmt.pct(s.qualityKept),
    fmt.pct(s.costSaved),
    fmt.num(s.pgr),
  ];
}

/** The baselines of the README's table, computed on this dataset, next to the replayed config. */
export function baselineRows(result: ReplayResult): (string | number)[][] {
  const paired = result.decisions.map((d) => d.paired);
  const s = result.summary;
  const rnd = randomRouter(paired, 0.5);
  const orc = oracleRouter(paired);
  const line = (label: string, share: number, q: number, cost: number) => [
    label,
    fmt.pct(share),
    fmt.num(q),
    fmt.pct(q / s.qualityPremium),
    fmt.pct(cost / s.costPremium),
    fmt.num((q - s.qualityCheap) / (s.qualityPremium - s.qualityCheap)),
  ];
  const random = line("random 50 % (expected ± sd)", 0.5, rnd.quality, rnd.cost);
  random[2] = `${fmt.num(rnd.quality)} ± ${fmt.num(rnd.qualitySd)}`;
  return [
    line("all cheap", 0, s.qualityCheap, s.costCheap),
    line("all premium", 1, s.qualityPremium, s.costPremium),
    random,
    line("per-row oracle", orc.premiumShare, orc.quality, orc.cost),
    line("**this config**", s.premiumShare, s.quality, s.cost),
  ];
}

function sweepSection(input: ReplayReportInput, sweep: NonNullable<ReplayReportInput["sweep"]>): Section {
  const s = input.result.summary;
  const { curve } = sweep;
  const orc = oracleRouter(input.result.decisions.map((d) => d.paired));
  const svg = lineChart({
    title: "Cost–quality curve",
    xLabel: "share of requests sent to premium",
    yLabel: "quality (mean score)",
    x: [0, 1],
    series: [
      {
        name: `router (${sweep.score})`,
        color: PALETTE[0],
        points: curve.points.map((p) => ({ x: p.premiumShare, y: p.quality })),
      },
      {
        name: "random",
        color: PALETTE[7],
        dashed: true,
        points: [
          { x: 0, y: s.qualityCheap },
          { x: 1, y: s.qualityPremium },
        ],
      },
    ],
    markers: [
      { name: "this config", color: PALETTE[3], point: { x: s.premiumShare, y: s.quality } },
      { name: "oracle", color: PALETTE[2], point: { x: orc.premiumShare, y: orc.quality } },
    ],
  });
  const step = Math.max(1, Math.ceil(curve.points.length / 12));
  const shown = curve.points.filter((_, i) => i % step === 0 || i === curve.points.length - 1);
  const blocks: Block[] = [
    {
      kind: "p",
      text: `Sweeping a threshold over the router score **${sweep.score}** (highest first to premium; tied scores form one step): APGR **${fmt.num(curve.apgr)}** (random 0.500), CPT(50 %) **${fmt.pct(curve.cpt50)}**, CPT(80 %) **${fmt.pct(curve.cpt80)}** (random 50 % / 80 %).`,
    },
    {
      kind: "chart",
      svg,
      caption:
        "Quality against the share of premium calls: the router's curve, the random router (straight line), this config's operating point and the per-row oracle.",
    },
    {
      kind: "table",
      head: ["score ≥", "premium calls", "quality", "cost (% of premium)", "PGR"],
      align: ["r", "r", "r", "r", "r"],
      rows: shown.map((p) => [
        p.threshold === undefined ? "(none)" : fmt.num(p.threshold),
        fmt.pct(p.premiumShare),
        fmt.num(p.quality),
        fmt.pct(p.costShare),
        fmt.num(p.pgr),
      ]),
    },
  ];
  return { title: "Cost–quality curve", blocks };
}

/**
 * The replay report: the config's numbers next to the dataset's baselines, the sweep's curve with
 * APGR and CPT, and the breakdown by category and by rule.
 */
export function replayReport(input: ReplayReportInput): ReportDoc {
  const { result } = input;
  const byTag = [...groupBy(result.decisions, (d) => d.tag)].map(([tag, list]) => ({ tag, s: summarize(list) }));
  const byRule = [...groupBy(result.decisions, (d) => `${d.rule} → ${d.model}`)].map(([rule, list]) => [
    rule,
    list.length,
    fmt.pct(list.length / result.decisions.length),
  ]);
  const tierMapped = result.decisions.filter((d) => d.byTier).length;
  const notes: string[] = [
    `Cheap end: \`${result.index.cheap}\`; premium end: \`${result.index.premium}\`. Quality kept = Q_router / Q_premium; cost saved = 1 − C_router / C_premium; PGR = (Q_router − Q_cheap) / (Q_premium − Q_cheap).`,
  ];
  if (tierMapped)
    notes.push(
      `${tierMapped} rows were routed to a model the dataset did not run: the outcome of the same tier's end (premium or cheap) stood in.`,
    );
  const bars = barChart({
    title: "Quality by category",
    yLabel: "quality",
    colors: { cheap: PALETTE[1], premium: PALETTE[0], router: PALETTE[3] },
    groups: byTag.map(({ tag, s }) => ({
      label: tag,
      bars: [
        { series: "cheap", value: s.qualityCheap },
        { series: "premium", value: s.qualityPremium },
        { series: "router", value: s.quality },
      ],
    })),
  });
  const sections: Section[] = [
    {
      title: "Summary",
      blocks: [
        { kind: "table", head: HEAD, align: ALIGN, rows: [row("this config", result.summary)] },
        {
          kind: "table",
          head: ["router", "premium calls", "quality", "quality kept", "cost (% of premium)", "PGR"],
          align: ["l", "r", "r", "r", "r", "r"],
          rows: baselineRows(result),
        },
        { kind: "list", items: notes },
      ],
    },
  ];
  if (input.sweep) sections.push(sweepSection(input, input.sweep));
  sections.push(
    {
      title: "By category",
      blocks: [
        {
          kind: "table",
          head: ["category", ...HEAD.slice(1)],
          align: ALIGN,
          rows: byTag.map(({ tag, s }) => row(tag, s)),
        },
        { kind: "chart", svg: bars, caption: "Mean quality per category: all-cheap, all-premium and this config." },
      ],
    },
    {
      title: "By rule",
      blocks: [{ kind: "table", head: ["rule → model", "rows", "share"], align: ["l", "r", "r"], rows: byRule }],
    },
  );
  return {
    title: `Replay: ${input.config} on ${input.dataset}`,
    subtitle: `${result.summary.n} rows replayed through the Worker's decision code on ${input.date}.`,
    sections,
  };
}
