/** The routing config's JSON Schema for editors, generated from the zod schema (zod 4 `toJSONSchema`). */
import { z } from "zod";
import { RouterConfig } from "../../src/config/schema";

/**
 * JSON Schema (draft 2020-12) of the config as written by hand: fields with defaults are optional.
 * Cross-reference rules (unknown models, cycles, weights) are beyond JSON Schema: `rules validate`.
 */
export function routerConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RouterConfig, { io: "input", unrepresentable: "any" });
  return {
    ...schema,
    title: "model-router routing config",
    description: "rules/router.yaml; docs/rules.md describes every field. Validate with `npm run rules -- validate`.",
  };
}
