import { describe, expect, it } from "vitest";
import { classifyLocalWithModel } from "../../src/classify/category/local-classifier";
import type { ClassifyInput } from "../../src/classify/category/pipeline";
import { ClassifierSettings, type Category } from "../../src/config/schema";
import { CATEGORIES, sourceOf, toyModel } from "./linear-helpers";

const category = (keywords: string[] = []): Category => ({ description: "x", keywords, patterns: [] });
const categories: Record<string, Category> = {
  chat: category(),
  translation: category(["übersetze"]),
  code: category(["stack trace"]),
};
const settings = ClassifierSettings.parse({ model: "gpt-4o-mini" });
const model = toyModel({ chat: ["hello", "thanks"], translation: ["translate", "french"], code: ["python"] });

function input(text: string, extra: Partial<ClassifyInput> = {}): ClassifyInput {
  return { ...sourceOf(text), settings, categories, ...extra };
}

describe("classifyLocalWithModel", () => {
  it("lets the rules' keywords win over the linear model", () => {
    const text = "Stack trace below, hello and thanks!";
    expect(
      classifyLocalWithModel(input(text, { categories: { ...categories, code: category() } }), model),
    ).toMatchObject({ category: "chat", source: "linear" });
    expect(classifyLocalWithModel(input(text), model)).toMatchObject({ category: "code", source: "pattern" });
  });

  it("lets an explicit task win", () => {
    expect(classifyLocalWithModel(input("translate to french", { task: "code" }), model)).toMatchObject({
      category: "code",
      source: "tag",
    });
  });

  it("settles with the linear model at or above its threshold", () => {
    const c = classifyLocalWithModel(input("please translate this to french"), model);
    expect(c).toMatchObject({ category: "translation", source: "linear" });
    expect(c!.confidence).toBeGreaterThanOrEqual(model.threshold);
  });

  it("leaves a request below the threshold to the cheap-model classifier", () => {
    expect(classifyLocalWithModel(input("zzz qqq"), model)).toBeUndefined();
    expect(classifyLocalWithModel(input("please translate this to french"), model, 0.999999)).toBeUndefined();
  });

  it("ignores a prediction the config has no category for", () => {
    const { code: _, ...withoutCode } = categories;
    expect(CATEGORIES).toContain("code");
    expect(classifyLocalWithModel(input("python python python"), model)).toMatchObject({ category: "code" });
    expect(classifyLocalWithModel(input("python python python", { categories: withoutCode }), model)).toBeUndefined();
  });
});
