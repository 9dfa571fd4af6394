/** The simulated provider prompt cache: a prefix seen before is served from the cache. */

/** Prefixes shorter than this are never cached (the real minimum for most models). */
export const CACHE_MIN_TOKENS = 1024;
const MAX_ENTRIES = 50_000;

export interface CacheUse {
  /** Input tokens read from the cache. */
  read: number;
  /** Input tokens written to the cache (Anthropic bills these; OpenAI does not report them). */
  write: number;
}

export class PromptCache {
  private readonly seen = new Set<string>();

  /**
   * Looks a prefix up: the first request with a given key writes it, later ones read it. OpenAI
   * caches in 128-token steps, so `step` rounds the read down.
   */
  use(prefix: { key: string; tokens: number }, step = 1): CacheUse {
    if (!prefix.key || prefix.tokens < CACHE_MIN_TOKENS) return { read: 0, write: 0 };
    if (this.seen.has(prefix.key)) return { read: Math.floor(prefix.tokens / step) * step, write: 0 };
    if (this.seen.size >= MAX_ENTRIES) this.seen.clear();
    this.seen.add(prefix.key);
    return { read: 0, write: prefix.tokens };
  }

  clear(): void {
    this.seen.clear();
  }
}
