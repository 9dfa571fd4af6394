/** The category ids (and classifier settings) of a routing config file, for the classifier CLIs. */
import { RouterConfig } from "../../src/config/schema";
import { DataError } from "./classify-data";
import { loadConfigFile } from "./rules-file";

/**
 * Loads a routing config (YAML or JSON) and returns it parsed; a missing or invalid file is a
 * one-line DataError.
 * @example const config = await loadRouterConfig("rules/router.yaml")
 */
export async function loadRouterConfig(file: string): Promise<RouterConfig> {
  let loaded;
  try {
    loaded = await loadConfigFile(file);
  } catch (e) {
    throw new DataError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!loaded.doc)
    throw new DataError(`${loaded.errors[0]?.path ?? file}: ${loaded.errors[0]?.message ?? "not a config"}`);
  const parsed = RouterConfig.safeParse(loaded.doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataError(`${file}: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** The config's category ids, in the file's order: the labels a model predicts. */
export async function loadCategoryIds(file: string): Promise<string[]> {
  return Object.keys((await loadRouterConfig(file)).categories);
}
