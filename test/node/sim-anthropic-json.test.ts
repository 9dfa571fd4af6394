import { describe, expect, it } from "vitest";
import { formatFromSystem } from "../../sim/anthropic/normalize";

describe("the simulator's Claude follows JSON instructions in the system prompt", () => {
  it("reads a JSON Schema after the instruction", () => {
    const schema = { type: "object", properties: { total: { type: "number" } }, required: ["total"] };
    const system = `Respond with a single valid JSON object and nothing else. The object must conform to this JSON Schema (invoice):\n${JSON.stringify(schema)}`;
    expect(formatFromSystem(system)).toEqual({ type: "json_schema", schema });
  });

  it("answers a plain JSON object when no schema is given", () => {
    expect(formatFromSystem("Respond with a single valid JSON object and nothing else.")).toEqual({
      type: "json_object",
    });
  });

  it("leaves ordinary system prompts alone", () => {
    expect(formatFromSystem("You are a helpful assistant.")).toEqual({ type: "text" });
    expect(formatFromSystem("You explain JSON to beginners.")).toEqual({ type: "text" });
  });
});
