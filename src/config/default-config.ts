import defaultConfigJson from "./default-config.json";
import type { Category } from "./schema";

/**
 * The built-in routing config, generated from rules/router.yaml by `npm run rules:build`. The Worker
 * serves it while KV holds no `config:active` (and when the first config it reads is invalid).
 */
export const DEFAULT_CONFIG: unknown = defaultConfigJson;

/**
 * The built-in config's categories (rules/router.yaml `categories`): the routing guide's task table
 * plus code, translation and chat. The CLI, the benchmarks and the tests measure the keyword pass
 * against them; test/rules/default-config.test.ts checks that the whole config is valid.
 */
export const DEFAULT_CATEGORIES: Readonly<Record<string, Category>> = (
  defaultConfigJson as { categories: Record<string, Category> }
).categories;

/** The canonical JSON text of a config document: what `rules push` stores and versions hash. */
export function configText(doc: unknown): string {
  return JSON.stringify(doc, null, 2);
}

/** Short content version of a config text: the first 12 hex digits of its SHA-256. */
export async function configVersion(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest.subarray(0, 6), (b) => b.toString(16).padStart(2, "0")).join("");
}
