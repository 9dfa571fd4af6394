import { describe, expect, it } from "vitest";
import { bundledModel } from "../../src/classify/category/default-model";
import { DEFAULT_FEATURE_CONFIG, maxFeatures } from "../../src/classify/category/feature-config";
import { predictCategory } from "../../src/classify/category/linear-model";
import { hashesOf, sourceOf, toyModel, userSource } from "./linear-helpers";

const MIB = 1 << 20;
const noInput = { ...DEFAULT_FEATURE_CONFIG, inputFeatures: false };

describe("feature hashing", () => {
  it("is deterministic and case-insensitive", () => {
    expect(hashesOf(sourceOf("Translate THIS invoice"))).toEqual(hashesOf(sourceOf("Translate THIS invoice")));
    expect(hashesOf(sourceOf("TRANSLATE this Invoice"), noInput)).toEqual(
      hashesOf(sourceOf("translate this invoice"), noInput),
    );
  });

  it("hashes digits as zeros, so numbers differ only by their length", () => {
    expect(hashesOf(sourceOf("order 4471 shipped"), noInput)).toEqual(
      hashesOf(sourceOf("order 9032 shipped"), noInput),
    );
    expect(hashesOf(sourceOf("order 4471 shipped"), noInput)).not.toEqual(
      hashesOf(sourceOf("order 44711 shipped"), noInput),
    );
  });

  it("keeps the system prompt's words apart from the user's unless systemShared", () => {
    const config = { ...noInput, systemShared: false, charN: 0 as const, leadChars: 0 };
    const inSystem = hashesOf(
      sourceOf([
        { role: "system", content: "summarise" },
        { role: "user", content: "x" },
      ]),
      config,
    );
    const inUser = hashesOf(sourceOf("summarise x"), config);
    expect(inUser).toContain(hashesOf(sourceOf("summarise"), config)[0]);
    expect([...inSystem].filter((h) => inUser.includes(h))).toEqual([hashesOf(sourceOf("x"), config)[0]]);
    const shared = hashesOf(
      sourceOf([
        { role: "system", content: "summarise" },
        { role: "user", content: "x" },
      ]),
      { ...config, systemShared: true },
    );
    expect(shared).toContain(inUser[0]);
  });

  it("reads scripts without spaces as character n-grams", () => {
    const config = { ...noInput, charN: 0 as const, leadChars: 0, unspacedMaxN: 2 };
    expect(hashesOf(sourceOf("数据分析"), config)).toHaveLength(4 + 3);
    expect(hashesOf(sourceOf("สวัสดี"), config).length).toBeGreaterThan(1);
    expect(hashesOf(sourceOf("Привет мир"), config)).toHaveLength(2);
  });

  it("emits character n-grams with word edges inside the first charNgramChars only", () => {
    const config = { ...noInput, charN: 4 as const, charNgramChars: 300, leadChars: 0 };
    // "summarise": <sum summ umma mmar mari aris rise ise> = 8 grams + the word itself
    expect(hashesOf(sourceOf("summarise"), config)).toHaveLength(9);
    const late = `${"x ".repeat(200)}summarise`;
    expect(hashesOf(sourceOf(late), config)).toHaveLength(200 + 1);
  });

  it("costs the same for any input size: only the head and the tail are read", () => {
    const config = DEFAULT_FEATURE_CONFIG;
    const head = "Please summarise the thread below for the finance team. ".repeat(40).slice(0, config.userHead);
    const tail = " Keep it to three bullet points and name the owner.".repeat(10).slice(-config.userTail);
    const a = `${head}${"lorem ipsum dolor ".repeat(MIB / 18)}${tail}`;
    const b = `${head}${"totally different words ".repeat(MIB / 24)}${tail}`;
    const [ha, hb] = [hashesOf(userSource(a), noInput), hashesOf(userSource(b), noInput)];
    expect(ha.length).toBeLessThanOrEqual(maxFeatures(config));
    expect(ha).toEqual(hb);
    for (const hostile of ["a".repeat(MIB), "[{(".repeat(MIB / 3), "数".repeat(MIB), "a b ".repeat(MIB / 4)])
      expect(hashesOf(userSource(hostile)).length).toBeLessThanOrEqual(maxFeatures(config));
  });
});

describe("predictCategory", () => {
  const model = toyModel({ chat: ["hello", "thanks"], translation: ["translate", "french"], code: ["python"] });

  it("gives the category whose words the request has, with a probability", () => {
    const p = predictCategory(model, sourceOf("Please translate this into French"));
    expect(p.category).toBe("translation");
    expect(p.confidence).toBeGreaterThan(0.5);
    expect(p.confidence).toBeLessThanOrEqual(1);
    expect(predictCategory(model, sourceOf("hello and thanks!")).category).toBe("chat");
  });

  it("is less sure at a higher temperature, and uniform with no evidence", () => {
    const src = sourceOf("translate to french");
    const sharp = predictCategory(model, src).confidence;
    const soft = predictCategory({ ...model, temperature: 5 }, src).confidence;
    expect(soft).toBeLessThan(sharp);
    expect(predictCategory(model, sourceOf("zzz qqq")).confidence).toBeCloseTo(1 / 3, 5);
  });

  it("the bundled model validates and settles obvious prompts", () => {
    const m = bundledModel();
    expect(m.categories).toContain("translation");
    expect(predictCategory(m, sourceOf("Translate into Spanish: 'Your order has shipped.'")).category).toBe(
      "translation",
    );
    expect(predictCategory(m, sourceOf("hi! how are you today?")).category).toBe("chat");
  });
});
