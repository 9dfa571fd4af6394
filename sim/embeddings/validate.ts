import { badRequest, isObject, jsonType, type WireError } from "../wire-error";

const KNOWN = new Set(["model", "input", "dimensions", "encoding_format", "user"]);
export const MAX_INPUTS = 2048;

/** Output size of a model by name: 3072 for `*-3-large`, 1536 otherwise. */
export function defaultDimensions(model: string): number {
  return /3-large/.test(model) ? 3072 : 1536;
}

/** Whether a model takes `dimensions` (OpenAI's text-embedding-3 models do, ada-002 does not). */
export const takesDimensions = (model: string) => !/ada-002$/.test(model);

const isTokens = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((t) => Number.isInteger(t) && t >= 0);

/** The inputs as texts or token arrays, or the problem with `input`. */
export function inputsOf(input: unknown): (string | number[])[] | WireError {
  const invalid = badRequest(
    "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
    "input",
  );
  if (input === undefined)
    return badRequest("you must provide an input parameter", "input", "missing_required_parameter");
  if (typeof input === "string") return input === "" ? invalid : [input];
  if (!Array.isArray(input) || input.length === 0) return invalid;
  if (isTokens(input)) return [input as number[]];
  if (input.length > MAX_INPUTS)
    return badRequest(`'$.input' is invalid: at most ${MAX_INPUTS} inputs per request, got ${input.length}.`, "input");
  for (const item of input) if (!(typeof item === "string" && item !== "") && !isTokens(item)) return invalid;
  return input as (string | number[])[];
}

/** Checks an embeddings body the way the real API does; returns the first problem found. */
export function validateEmbeddingsBody(body: unknown): WireError | undefined {
  if (!isObject(body))
    return badRequest(`Invalid type for 'body': expected an object, but got ${jsonType(body)} instead.`);
  for (const k of Object.keys(body))
    if (!KNOWN.has(k)) return badRequest(`Unrecognized request argument supplied: ${k}`, k);
  if (typeof body.model !== "string" || body.model === "")
    return badRequest("you must provide a model parameter", "model");
  const inputs = inputsOf(body.input);
  if (!Array.isArray(inputs)) return inputs;
  const f = body.encoding_format;
  if (f !== undefined && f !== "float" && f !== "base64")
    return badRequest(
      `Invalid value: '${String(f)}'. Supported values are: 'float' and 'base64'.`,
      "encoding_format",
      "invalid_value",
    );
  const d = body.dimensions;
  if (d === undefined || d === null) return undefined;
  const model = body.model.split("~")[0];
  if (!takesDimensions(model)) return badRequest("This model does not support specifying dimensions.", "dimensions");
  if (!Number.isInteger(d) || (d as number) < 1 || (d as number) > defaultDimensions(model))
    return badRequest(
      `Invalid value for 'dimensions' = ${String(d)}. Must be an integer between 1 and ${defaultDimensions(model)}.`,
      "dimensions",
      "invalid_value",
    );
  return undefined;
}
