/**
 * FNV-1a (32-bit) over UTF-16 code units with a murmur3 finaliser so that keys differing only in
 * their last characters still land far apart. Stable across isolates, Node and workerd; not
 * cryptographic: it only spreads keys over buckets.
 */
export function stableHash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The canary bucket of a split key for one route, in [0, 100) with 0.01 resolution. The route id is
 * mixed in so that two routes' canaries do not pick the same requests.
 * @example splitBucket("req-123", "economy") // 42.17
 */
export function splitBucket(splitKey: string, routeId: string): number {
  return (stableHash32(`${routeId}\u0000${splitKey}`) % 10_000) / 100;
}
