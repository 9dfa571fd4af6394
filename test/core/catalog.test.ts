import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/default-config";
import { RouterConfig, type ModelEntry } from "../../src/config/schema";
import { catalogIndex, catalogModel, catalogProvider, costOf } from "../../src/core/catalog";

const config = RouterConfig.parse(DEFAULT_CONFIG);
const model = (id: string, aliases: string[]): ModelEntry => ({ ...config.models[0], id, aliases });

describe("catalog lookups (one way to look a model up)", () => {
  it("the index and the single lookup agree on every id and alias of the built-in catalog", () => {
    const index = catalogIndex(config);
    const names = config.models.flatMap((m) => [m.id, ...m.aliases]);
    expect(index.models.size).toBe(new Set(names).size);
    for (const name of names) expect(index.models.get(name)).toBe(catalogModel(config, name));
    expect(catalogModel(config, "no-such-model")).toBeUndefined();
    for (const p of config.providers) expect(index.providers.get(p.id)).toBe(catalogProvider(config, p.id));
  });

  it("an id wins over another model's alias, and the first model wins a duplicate (as the validator requires none)", () => {
    const models = [model("a", ["b"]), model("b", []), model("c", ["x"]), model("d", ["x"])];
    const index = catalogIndex({ models });
    for (const name of ["a", "b", "x"]) expect(index.models.get(name)).toBe(catalogModel({ models }, name));
    expect(index.models.get("b")!.id).toBe("b");
    expect(index.models.get("x")!.id).toBe("c");
  });

  it("prices cached input at its own rate", () => {
    const usage = { inputTokens: 1000, cachedInputTokens: 400, outputTokens: 500 };
    expect(costOf({ input: 2, cachedInput: 0.5, output: 8, asOf: "2026-01-01" }, usage)).toBeCloseTo(
      (600 * 2 + 400 * 0.5 + 500 * 8) / 1e6,
      12,
    );
  });
});
