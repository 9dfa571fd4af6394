/** A request the simulator refuses, before it is mapped to a protocol's error shape. */
export interface WireError {
  status: number;
  message: string;
  /** OpenAI's `param` (null when none). */
  param: string | null;
  /** OpenAI's `code` (null when none). */
  code: string | null;
}

/** A 400 with a message, the offending parameter and OpenAI's code. */
export function badRequest(message: string, param: string | null = null, code: string | null = null): WireError {
  return { status: 400, message, param, code };
}

/** A short name for a JSON value's type, as the real APIs print it. */
export function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "decimal";
  return typeof v;
}

/** True for a plain JSON object. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
