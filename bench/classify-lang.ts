/**
 * Language detectors compared for the Worker: accuracy on our multilingual sample (short and long
 * texts), µs/call, and bundle bytes (esbuild --minify, gzip -9).
 * Run: npm run bench:classify-lang
 */
import Table from "cli-table3";
import { eld as eldExtraSmall } from "eld/extrasmall";
import { eld as eldSmall } from "eld/small";
import { franc } from "franc-min";
import { detect as tinyldNormal } from "tinyld";
import { detect as tinyldLight } from "tinyld/light";
import { languageDetector } from "../src/classify/language";
import { bundleBytes, kib, readJsonl, timeCalls, us } from "./classify-lib";

interface Sample {
  lang: string;
  size: "tiny" | "short" | "long" | "code";
  text: string;
}

const ISO3_TO_1: Record<string, string> = {
  eng: "en", deu: "de", fra: "fr", spa: "es", ita: "it", por: "pt", nld: "nl", pol: "pl", rus: "ru",
  ukr: "uk", jpn: "ja", cmn: "zh", kor: "ko", arb: "ar", tur: "tr", hin: "hi", swe: "sv", vie: "vi",
};

interface Detector {
  name: string;
  detect: (text: string) => string;
  /** Module source bundled to measure what the detector adds to a Worker. */
  bundle: string;
}

const DETECTORS: Detector[] = [
  { name: "tinyld (normal)", detect: (t) => tinyldNormal(t) || "und", bundle: `import {detect} from "tinyld"; export const f = detect;` },
  { name: "tinyld/light", detect: (t) => tinyldLight(t) || "und", bundle: `import {detect} from "tinyld/light"; export const f = detect;` },
  { name: "eld/small", detect: (t) => eldSmall.detect(t).language || "und", bundle: `import {eld} from "eld/small"; export const f = (t) => eld.detect(t).language;` },
  { name: "eld/extrasmall", detect: (t) => eldExtraSmall.detect(t).language || "und", bundle: `import {eld} from "eld/extrasmall"; export const f = (t) => eld.detect(t).language;` },
  { name: "franc-min", detect: (t) => ISO3_TO_1[franc(t, { minLength: 3 })] ?? "und", bundle: `import {franc} from "franc-min"; export const f = franc;` },
];

/** Each library again behind our script shortcuts and code/link stripping (src/classify/language.ts). */
const WRAPPED: Detector[] = DETECTORS.map((d) => {
  const analyze = languageDetector((t) => {
    const lang = d.detect(t);
    return lang === "und" ? "" : lang;
  });
  return {
    name: `ours + ${d.name}`,
    detect: (text: string) => analyze(text).language,
    bundle: `import { languageDetector } from "./src/classify/language"; ${d.bundle}`,
  };
});

/** Share of samples of `size` whose detected language equals the label. */
function accuracy(samples: Sample[], detect: (t: string) => string): number {
  let ok = 0;
  for (const s of samples) if (detect(s.text) === s.lang) ok++;
  return samples.length ? ok / samples.length : 0;
}

async function main() {
  const samples = readJsonl<Sample>("test/fixtures/classification-languages.jsonl");
  const sizes = ["tiny", "short", "long", "code"] as const;
  const bySize = sizes.map((size) => samples.filter((s) => s.size === size));
  const texts = samples.map((s) => s.text);
  const langs = new Set(samples.map((s) => s.lang)).size;
  const counts = sizes.map((s, i) => `${bySize[i].length} ${s}`).join(", ");
  console.log(`${samples.length} samples, ${langs} languages (${counts})\n`);
  const head = ["detector", ...sizes, "all", "µs/call median", "p99", "min", "gzip", "cold start"];
  const table = new Table({ head, style: { head: [] } });
  const misses: string[] = [];
  for (const d of [...DETECTORS, ...WRAPPED]) {
    const t = timeCalls(texts, d.detect, 4000, 400);
    const size = await bundleBytes(d.bundle);
    table.push([
      d.name,
      ...bySize.map((group) => pct(accuracy(group, d.detect))),
      pct(accuracy(samples, d.detect)),
      us(t.medianUs),
      us(t.p99Us),
      kib(size.minified),
      kib(size.gzipped),
      `${size.coldStartMs.toFixed(1)} ms`,
    ]);
    if (d.name === "ours + eld/extrasmall") {
      for (const s of samples) {
        const got = d.detect(s.text);
        if (got !== s.lang) misses.push(`  ${s.lang} → ${got}: ${s.text.slice(0, 60)}`);
      }
    }
  }
  console.log(table.toString());
  if (misses.length) console.log(`\nours + eld/extrasmall (the Worker's), misses:\n${misses.join("\n")}`);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

await main();
