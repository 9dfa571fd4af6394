import file from "./default-model.json";
import type { LinearModel } from "./linear-model";
import { validateModel } from "./model-format";

let decoded: LinearModel | undefined;

/**
 * The model bundled into the Worker (trained on the project's corpus by `npm run classify:train`),
 * validated and decoded on first use. Used until the routing config names a model in KV, and
 * whenever that model cannot be loaded.
 *
 * @example predictCategory(bundledModel(), { req, features, lastUserText })
 */
export function bundledModel(): LinearModel {
  if (decoded) return decoded;
  const { model, issues } = validateModel(file);
  if (!model)
    throw new Error(
      `the bundled classifier model is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
    );
  decoded = model;
  return model;
}
