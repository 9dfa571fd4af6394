import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { sampleFromSchema } from "./schema-json";

const valid = (schema: Record<string, unknown>, value: unknown) => z.fromJSONSchema(schema).safeParse(value).success;

describe("sampleFromSchema", () => {
  it("fills required properties with plausible values", () => {
    const schema = {
      type: "object",
      properties: {
        city: { type: "string" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        days: { type: "integer", minimum: 1, maximum: 7 },
        email: { type: "string", format: "email" },
        note: { type: "string" },
      },
      required: ["city", "unit", "days", "email"],
    };
    const v = sampleFromSchema(schema, "weather in Paris");
    expect(v).toEqual({ city: "Paris", unit: "celsius", days: 4, email: "alex@example.com" });
    expect(valid(schema, v)).toBe(true);
  });

  it("takes a place from the prompt's proper nouns, else a default", () => {
    const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    expect(sampleFromSchema(schema, "What's the weather in New York tomorrow?")).toEqual({ city: "New York" });
    expect(sampleFromSchema(schema, "What's the weather like?")).toEqual({ city: "Paris" });
  });

  it("uses the prompt for query-like strings and resolves local $refs, anyOf and nullable types", () => {
    const schema = {
      type: "object",
      properties: {
        query: { type: "string", maxLength: 12 },
        owner: { $ref: "#/$defs/person" },
        tags: { type: "array", items: { type: "string" }, minItems: 2 },
        score: { anyOf: [{ type: "null" }, { type: "number", exclusiveMinimum: 0, maximum: 1 }] },
        extra: { type: ["null", "boolean"] },
      },
      required: ["query", "owner", "tags", "score", "extra"],
      $defs: {
        person: {
          type: "object",
          properties: { name: { type: "string" }, age: { type: "integer", minimum: 18 } },
          required: ["name", "age"],
        },
      },
    };
    const v = sampleFromSchema(schema, "find flights to Rome next week") as Record<string, unknown>;
    expect(v.query).toBe("find flights");
    expect(v.owner).toEqual({ name: "Alex Morgan", age: 18 });
    expect(v.tags).toHaveLength(2);
    expect(v.extra).toBe(true);
    expect(valid(schema, v)).toBe(true);
  });

  it("produces a value valid against arbitrary nested schemas", () => {
    const leaf = fc.oneof(
      fc.constant({ type: "string" }),
      fc.record({
        type: fc.constant("integer"),
        minimum: fc.integer({ min: -5, max: 5 }),
        maximum: fc.integer({ min: 6, max: 50 }),
      }),
      fc.record({ type: fc.constant("number"), maximum: fc.double({ min: -100, max: 100, noNaN: true }) }),
      fc.constant({ type: "boolean" }),
      fc.record({ enum: fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }) }),
      fc.record({ type: fc.constant("string"), minLength: fc.integer({ min: 0, max: 20 }) }),
    );
    const schema = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("object"), tie("array")),
      array: fc.record({ type: fc.constant("array"), items: tie("node"), minItems: fc.integer({ min: 0, max: 3 }) }),
      object: fc
        .dictionary(fc.stringMatching(/^[a-z]{1,8}$/), tie("node"), { maxKeys: 4 })
        .map((properties) => ({ type: "object", properties, required: Object.keys(properties) })),
    })).object;
    fc.assert(
      fc.property(schema, (s) => valid(s as Record<string, unknown>, sampleFromSchema(s as Record<string, unknown>))),
    );
  });
});
