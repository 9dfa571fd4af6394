import { describe, expect, it } from "vitest";
import type { RouterConfigInput } from "../../src/config/schema";
import { validateConfig, type RegexSafetyCheck } from "../../src/rules/validate";
import { baseConfig } from "./helpers";

const NOW = Date.parse("2026-11-24T00:00:00Z");
const documented = { description: "why", monitoring: { maxCostPerRequestUsd: 0.01 } };
const validation = {
  dataset: "tickets-200",
  date: "2026-11-01",
  sampleSize: 200,
  quality: { "big-a": 0.99, "small-a": 0.97 },
  gap: 0.02,
};

function errorsOf(input: unknown) {
  const r = validateConfig(input, { now: NOW });
  expect(r.ok).toBe(false);
  expect(r.config).toBeUndefined();
  return r.errors;
}
const withConfig = (over: Partial<RouterConfigInput>) => errorsOf(baseConfig(over));
const raw = (mutate: (c: any) => void) => {
  const c = structuredClone(baseConfig()) as any;
  mutate(c);
  return errorsOf(c);
};

describe("schema errors carry their full path", () => {
  it("inside nested conditions, pointing at the branch the input meant", () => {
    const errors = withConfig({
      rules: [
        { id: "r", route: "economy", when: { all: [{ hasCode: true }, { inputTokens: { lte: "2000" } } as any] } },
      ],
    });
    expect(errors).toEqual([
      { path: "rules[0].when.all[1].inputTokens.lte", message: expect.stringContaining("expected number") },
    ]);
  });

  it("an unknown or ambiguous condition kind, an empty range, bad regex flags", () => {
    const errors = withConfig({
      rules: [
        { id: "a", route: "economy", when: { any: [{ bogus: 1 } as any] } },
        { id: "b", route: "economy", when: { hasCode: true, hasJson: true } as any },
        { id: "c", route: "economy", when: { not: { inputTokens: {} } } },
        { id: "d", route: "economy", when: { pattern: "x", flags: "g" } },
        { id: "e", route: "economy", when: "hasCode" as any },
      ],
    });
    expect(errors.map((e) => e.path)).toEqual([
      "rules[0].when.any[0]",
      "rules[1].when",
      "rules[2].when.not.inputTokens",
      "rules[3].when.flags",
      "rules[4].when",
    ]);
    expect(errors[0].message).toMatch(/^unknown condition bogus: use one of all, any, not/);
    expect(errors[1].message).toBe("a condition has exactly one kind (got hasCode, hasJson)");
    expect(errors[2].message).toContain("at least one of gt, gte, lt, lte");
  });

  it("missing and mistyped fields elsewhere", () => {
    const errors = raw((c) => {
      delete c.models[1].price;
      c.providers[0].baseUrl = "not a url";
      c.routes.economy.fallbacks = "small-b";
      c.schemaVersion = 2;
    });
    expect(errors.map((e) => e.path).sort()).toEqual(
      ["models[1].price", "providers[0].baseUrl", "routes.economy.fallbacks", "schemaVersion"].sort(),
    );
  });

  it("a route with neither model nor split (an empty chain)", () => {
    const errors = raw((c) => (c.routes.empty = { fallbacks: [] }));
    expect(errors).toEqual([{ path: "routes.empty", message: "a route needs exactly one of `model` or `split`" }]);
  });
});

describe("cross-reference errors", () => {
  it("unknown provider, models in routes, routes in rules and default, baseline and classifier models", () => {
    const errors = raw((c) => {
      c.models[0].provider = "pz";
      c.baselineModel = "gpt-9";
      c.classifier.model = "tiny";
      c.policy = { allowModels: ["nope"] };
      c.routes.economy = {
        model: "small-x",
        fallbacks: ["small-b", "ghost"],
        shadow: { model: "shade", sampleRate: 0.1 },
      };
      c.routes.canary = {
        split: [
          { model: "small-a", weight: 50 },
          { model: "who", weight: 50 },
        ],
      };
      c.rules = [{ id: "r", when: { hasCode: true }, route: "missing" }];
      c.default = { route: "nowhere" };
    });
    expect(errors).toEqual([
      { path: "models[0].provider", message: "unknown provider 'pz'" },
      { path: "baselineModel", message: "unknown model 'gpt-9'" },
      { path: "classifier.model", message: "unknown model 'tiny'" },
      { path: "policy.allowModels[0]", message: "unknown model 'nope'" },
      { path: "routes.economy.model", message: "unknown model 'small-x'" },
      { path: "routes.economy.fallbacks[1]", message: "unknown model 'ghost'" },
      { path: "routes.economy.shadow.model", message: "unknown model 'shade'" },
      { path: "routes.canary.split[1].model", message: "unknown model 'who'" },
      { path: "rules[0].route", message: "unknown route 'missing'" },
      { path: "default.route", message: "unknown route 'nowhere'" },
    ]);
  });

  it("unknown categories and model names inside conditions", () => {
    const errors = withConfig({
      rules: [
        {
          id: "r",
          route: "economy",
          when: { all: [{ category: ["extraction", "poetry"] }, { not: { model: ["auto", "gpt-7"] } }] },
        },
        {
          id: "ok",
          route: "economy",
          when: { any: [{ category: "unknown" }, { model: ["small-a-2024", "router/analysis"] }] },
        },
      ],
    });
    expect(errors).toEqual([
      { path: "rules[0].when.all[0].category", message: "unknown category 'poetry'" },
      { path: "rules[0].when.all[1].not.model", message: "unknown model or alias 'gpt-7'" },
    ]);
  });

  it("duplicate ids, and a model id or alias colliding with another name", () => {
    const errors = raw((c) => {
      c.providers.push({ ...c.providers[0] });
      c.models.push({ ...c.models[1], aliases: [] });
      c.models[2].aliases = ["small-a"];
      c.models[3].aliases = ["router/extraction"];
      c.policy = { routeAliases: ["auto", "big-b"] };
      c.rules = [
        { id: "same", when: { hasCode: true }, route: "economy" },
        { id: "same", when: { hasJson: true }, route: "premium" },
      ];
    });
    expect(errors).toEqual([
      { path: "providers[2].id", message: "duplicate provider id 'pa'" },
      { path: "models[4].id", message: "'small-b' is already taken by models[1].id" },
      { path: "models[2].aliases[0]", message: "'small-a' is already taken by models[0].id" },
      { path: "policy.routeAliases[1]", message: "'big-b' is already taken by models[3].id" },
      { path: "categories.extraction", message: "'router/extraction' is already taken by models[3].aliases[0]" },
      { path: "rules[1].id", message: "duplicate rule id 'same' (also rules[0])" },
    ]);
  });

  it("split weights that do not sum to 100", () => {
    const errors = raw(
      (c) =>
        (c.routes.canary = {
          split: [
            { model: "small-a", weight: 80 },
            { model: "small-b", weight: 30 },
          ],
        }),
    );
    expect(errors).toEqual([{ path: "routes.canary.split", message: "split weights sum to 110, not 100" }]);
  });

  it("fallbackRoute cycles (reported once) and unknown fallbackRoutes", () => {
    const errors = raw((c) => {
      c.routes.economy.fallbackRoute = "premium";
      c.routes.premium.fallbackRoute = "economy";
      c.routes.self = { model: "big-a", fallbacks: ["small-b"], fallbackRoute: "self" };
      c.routes.into = { model: "big-a", fallbacks: ["small-b"], fallbackRoute: "economy" };
      c.routes.lost = { model: "big-a", fallbacks: ["small-b"], fallbackRoute: "void" };
    });
    expect(errors).toEqual([
      { path: "routes.economy.fallbackRoute", message: "fallbackRoute cycle: economy → premium → economy" },
      { path: "routes.self.fallbackRoute", message: "fallbackRoute cycle: self → self" },
      { path: "routes.lost.fallbackRoute", message: "unknown route 'void'" },
    ]);
  });

  it("regexes that do not compile, in rules and categories", () => {
    const errors = raw((c) => {
      c.categories.analysis.patterns = ["ok", "(unclosed"];
      c.rules = [{ id: "r", when: { not: { pattern: "[z-a]" } }, route: "economy" }];
    });
    expect(errors.map((e) => e.path)).toEqual(["categories.analysis.patterns[1]", "rules[0].when.not.pattern"]);
    expect(errors[0].message).toMatch(/^regex does not compile: /);
  });
});

describe("warnings", () => {
  it("a documented, cross-provider config with fresh prices has none", () => {
    const r = validateConfig(
      baseConfig({
        rules: [{ id: "r", when: { hasCode: true }, route: "economy", ...documented, validation }],
        default: { route: "premium", ...documented, validation },
      }),
      { now: NOW },
    );
    expect(r).toMatchObject({ ok: true, errors: [], warnings: [] });
  });

  it("undocumented rules and default, stale prices, single-provider routes", () => {
    const r = validateConfig(
      baseConfig({
        rules: [{ id: "r", when: { hasCode: true }, route: "solo", description: "why" }],
        routes: {
          economy: { model: "small-a", fallbacks: ["small-b"] },
          premium: { model: "big-a", fallbacks: ["big-b"] },
          solo: { model: "small-a", fallbacks: ["big-a"] },
        },
      }),
      { now: Date.parse("2027-06-01T00:00:00Z") },
    );
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.path)).toEqual([
      "rules[0]",
      "default",
      "models[0].price.asOf",
      "models[1].price.asOf",
      "models[2].price.asOf",
      "models[3].price.asOf",
      "routes.solo",
    ]);
    expect(r.warnings[0].message).toBe(
      "rule 'r' undocumented: no validation result (the quality test that justifies it: run npm run eval); no monitoring thresholds (when to review it)",
    );
    expect(r.warnings[2].message).toBe("price is 212 days old: check the list price");
    expect(r.warnings[6].message).toBe("every target is on provider 'pa': no cross-provider failover");
  });
});

describe("regex safety (strictRegex)", () => {
  const fake: RegexSafetyCheck = (source) =>
    source.includes("+)+")
      ? { status: "vulnerable", complexity: "exponential", attack: "aaaaaaaaaaaaaaaa!" }
      : source.includes(".*.*")
        ? { status: "vulnerable", complexity: "polynomial" }
        : { status: "safe" };
  const input = baseConfig({
    categories: { extraction: { description: "x", patterns: ["(a+)+$"] }, analysis: { description: "y" } },
    rules: [{ id: "r", when: { pattern: "a.*.*b" }, route: "economy", ...documented, validation }],
  });

  it("runs only when asked: exponential is an error, polynomial a warning", () => {
    expect(validateConfig(input).ok).toBe(true);
    const r = validateConfig(input, { strictRegex: true, regexSafety: fake });
    expect(r.errors).toEqual([
      {
        path: "categories.extraction.patterns[0]",
        message: 'regex can backtrack catastrophically (exponential); e.g. "aaaaaaaaaaaaaaaa!"',
      },
    ]);
    expect(r.warnings).toContainEqual({
      path: "rules[0].when.pattern",
      message: "regex backtracks polynomially on long inputs: anchor it or bound the repetition",
    });
  });

  it("refuses to run strictly without a checker", () => {
    expect(() => validateConfig(input, { strictRegex: true })).toThrow(/regexSafety checker/);
  });
});
