import { describe, expect, it } from "vitest";
import defaultFile from "../../src/classify/category/default-model.json";
import { DEFAULT_FEATURE_CONFIG } from "../../src/classify/category/feature-config";
import { decodeWeights, encodeWeights, MODEL_FORMAT, validateModel } from "../../src/classify/category/model-format";

/** A valid file: 256 buckets × 2 categories. */
function file(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: MODEL_FORMAT,
    categories: ["chat", "code"],
    buckets: 256,
    features: DEFAULT_FEATURE_CONFIG,
    weights: encodeWeights(Int8Array.from({ length: 512 }, (_, i) => (i % 15) - 7)),
    scales: [0.1, 0.2],
    biases: [0, -0.5],
    temperature: 1.2,
    threshold: 0.7,
    trainedAt: "2026-11-30T12:00:00.000Z",
    dataHash: "a".repeat(64),
    metrics: { heldOut: { accuracy: 0.8, macroF1: 0.79, ece: 0.04, n: 500 } },
    ...patch,
  };
}

const pathsOf = (doc: unknown, categories?: string[]) => validateModel(doc, { categories }).issues.map((i) => i.path);

describe("validateModel", () => {
  it("accepts a valid file and decodes it for inference", () => {
    const { model, issues } = validateModel(file());
    expect(issues).toEqual([]);
    expect(model?.weights).toHaveLength(512);
    expect(model?.weights[1]).toBe(-6);
    expect([...model!.scales]).toEqual([0.1, 0.2]);
  });

  it("accepts the bundled model file", () => {
    expect(validateModel(defaultFile).issues).toEqual([]);
  });

  it("names each structural problem by its path", () => {
    expect(pathsOf(file({ scales: [0.1] }))).toEqual(["scales"]);
    expect(pathsOf(file({ biases: [0, 0, 0] }))).toEqual(["biases"]);
    expect(pathsOf(file({ scales: [0.1, -1] }))).toEqual(["scales[1]"]);
    expect(pathsOf(file({ buckets: 300 }))).toEqual(["buckets"]);
    expect(pathsOf(file({ categories: ["chat", "chat"] }))).toEqual(["categories[1]"]);
    expect(pathsOf(file({ temperature: 0 }))).toEqual(["temperature"]);
    expect(pathsOf(file({ threshold: 1.5 }))).toEqual(["threshold"]);
    expect(pathsOf(file({ format: "mr-linear-v2" }))).toEqual(["format"]);
    expect(pathsOf(file({ features: { ...DEFAULT_FEATURE_CONFIG, charN: 7 } }))).toEqual(["features.charN"]);
    expect(pathsOf(file({ extra: 1 }))).toEqual([""]);
    const { scales: _, ...missing } = file();
    expect(pathsOf(missing)).toEqual(["scales"]);
  });

  it("checks that the weights decode to buckets × categories int8 values", () => {
    const short = validateModel(file({ weights: encodeWeights(new Int8Array(511)) }));
    expect(short.issues).toEqual([
      { path: "weights", message: "expected 512 int8 values (buckets × categories), got 511 bytes" },
    ]);
    expect(pathsOf(file({ weights: "not base64!" }))).toEqual(["weights"]);
    expect(pathsOf(file({ weights: "abc" }))).toEqual(["weights"]);
  });

  it("rejects a category the routing config does not have", () => {
    expect(validateModel(file(), { categories: ["chat"] }).issues).toEqual([
      { path: "categories[1]", message: 'category "code" is not in the routing config' },
    ]);
  });

  it("rejects what is not a model file at all", () => {
    expect(validateModel(null).issues.length).toBeGreaterThan(0);
    expect(validateModel("{}").issues.length).toBeGreaterThan(0);
  });
});

describe("weights encoding", () => {
  it("round-trips every int8 value", () => {
    const all = Int8Array.from({ length: 256 * 300 }, (_, i) => (i % 256) - 128);
    expect(decodeWeights(encodeWeights(all))).toEqual(all);
  });
});
