/**
 * Traffic weights for calibration: requests per category, from a JSON file or from the D1
 * `requests` table. A team's traffic is not 50 rows per category; weighting each category by its
 * share of real requests is what makes "≥ 95 % of quality kept" true of the traffic. Pure.
 */

/** Requests per category. */
export type Traffic = Record<string, number>;

/**
 * Parses and checks a traffic file: a JSON object `{"<category>": <request count>, …}` whose keys
 * are categories of the dataset or the config and whose counts are positive numbers. Throws a
 * one-line error naming the file and the key.
 * @example parseTraffic('{"billing": 5200}', "traffic.json", new Set(["billing"]))
 */
export function parseTraffic(text: string, file: string, known: ReadonlySet<string>): Traffic {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw new Error(`${file}: expected a JSON object {"<category>": <request count>, ...}`);
  const out: Traffic = {};
  const entries = Object.entries(doc as Record<string, unknown>);
  if (entries.length === 0) throw new Error(`${file}: no categories`);
  for (const [key, value] of entries) {
    if (!known.has(key))
      throw new Error(
        `${file}: key '${key}' is not a category of the dataset or the config (known: ${[...known].sort().join(", ")})`,
      );
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
      throw new Error(
        `${file}: key '${key}': the request count must be a positive number, got ${JSON.stringify(value)}`,
      );
    out[key] = value;
  }
  return out;
}

/** Counts from the rows of `SELECT category, COUNT(*) AS n … GROUP BY category` (rows without a category dropped). */
export function trafficFromRows(rows: readonly Record<string, unknown>[]): Traffic {
  const out: Traffic = {};
  for (const r of rows) {
    const c = typeof r.category === "string" ? r.category : "";
    const n = Number(r.n);
    if (c && Number.isFinite(n) && n > 0) out[c] = (out[c] ?? 0) + n;
  }
  return out;
}
