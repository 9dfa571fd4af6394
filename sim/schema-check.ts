/**
 * Whether a tool's JSON Schema is one the simulator (and a real provider) can work with: an
 * object whose sub-schemas are objects or booleans, `properties`/`$defs` objects of schemas,
 * `anyOf`/`oneOf`/`allOf` arrays of schemas, `required` a list of strings, nested at most
 * MAX_SCHEMA_DEPTH levels. The walk is iterative, so no schema can overflow the stack. Returns the
 * first problem (with its path inside the schema) or undefined.
 *
 * @example schemaProblem({ type: "object", properties: "x" }) // "properties: must be an object of schemas"
 */
export const MAX_SCHEMA_DEPTH = 64;

const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SCHEMA_LISTS = ["anyOf", "oneOf", "allOf", "prefixItems"];
const SCHEMA_ONE = ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isSchema = (v: unknown) => isObject(v) || typeof v === "boolean";

export function schemaProblem(root: unknown): string | undefined {
  if (!isObject(root)) return "the schema must be a JSON object";
  const stack: { s: unknown; path: string; depth: number }[] = [{ s: root, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { s, path, depth } = stack.pop()!;
    if (depth > MAX_SCHEMA_DEPTH) return `${shorten(path)}: nested more than ${MAX_SCHEMA_DEPTH} levels deep`;
    if (!isObject(s)) continue;
    const at = (k: string) => (path ? `${path}.${k}` : k);
    const push = (v: unknown, p: string) => stack.push({ s: v, path: p, depth: depth + 1 });
    if (
      s.type !== undefined &&
      typeof s.type !== "string" &&
      !(Array.isArray(s.type) && s.type.every((t) => typeof t === "string"))
    )
      return `${at("type")}: must be a string or a list of strings`;
    if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every((r) => typeof r === "string")))
      return `${at("required")}: must be a list of strings`;
    if (s.enum !== undefined && !Array.isArray(s.enum)) return `${at("enum")}: must be a list`;
    for (const k of SCHEMA_MAPS) {
      if (s[k] === undefined) continue;
      if (!isObject(s[k]) || !Object.values(s[k]).every(isSchema)) return `${at(k)}: must be an object of schemas`;
      for (const [name, v] of Object.entries(s[k])) push(v, `${at(k)}.${name}`);
    }
    for (const k of SCHEMA_LISTS) {
      if (s[k] === undefined) continue;
      if (!Array.isArray(s[k]) || !s[k].every(isSchema)) return `${at(k)}: must be a list of schemas`;
      s[k].forEach((v, i) => push(v, `${at(k)}[${i}]`));
    }
    for (const k of SCHEMA_ONE) {
      if (s[k] === undefined) continue;
      if (!isSchema(s[k])) return `${at(k)}: must be a schema`;
      push(s[k], at(k));
    }
  }
  return undefined;
}

const shorten = (path: string) => (path.length > 80 ? `…${path.slice(-60)}` : path);

/**
 * Nesting depth of a JSON text (brackets outside strings), in one pass. The simulator refuses
 * bodies nested deeper than MAX_BODY_DEPTH before parsing them, so no later step recurses into one.
 */
export const MAX_BODY_DEPTH = 256;

export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}
