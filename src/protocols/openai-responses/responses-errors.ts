import type * as z from "zod";
import { RouterError } from "../../core/errors";
import { firstProblem, openaiPath } from "../shared/zod-problem";

/** A 400 in OpenAI's shape naming the parameter, e.g. `param: "input[3].call_id"`. */
export function invalidParam(param: string, message: string, code = "invalid_value"): RouterError {
  return new RouterError(400, message, "invalid_request_error", code, param);
}

/** A parameter the router understands but cannot honour statelessly: a 400 that says why. */
export function unsupportedParam(param: string, why: string): RouterError {
  return invalidParam(param, `The router does not support '${param}': ${why}`, "unsupported_parameter");
}

/** `Supported values are: 'a', 'b', and 'c'.` as OpenAI words it. */
export function supportedValues(values: readonly string[]): string {
  const q = values.map((v) => `'${v}'`);
  return q.length > 1 ? `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1]}` : (q[0] ?? "");
}

/** A zod failure as OpenAI's 400: missing, unknown and invalid parameters named by their path. */
export function zodParamError(error: z.ZodError, prefix: (string | number)[] = []): RouterError {
  const problem = firstProblem(error, prefix);
  const param = openaiPath(problem.path);
  if (problem.code === "unrecognized_keys")
    return invalidParam(param, `Unknown parameter: '${param}'.`, "unknown_parameter");
  if (problem.code === "invalid_type" && /received undefined$/.test(problem.message))
    return invalidParam(param, `Missing required parameter: '${param}'.`, "missing_required_parameter");
  return invalidParam(
    param,
    `Invalid '${param}': ${problem.message}`,
    problem.code === "invalid_type" ? "invalid_type" : "invalid_value",
  );
}
