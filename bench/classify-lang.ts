/**
 * Language detectors compared for the Worker: accuracy on our sample, on the labelled prompts and on
 * held-out texts (bench/classify-lang-corpus.ts), the English decision the router's
 * `uncommon-language` rule makes, µs/call, and bundle bytes (esbuild --minify, gzip -9).
 * Run: npm run bench:classify-lang [-- --misses]
 */
import Table from "cli-table3";
import { eld as eldExtraSmall } from "eld/extrasmall";
import { eld as eldSmall } from "eld/small";
import { franc } from "franc-min";
import { detect as tinyldNormal } from "tinyld";
import { detect as tinyldLight } from "tinyld/light";
import { analyzeLanguage, languageDetector } from "../src/classify/features/language";
import { devSample, heldOut, labelledPrompts, type LabelledText } from "./classify-lang-corpus";
import { bundleBytes, kib, timeCalls, us } from "./classify-lib";

const ISO3_TO_1: Record<string, string> = {
  eng: "en",
  deu: "de",
  fra: "fr",
  spa: "es",
  ita: "it",
  por: "pt",
  nld: "nl",
  pol: "pl",
  rus: "ru",
  ukr: "uk",
  jpn: "ja",
  cmn: "zh",
  kor: "ko",
  arb: "ar",
  tur: "tr",
  hin: "hi",
  swe: "sv",
  vie: "vi",
  ces: "cs",
  slk: "sk",
  hun: "hu",
  ron: "ro",
  ind: "id",
  zlm: "ms",
  ell: "el",
  heb: "he",
  tha: "th",
  bul: "bg",
  srp: "sr",
  hrv: "hr",
  bos: "bs",
  fin: "fi",
  dan: "da",
  nob: "no",
  cat: "ca",
  ben: "bn",
  tam: "ta",
  tel: "te",
  kan: "kn",
  mal: "ml",
  mar: "mr",
  guj: "gu",
  pan: "pa",
  urd: "ur",
  pes: "fa",
  bel: "be",
  kaz: "kk",
  uzn: "uz",
  azj: "az",
  hye: "hy",
  kat: "ka",
  amh: "am",
  mya: "my",
  khm: "km",
  sin: "si",
  npi: "ne",
  lit: "lt",
  lvs: "lv",
  ekk: "et",
  slv: "sl",
  glg: "gl",
  eus: "eu",
};

interface Detector {
  name: string;
  detect: (text: string) => string;
  /** Module source bundled to measure what the detector adds to a Worker. */
  bundle: string;
}

const eldWrapped = languageDetector((t) => eldExtraSmall.detect(t.slice(0, 200)).language);
const lightWrapped = languageDetector((t) => tinyldLight(t.slice(0, 200)));
const SHORTCUTS = `import { languageDetector } from "./src/classify/features/language";`;

const DETECTORS: Detector[] = [
  {
    name: "ours (Worker)",
    detect: (t) => analyzeLanguage(t).language,
    bundle: `import { analyzeLanguage } from "./src/classify/features/language"; export const f = analyzeLanguage;`,
  },
  {
    name: "script rules + eld/extrasmall (before)",
    detect: (t) => eldWrapped(t).language,
    bundle: `${SHORTCUTS} import {eld} from "eld/extrasmall"; export const f = languageDetector((t) => eld.detect(t).language);`,
  },
  {
    name: "script rules + tinyld/light",
    detect: (t) => lightWrapped(t).language,
    bundle: `${SHORTCUTS} import {detect} from "tinyld/light"; export const f = languageDetector(detect);`,
  },
  {
    name: "eld/extrasmall",
    detect: (t) => eldExtraSmall.detect(t).language || "und",
    bundle: `import {eld} from "eld/extrasmall"; export const f = (t) => eld.detect(t).language;`,
  },
  {
    name: "eld/small",
    detect: (t) => eldSmall.detect(t).language || "und",
    bundle: `import {eld} from "eld/small"; export const f = (t) => eld.detect(t).language;`,
  },
  {
    name: "tinyld (normal)",
    detect: (t) => tinyldNormal(t) || "und",
    bundle: `import {detect} from "tinyld"; export const f = detect;`,
  },
  {
    name: "tinyld/light",
    detect: (t) => tinyldLight(t) || "und",
    bundle: `import {detect} from "tinyld/light"; export const f = detect;`,
  },
  {
    name: "franc-min",
    detect: (t) => ISO3_TO_1[franc(t, { minLength: 3 })] ?? "und",
    bundle: `import {franc} from "franc-min"; export const f = franc;`,
  },
];

const SHORT = 40;
const isShort = (s: LabelledText) => s.text.length < SHORT;

/** Share of `samples` whose detected language equals the label ("–" when there are none). */
function accuracy(samples: LabelledText[], got: Map<LabelledText, string>): string {
  if (!samples.length) return "–";
  return pct(samples.filter((s) => got.get(s) === s.lang).length / samples.length);
}

/**
 * The English decision: precision and recall of "en", and the router's two errors — English sent
 * to premium (neither en nor und) and other languages kept on the cheap tier (en or und).
 */
function englishDecision(samples: LabelledText[], got: Map<LabelledText, string>) {
  let tp = 0,
    fp = 0,
    fn = 0,
    falsePremium = 0,
    falseCheap = 0,
    english = 0;
  for (const s of samples) {
    const g = got.get(s);
    const cheap = g === "en" || g === "und";
    if (s.lang === "en") {
      english++;
      if (g === "en") tp++;
      else fn++;
      if (!cheap) falsePremium++;
    } else {
      if (g === "en") fp++;
      if (cheap) falseCheap++;
    }
  }
  const other = samples.length - english;
  return {
    precision: pct(tp / (tp + fp)),
    recall: pct(tp / (tp + fn)),
    falsePremium: pct(falsePremium / english),
    falseCheap: pct(falseCheap / other),
  };
}

async function main() {
  const dev = devSample();
  const labelled = labelledPrompts();
  const held = heldOut();
  const all = [...dev, ...labelled, ...held];
  const sources = [...new Set(held.map((s) => s.source))];
  console.log(
    `sample ${dev.length}, labelled ${labelled.length}, held-out ${held.length} (${sources.map((s) => `${s} ${held.filter((h) => h.source === s).length}`).join(", ")}), ${new Set(held.map((s) => s.lang)).size} languages\n`,
  );
  const head = [
    "detector",
    "sample",
    `<${SHORT}ch`,
    "labelled",
    "held-out",
    `<${SHORT}ch`,
    "en prec",
    "en recall",
    "en→premium",
    "other→cheap",
    "µs med",
    "p99",
    "gzip",
    "cold start",
  ];
  const table = new Table({ head, style: { head: [], border: [] } });
  const results = new Map<string, Map<LabelledText, string>>();
  for (const d of DETECTORS) {
    const got = new Map(all.map((s) => [s, d.detect(s.text)] as const));
    results.set(d.name, got);
    const t = timeCalls(
      all.map((s) => s.text),
      d.detect,
      4000,
      400,
    );
    const size = await bundleBytes(d.bundle);
    const en = englishDecision(all, got);
    table.push([
      d.name,
      accuracy(dev, got),
      accuracy(dev.filter(isShort), got),
      accuracy(labelled, got),
      accuracy(held, got),
      accuracy(held.filter(isShort), got),
      en.precision,
      en.recall,
      en.falsePremium,
      en.falseCheap,
      us(t.medianUs),
      us(t.p99Us),
      kib(size.gzipped),
      `${size.coldStartMs.toFixed(1)} ms`,
    ]);
  }
  console.log(table.toString());
  printBySource(held, results);
  printByLanguage(held, results);
  if (process.argv.includes("--misses")) printMisses(all, results.get(DETECTORS[0].name)!);
}

function printBySource(held: LabelledText[], results: Map<string, Map<LabelledText, string>>) {
  const names = [DETECTORS[0].name, DETECTORS[1].name];
  const table = new Table({
    head: ["held-out source", "n", ...names.flatMap((n) => [`${n}`, "en→premium", "other→cheap"])],
    style: { head: [], border: [] },
  });
  for (const source of new Set(held.map((s) => s.source))) {
    const rows = held.filter((s) => s.source === source);
    table.push([
      source,
      rows.length,
      ...names.flatMap((n) => {
        const en = englishDecision(rows, results.get(n)!);
        return [
          accuracy(rows, results.get(n)!),
          rows.some((r) => r.lang === "en") ? en.falsePremium : "–",
          rows.some((r) => r.lang !== "en") ? en.falseCheap : "–",
        ];
      }),
    ]);
  }
  console.log(`\n${table.toString()}`);
}

function printByLanguage(held: LabelledText[], results: Map<string, Map<LabelledText, string>>) {
  const langs = [...new Set(held.map((s) => s.lang))].sort();
  const table = new Table({
    head: ["held-out lang", "n", ...DETECTORS.slice(0, 4).map((d) => d.name)],
    style: { head: [], border: [] },
  });
  for (const lang of langs) {
    const rows = held.filter((s) => s.lang === lang);
    table.push([lang, rows.length, ...DETECTORS.slice(0, 4).map((d) => accuracy(rows, results.get(d.name)!))]);
  }
  console.log(`\n${table.toString()}`);
}

function printMisses(samples: LabelledText[], got: Map<LabelledText, string>) {
  console.log("\nours, misses:");
  for (const s of samples) {
    const g = got.get(s);
    if (g !== s.lang) console.log(`  [${s.source}] ${s.lang} → ${g}: ${JSON.stringify(s.text.slice(0, 90))}`);
  }
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : "–";
}

await main();
