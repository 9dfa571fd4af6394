import { esc } from "./svg";

/**
 * One report, written once as Markdown and once as a self-contained HTML page. Sections hold
 * paragraphs, tables and charts; charts appear in HTML only (Markdown links to the HTML).
 */
export type Block =
  | { kind: "p"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "table"; head: string[]; rows: (string | number)[][]; align?: ("l" | "r")[] }
  | { kind: "chart"; svg: string; caption: string };

export interface Section {
  title: string;
  blocks: Block[];
}

export interface ReportDoc {
  title: string;
  /** One line under the title: what was run, on what, when. */
  subtitle: string;
  sections: Section[];
}

export interface RenderedReport {
  markdown: string;
  html: string;
}

const mdCell = (v: string | number) => String(v).replace(/\|/g, "\\|").replace(/\n/g, " ");

function markdownBlock(b: Block): string {
  switch (b.kind) {
    case "p":
      return b.text;
    case "list":
      return b.items.map((i) => `- ${i}`).join("\n");
    case "table": {
      const align = b.head.map((_, i) => (b.align?.[i] === "r" ? "---:" : "---"));
      return [
        `| ${b.head.map(mdCell).join(" | ")} |`,
        `| ${align.join(" | ")} |`,
        ...b.rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`),
      ].join("\n");
    }
    case "chart":
      return `_${b.caption} (chart in the HTML report)._`;
  }
}

/** Inline `code` and **bold** in report text, escaped for HTML. */
function inline(text: string): string {
  return esc(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
}

function htmlBlock(b: Block): string {
  switch (b.kind) {
    case "p":
      return `<p>${inline(b.text)}</p>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join("")}</ul>`;
    case "table": {
      const cls = (i: number) => (b.align?.[i] === "r" ? ' class="r"' : "");
      const head = b.head.map((h, i) => `<th${cls(i)}>${inline(h)}</th>`).join("");
      const rows = b.rows
        .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${inline(String(c))}</td>`).join("")}</tr>`)
        .join("");
      return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    case "chart":
      return `<figure>${b.svg}<figcaption>${inline(b.caption)}</figcaption></figure>`;
  }
}

const CSS = `body{font-family:system-ui,-apple-system,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}.sub{color:#666;margin-top:0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6}.r{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1rem 0}figcaption{color:#666;font-size:.85rem}
code{background:#f3f3f3;padding:0 .2rem;border-radius:3px}`;

/**
 * Renders a report as Markdown and as one HTML file with inline CSS and SVG (no external assets).
 * @example const { markdown, html } = renderReport({ title: "Replay", subtitle, sections })
 */
export function renderReport(doc: ReportDoc): RenderedReport {
  const markdown = [
    `# ${doc.title}`,
    "",
    doc.subtitle,
    "",
    ...doc.sections.flatMap((s) => [`## ${s.title}`, "", ...s.blocks.flatMap((b) => [markdownBlock(b), ""])]),
  ].join("\n");
  const body = doc.sections
    .map((s) => `<section><h2>${inline(s.title)}</h2>${s.blocks.map(htmlBlock).join("\n")}</section>`)
    .join("\n");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.title)}</title><style>${CSS}</style></head>
<body><h1>${esc(doc.title)}</h1><p class="sub">${inline(doc.subtitle)}</p>
${body}
</body></html>
`;
  return { markdown, html };
}

/** Formatting helpers shared by the report builders. */
export const fmt = {
  pct: (x: number, digits = 1) => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : "–"),
  num: (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : "–"),
  usd: (x: number) =>
    !Number.isFinite(x)
      ? "–"
      : Math.abs(x) >= 100
        ? `$${x.toFixed(0)}`
        : Math.abs(x) >= 1
          ? `$${x.toFixed(2)}`
          : `$${x.toPrecision(3)}`,
  ci: (low: number, high: number) =>
    Number.isFinite(low) && Number.isFinite(high) ? `[${low.toFixed(3)}, ${high.toFixed(3)}]` : "–",
};
