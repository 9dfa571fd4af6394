/** The cheap-model classifier for CLI runs (`--classify`): the Worker's pipeline over the provider layer. */
import { MemoryLru } from "../../src/classify/category/cache";
import type { ClassifyDeps } from "../../src/classify/category/pipeline";
import type { RouterConfig } from "../../src/config/schema";
import { providerFor, resolveTarget } from "../../src/providers";
import { catalogModel } from "../../src/core/catalog";

/**
 * ClassifyDeps that call `config.classifier.model` through the router's own adapters (the
 * simulator's or a real provider's, per `env`), with an in-memory cache like the isolate's.
 * @example await replay(active, rows, { useTags: false, classifier: cliClassifier(config, env) })
 */
export function cliClassifier(config: RouterConfig, env: Record<string, unknown>): ClassifyDeps {
  const target = resolveTarget(config, config.classifier.model, env);
  const provider = providerFor(config, target);
  const entry = catalogModel(config, config.classifier.model);
  return {
    cache: new MemoryLru(10_000),
    callModel: (req, signal) => provider.complete(req, target, { signal }),
    classifierPrice: entry?.price,
    classifierJsonSchema: entry?.capabilities.jsonSchema ?? false,
  };
}
