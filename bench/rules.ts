/**
 * Evaluator benchmark: `npm run bench:rules [-- --rules 100 --requests 20000]`.
 * Builds a config of N rules (the built-in catalog and routes, rules mixing every condition kind,
 * mostly not matching so that a request walks far down the list), then times evaluate() per request
 * with a monotonic clock and prints median, p90, p99 and the worst case. Target: < 50 µs median.
 */
import { parseArgs } from "node:util";
import Table from "cli-table3";
import type { Features } from "../src/classify/types";
import type { Condition, RouterConfigInput } from "../src/config/schema";
import { DEFAULT_CONFIG } from "../src/config/default-config";
import { compileConfig } from "../src/rules/compile";
import { evaluate } from "../src/rules/evaluate";
import type { RequestContext } from "../src/rules/types";
import { validateConfig } from "../src/rules/validate";

const CATEGORIES = [
  "classification",
  "extraction",
  "summarization",
  "generation",
  "analysis",
  "code",
  "translation",
  "chat",
];
const LANGS = ["en", "de", "fr", "es", "ja", "und"];

/** A deterministic pseudo-random sequence (mulberry32), so runs compare. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ruleCondition(i: number, r: () => number): Condition {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const leaves: Condition[] = [
    { category: [pick(CATEGORIES), pick(CATEGORIES)] },
    { inputTokens: { gt: 1000 + Math.floor(r() * 200_000) } },
    { complexity: { gte: 0.5 + r() / 2 } },
    { not: { language: ["en", "und"] } },
    { metadata: { team: `team-${i}` } },
    { client: [`client-${i}`, `client-${i + 1}`] },
    { hasCode: true },
    { responseFormat: "json_schema" },
    { pattern: `\\bkeyword${i}\\b` },
    { task: `task-${i}` },
  ];
  const a = pick(leaves);
  const b = pick(leaves);
  const c = pick(leaves);
  return i % 3 === 0
    ? { all: [a, { any: [b, c] }] }
    : i % 3 === 1
      ? { all: [a, b, { not: c }] }
      : { any: [{ all: [a, b] }, { all: [b, c] }] };
}

function buildConfig(n: number): RouterConfigInput {
  const r = rng(42);
  const base = structuredClone(DEFAULT_CONFIG) as RouterConfigInput;
  const routes = Object.keys(base.routes);
  base.rules = Array.from({ length: n }, (_, i) => ({
    id: `rule-${i}`,
    description: "benchmark rule",
    when: ruleCondition(i, r),
    route: routes[i % routes.length],
  }));
  return base;
}

function contexts(count: number): RequestContext[] {
  const r = rng(7);
  const text = "Please extract the invoice number, the total and the due date from the following email. ".repeat(6);
  return Array.from({ length: count }, (_, i) => {
    const features: Features = {
      inputTokens: Math.floor(r() * 6000),
      messageCount: 1 + Math.floor(r() * 8),
      turnCount: 1,
      lastUserChars: text.length,
      language: LANGS[Math.floor(r() * LANGS.length)],
      script: "Latin",
      hasCode: r() < 0.2,
      hasJson: r() < 0.2,
      hasTable: false,
      hasUrl: r() < 0.1,
      hasTools: r() < 0.1,
      hasImages: false,
      responseFormat: r() < 0.1 ? "json_schema" : "text",
      complexity: r(),
    };
    return {
      requestedModel: "auto",
      clientId: `client-${i % 500}`,
      metadata: { team: `team-${i % 300}` },
      features,
      lastUserText: text,
      category: CATEGORIES[Math.floor(r() * CATEGORIES.length)],
      categorySource: "model",
    };
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function main() {
  const { values } = parseArgs({
    options: { rules: { type: "string", default: "100" }, requests: { type: "string", default: "20000" } },
  });
  const n = Number(values.rules);
  const requests = Number(values.requests);
  const input = buildConfig(n);
  const time = <T>(f: () => T): [T, number] => {
    const start = performance.now();
    return [f(), performance.now() - start];
  };
  const [report, validateColdMs] = time(() => validateConfig(input));
  if (!report.config) throw new Error(JSON.stringify(report.errors.slice(0, 3)));
  const [, validateMs] = time(() => validateConfig(input));
  const [compiled, compileMs] = time(() => compileConfig(report.config!));

  const ctxs = contexts(2_000);
  for (let i = 0; i < 20_000; i++) evaluate(compiled, ctxs[i % ctxs.length], { splitKey: `w${i}` });
  const samples: number[] = [];
  const walkedAll: number[] = [];
  for (let i = 0; i < requests; i++) {
    const ctx = ctxs[i % ctxs.length];
    const start = process.hrtime.bigint();
    const result = evaluate(compiled, ctx, { splitKey: `req-${i}` });
    const us = Number(process.hrtime.bigint() - start) / 1000;
    samples.push(us);
    if (result.kind === "decided" && result.decision.rule === "default") walkedAll.push(us);
  }
  const table = new Table({ head: ["requests", "count", "median µs", "p90 µs", "p99 µs", "max µs"] });
  for (const [label, xs] of [
    ["all", samples],
    ["reaching the default (all rules tested)", walkedAll],
  ] as const) {
    xs.sort((a, b) => a - b);
    const q = (p: number) => (xs.length ? quantile(xs, p).toFixed(2) : "-");
    table.push([label, xs.length, q(0.5), q(0.9), q(0.99), xs.length ? xs[xs.length - 1].toFixed(1) : "-"]);
  }
  console.log(`evaluate() on node ${process.version}, ${n} rules; ${requests} requests over ${ctxs.length} contexts`);
  console.log(table.toString());
  console.log(
    `validateConfig: ${validateColdMs.toFixed(1)} ms first call (zod warm-up), ${validateMs.toFixed(1)} ms next; compileConfig: ${compileMs.toFixed(2)} ms`,
  );
  const median = quantile(samples, 0.5);
  console.log(
    median < 50
      ? `median ${median.toFixed(2)} µs: under the 50 µs target`
      : `median ${median.toFixed(2)} µs: OVER the 50 µs target`,
  );
}

main();
