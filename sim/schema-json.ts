import type { JsonSchema } from "./request";

/**
 * Builds a plausible JSON value that satisfies a JSON Schema: required properties (all of them
 * when the schema lists none), enums and consts, formats, numeric and length bounds, local $refs.
 * Used for tool-call arguments and json_schema answers.
 *
 * @example sampleFromSchema({ type: "object", properties: { city: { type: "string" } } }, "weather")
 *   // → { city: "Paris" }
 */
export function sampleFromSchema(schema: JsonSchema, hint = ""): unknown {
  return sample(schema, { root: schema, hint, depth: 0 }, "");
}

interface Ctx {
  root: JsonSchema;
  hint: string;
  depth: number;
}

const MAX_DEPTH = 8;

function sample(schema: JsonSchema, ctx: Ctx, name: string): unknown {
  if (ctx.depth > MAX_DEPTH || !isSchemaObject(schema)) return null;
  const s = resolveRef(schema, ctx.root);
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const next = { ...ctx, depth: ctx.depth + 1 };
  const alt = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alt) && alt.length > 0) {
    const pick = alt.find((a) => isSchemaObject(a) && resolveRef(a, ctx.root).type !== "null") ?? alt[0];
    return sample(pick, next, name);
  }
  if (Array.isArray(s.allOf)) return sample(mergeAll(s.allOf as JsonSchema[], ctx.root), next, name);
  switch (typeOf(s)) {
    case "object":
      return sampleObject(s, next);
    case "array":
      return sampleArray(s, next, name);
    case "string":
      return sampleString(s, ctx.hint, name);
    case "integer":
      return sampleNumber(s, true);
    case "number":
      return sampleNumber(s, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return sampleString(s, ctx.hint, name);
  }
}

const isSchemaObject = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (!isSchemaObject(schema)) return {};
  let s = schema;
  for (let hops = 0; typeof s.$ref === "string" && hops < 16; hops++) {
    const ref = s.$ref as string;
    if (!ref.startsWith("#")) return {};
    let target: unknown = root;
    for (const seg of ref.slice(1).split("/").filter(Boolean)) {
      const key = decodeURIComponent(seg.replace(/~1/g, "/").replace(/~0/g, "~"));
      target = target && typeof target === "object" ? (target as Record<string, unknown>)[key] : undefined;
    }
    if (!isSchemaObject(target)) return {};
    const { $ref: _ref, ...rest } = s;
    s = { ...(target as JsonSchema), ...rest };
  }
  return s;
}

function mergeAll(parts: JsonSchema[], root: JsonSchema): JsonSchema {
  const merged: JsonSchema = {};
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const p of parts.map((x) => resolveRef(x, root))) {
    Object.assign(merged, p);
    Object.assign(properties, (p.properties as Record<string, JsonSchema>) ?? {});
    required.push(...((p.required as string[]) ?? []));
  }
  if (Object.keys(properties).length > 0) Object.assign(merged, { type: "object", properties, required });
  delete merged.allOf;
  return merged;
}

function typeOf(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return (s.type as string[]).find((t) => t !== "null") ?? "null";
  if (typeof s.type === "string") return s.type;
  if (s.properties) return "object";
  if (s.items) return "array";
  return undefined;
}

function sampleObject(s: JsonSchema, ctx: Ctx): Record<string, unknown> {
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const keys = Array.isArray(s.required) ? (s.required as string[]) : Object.keys(props);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = sample(props[key] ?? {}, ctx, key);
  return out;
}

function sampleArray(s: JsonSchema, ctx: Ctx, name: string): unknown[] {
  const min = typeof s.minItems === "number" ? s.minItems : 1;
  const max = typeof s.maxItems === "number" ? s.maxItems : Math.max(min, 1);
  const n = Math.min(Math.max(min, 1), max);
  const items = (Array.isArray(s.prefixItems) ? undefined : s.items) as JsonSchema | undefined;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(sample(items ?? {}, ctx, singular(name)));
  return out;
}

function singular(name: string): string {
  return name.endsWith("s") ? name.slice(0, -1) : name;
}

function sampleNumber(s: JsonSchema, integer: boolean): number {
  const min =
    num(s.minimum) ??
    (num(s.exclusiveMinimum) !== undefined ? num(s.exclusiveMinimum)! + (integer ? 1 : 0.5) : undefined);
  const max =
    num(s.maximum) ??
    (num(s.exclusiveMaximum) !== undefined ? num(s.exclusiveMaximum)! - (integer ? 1 : 0.5) : undefined);
  let v =
    min !== undefined && max !== undefined ? (min + max) / 2 : (min ?? (max !== undefined ? Math.min(max, 42) : 42));
  if (integer) v = min !== undefined ? Math.ceil(v) : Math.floor(v);
  return v;
}

function num(x: unknown): number | undefined {
  return typeof x === "number" ? x : undefined;
}

const FORMATS: Record<string, string> = {
  date: "2024-05-01",
  "date-time": "2024-05-01T12:00:00Z",
  time: "12:00:00",
  email: "alex@example.com",
  uri: "https://example.com",
  url: "https://example.com",
  uuid: "123e4567-e89b-12d3-a456-426614174000",
  hostname: "example.com",
  ipv4: "192.0.2.1",
};

const BY_NAME: [RegExp, string][] = [
  [/address/i, "1 Main Street, Springfield"],
  [/location|city|place|town/i, "Paris"],
  [/country/i, "France"],
  [/e-?mail/i, "alex@example.com"],
  [/phone/i, "+1-555-0100"],
  [/url|link|website|href/i, "https://example.com"],
  [/date|day/i, "2024-05-01"],
  [/time/i, "12:00"],
  [/^(name|full_?name|first_?name|author|customer|user(_?name)?)$/i, "Alex Morgan"],
  [/lang/i, "en"],
  [/currency/i, "USD"],
  [/unit/i, "celsius"],
  [/category|label|class|type|kind/i, "general"],
  [/sentiment/i, "neutral"],
  [/id$/i, "id_0001"],
];

const FROM_PROMPT = /^(q|query|search|text|prompt|input|question|message|content|topic|summary|description|title)$/i;
const PLACE = /location|city|place|town|destination/i;
const PROPER_NOUN = /(?<=[\s,(])[A-Z][\p{Ll}]{2,}(?:\s[A-Z][\p{Ll}]+)?/u;

function sampleString(s: JsonSchema, hint: string, name: string): string {
  let v: string | undefined = typeof s.format === "string" ? FORMATS[s.format] : undefined;
  if (v === undefined && FROM_PROMPT.test(name) && hint) v = hint.replace(/\s+/g, " ").trim().slice(0, 80);
  if (v === undefined && PLACE.test(name)) v = PROPER_NOUN.exec(hint)?.[0];
  if (v === undefined) v = BY_NAME.find(([re]) => re.test(name))?.[1];
  if (v === undefined) v = name ? `example ${name.replace(/[_-]+/g, " ")}` : "example";
  const min = num(s.minLength) ?? 0;
  const max = num(s.maxLength);
  while (v.length < min) v += "x";
  return max !== undefined ? v.slice(0, max) : v;
}
