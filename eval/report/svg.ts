/** Inline SVG charts for the reports: no script, no external assets, readable without CSS. */

/** Escapes text for HTML and SVG. */
export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export interface XY {
  x: number;
  y: number;
}

export interface LineSeries {
  name: string;
  points: XY[];
  color: string;
  dashed?: boolean;
}

export interface Marker {
  name: string;
  point: XY;
  color: string;
}

export interface LineChartInput {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  markers?: Marker[];
  /** Axis ranges; y defaults to the data's range with a margin. */
  x?: [number, number];
  y?: [number, number];
  /** Tick label formatters. */
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
}

const W = 640;
const H = 360;
const PAD = { left: 64, right: 16, top: 36, bottom: 52 };
const pct = (v: number) => `${Math.round(v * 100)}%`;
const r1 = (v: number) => Math.round(v * 10) / 10;

function range(values: number[], fallback: [number, number]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return fallback;
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-9) {
    lo -= 0.05;
    hi += 0.05;
  }
  const m = (hi - lo) * 0.08;
  return [lo - m, hi + m];
}

function ticks([lo, hi]: [number, number], n = 5): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

function legend(items: { name: string; color: string; dashed?: boolean; dot?: boolean }[]): string {
  let x = PAD.left;
  return items
    .map((it) => {
      const swatch = it.dot
        ? `<circle cx="${x + 6}" cy="14" r="4" fill="${it.color}"/>`
        : `<line x1="${x}" y1="14" x2="${x + 14}" y2="14" stroke="${it.color}" stroke-width="2"${it.dashed ? ' stroke-dasharray="4 3"' : ""}/>`;
      const out = `${swatch}<text x="${x + 18}" y="18" font-size="11">${esc(it.name)}</text>`;
      x += 26 + it.name.length * 6.2;
      return out;
    })
    .join("");
}

/**
 * A line chart (the cost–quality curve): series as polylines, markers as labelled dots.
 * @example lineChart({ title: "Quality vs premium share", xLabel: "premium calls", yLabel: "quality", series })
 */
export function lineChart(input: LineChartInput): string {
  const all = [...input.series.flatMap((s) => s.points), ...(input.markers ?? []).map((m) => m.point)];
  const xr =
    input.x ??
    range(
      all.map((p) => p.x),
      [0, 1],
    );
  const yr =
    input.y ??
    range(
      all.map((p) => p.y),
      [0, 1],
    );
  const sx = (v: number) => r1(PAD.left + ((v - xr[0]) / (xr[1] - xr[0])) * (W - PAD.left - PAD.right));
  const sy = (v: number) => r1(H - PAD.bottom - ((v - yr[0]) / (yr[1] - yr[0])) * (H - PAD.top - PAD.bottom));
  const xf = input.xFormat ?? pct;
  const yf = input.yFormat ?? ((v: number) => v.toFixed(2));
  const grid = [
    ...ticks(xr).map(
      (t) =>
        `<line x1="${sx(t)}" y1="${PAD.top}" x2="${sx(t)}" y2="${H - PAD.bottom}" stroke="#eee"/><text x="${sx(t)}" y="${H - PAD.bottom + 16}" font-size="11" text-anchor="middle">${esc(xf(t))}</text>`,
    ),
    ...ticks(yr).map(
      (t) =>
        `<line x1="${PAD.left}" y1="${sy(t)}" x2="${W - PAD.right}" y2="${sy(t)}" stroke="#eee"/><text x="${PAD.left - 6}" y="${sy(t) + 4}" font-size="11" text-anchor="end">${esc(yf(t))}</text>`,
    ),
  ].join("");
  const lines = input.series
    .map((s) => {
      const pts = s.points
        .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
        .map((p) => `${sx(p.x)},${sy(p.y)}`)
        .join(" ");
      return `<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ""} points="${pts}"><title>${esc(s.name)}</title></polyline>`;
    })
    .join("");
  const markers = (input.markers ?? [])
    .filter((m) => Number.isFinite(m.point.x) && Number.isFinite(m.point.y))
    .map(
      (m) =>
        `<circle cx="${sx(m.point.x)}" cy="${sy(m.point.y)}" r="5" fill="${m.color}"><title>${esc(`${m.name}: ${xf(m.point.x)}, ${yf(m.point.y)}`)}</title></circle>`,
    )
    .join("");
  const keys = [
    ...input.series.map((s) => ({ name: s.name, color: s.color, dashed: s.dashed })),
    ...(input.markers ?? []).map((m) => ({ name: m.name, color: m.color, dot: true })),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(input.title)}" font-family="system-ui, sans-serif">`,
    legend(keys),
    grid,
    `<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#333"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" stroke="#333"/>`,
    lines,
    markers,
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 12}" font-size="12" text-anchor="middle">${esc(input.xLabel)}</text>`,
    `<text x="14" y="${(PAD.top + H - PAD.bottom) / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${(PAD.top + H - PAD.bottom) / 2})">${esc(input.yLabel)}</text>`,
    "</svg>",
  ].join("");
}

export interface Bar {
  series: string;
  value: number;
  /** Confidence interval, drawn as a whisker. */
  low?: number;
  high?: number;
}

export interface BarChartInput {
  title: string;
  yLabel: string;
  groups: { label: string; bars: Bar[] }[];
  colors: Record<string, string>;
  y?: [number, number];
  yFormat?: (v: number) => string;
}

/**
 * Grouped bars with optional interval whiskers (per-category quality of each model).
 * @example barChart({ title: "Quality by category", yLabel: "quality", groups, colors: { "gpt-4o": "#1f77b4" } })
 */
export function barChart(input: BarChartInput): string {
  const values = input.groups.flatMap((g) => g.bars.flatMap((b) => [b.value, b.low ?? b.value, b.high ?? b.value]));
  const yr = input.y ?? [
    Math.min(0, ...values.filter(Number.isFinite)),
    Math.max(1e-9, ...values.filter(Number.isFinite)),
  ];
  const yf = input.yFormat ?? ((v: number) => v.toFixed(2));
  const sy = (v: number) =>
    r1(H - PAD.bottom - ((Math.min(yr[1], Math.max(yr[0], v)) - yr[0]) / (yr[1] - yr[0])) * (H - PAD.top - PAD.bottom));
  const groupW = (W - PAD.left - PAD.right) / Math.max(1, input.groups.length);
  const series = Object.keys(input.colors);
  const barW = Math.max(3, (groupW * 0.8) / Math.max(1, series.length));
  const body = input.groups
    .map((g, gi) => {
      const x0 = PAD.left + gi * groupW + groupW * 0.1;
      const bars = g.bars
        .map((b) => {
          const i = Math.max(0, series.indexOf(b.series));
          const x = r1(x0 + i * barW);
          if (!Number.isFinite(b.value)) return "";
          const top = sy(Math.max(b.value, yr[0]));
          const base = sy(Math.max(0, yr[0]));
          const whisker =
            b.low !== undefined && b.high !== undefined && Number.isFinite(b.low) && Number.isFinite(b.high)
              ? `<line x1="${r1(x + barW / 2)}" y1="${sy(b.low)}" x2="${r1(x + barW / 2)}" y2="${sy(b.high)}" stroke="#222"/>`
              : "";
          return `<rect x="${x}" y="${Math.min(top, base)}" width="${r1(barW - 1)}" height="${r1(Math.abs(base - top))}" fill="${input.colors[b.series] ?? "#888"}"><title>${esc(`${g.label} · ${b.series}: ${yf(b.value)}`)}</title></rect>${whisker}`;
        })
        .join("");
      const label = `<text x="${r1(x0 + (groupW * 0.8) / 2)}" y="${H - PAD.bottom + 16}" font-size="11" text-anchor="middle">${esc(g.label.length > 14 ? `${g.label.slice(0, 13)}…` : g.label)}</text>`;
      return bars + label;
    })
    .join("");
  const grid = ticks(yr)
    .map(
      (t) =>
        `<line x1="${PAD.left}" y1="${sy(t)}" x2="${W - PAD.right}" y2="${sy(t)}" stroke="#eee"/><text x="${PAD.left - 6}" y="${sy(t) + 4}" font-size="11" text-anchor="end">${esc(yf(t))}</text>`,
    )
    .join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(input.title)}" font-family="system-ui, sans-serif">`,
    legend(series.map((s) => ({ name: s, color: input.colors[s] }))),
    grid,
    `<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#333"/>`,
    body,
    `<text x="14" y="${(PAD.top + H - PAD.bottom) / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${(PAD.top + H - PAD.bottom) / 2})">${esc(input.yLabel)}</text>`,
    "</svg>",
  ].join("");
}

/** Colours for series, in order (colour-blind-safe Tableau-like palette). */
export const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
