import { describe, expect, it } from "vitest";
import { parseTraffic, trafficFromRows } from "../../eval/traffic";

const KNOWN = new Set(["billing", "legal", "triage"]);

describe("traffic weights", () => {
  it("reads a JSON object of request counts per category", () => {
    expect(parseTraffic('{"billing": 5200, "legal": 300.5}', "t.json", KNOWN)).toEqual({ billing: 5200, legal: 300.5 });
  });

  it.each([
    ["{not json", /^t\.json: not valid JSON/],
    ["[1, 2]", /^t\.json: expected a JSON object/],
    ["{}", /^t\.json: no categories/],
    ['{"billing": 10, "refunds": 3}', /^t\.json: key 'refunds' is not a category of the dataset or the config/],
    ['{"billing": 0}', /^t\.json: key 'billing': the request count must be a positive number, got 0/],
    ['{"billing": -4}', /got -4/],
    ['{"billing": "12"}', /got "12"/],
  ])("refuses %s with one line naming the file and the key", (text, message) => {
    let error: Error | undefined;
    try {
      parseTraffic(text, "t.json", KNOWN);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain("\n");
  });

  it("counts D1 rows per category, dropping uncategorised ones", () => {
    expect(
      trafficFromRows([
        { category: "billing", n: 12 },
        { category: "", n: 5 },
        { category: "legal", n: "3" },
      ]),
    ).toEqual({ billing: 12, legal: 3 });
  });
});
