/** A readable diff between two routing configs: what a push would change, by rule, model and route. */
import type { RouterConfig } from "../../src/config/schema";

export interface DiffLine {
  kind: "+" | "-" | "~";
  section: "rules" | "default" | "models" | "routes" | "categories" | "providers" | "settings";
  text: string;
}

/** JSON with sorted keys, so that equal documents compare equal whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const short = (v: unknown) => {
  const s = typeof v === "string" ? v : canonical(v);
  return s === undefined ? "(none)" : s.length > 70 ? `${s.slice(0, 67)}...` : s;
};

/** Field-by-field changes of two objects: `route: economy → premium`, `price.input: 0.15 → 0.2`. */
function fieldChanges(a: object, b: object, prefix = ""): string[] {
  const out: string[] = [];
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(ra), ...Object.keys(rb)])]) {
    const [x, y] = [ra[key], rb[key]];
    if (same(x, y)) continue;
    const plain = (v: unknown) => v && typeof v === "object" && !Array.isArray(v);
    if (plain(x) && plain(y) && key !== "when") out.push(...fieldChanges(x as object, y as object, `${prefix}${key}.`));
    else out.push(`${prefix}${key}: ${short(x)} → ${short(y)}`);
  }
  return out;
}

function keyed<T>(
  section: DiffLine["section"],
  before: Map<string, T>,
  after: Map<string, T>,
  label: (id: string, v: T) => string,
): DiffLine[] {
  const out: DiffLine[] = [];
  for (const [id, v] of after) if (!before.has(id)) out.push({ kind: "+", section, text: label(id, v) });
  for (const [id, v] of before) if (!after.has(id)) out.push({ kind: "-", section, text: label(id, v) });
  for (const [id, v] of after) {
    const old = before.get(id);
    if (old !== undefined && !same(old, v)) {
      out.push({ kind: "~", section, text: `${id}: ${fieldChanges(old as object, v as object).join("; ")}` });
    }
  }
  return out;
}

/**
 * What changes from `live` to `next` (live undefined: nothing published yet).
 * @example for (const l of diffConfigs(live, next)) console.log(l.kind, l.section, l.text)
 */
export function diffConfigs(live: RouterConfig | undefined, next: RouterConfig): DiffLine[] {
  if (!live) return [{ kind: "+", section: "settings", text: "nothing is live yet: the whole config is new" }];
  const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
  const out: DiffLine[] = [
    ...keyed(
      "rules",
      byId(live.rules),
      byId(next.rules),
      (id, r) => `${id} → ${r.route}${r.enabled ? "" : " (disabled)"}`,
    ),
  ];
  const order = (c: RouterConfig, keep: Set<string>) => c.rules.map((r) => r.id).filter((id) => keep.has(id));
  const common = new Set(live.rules.map((r) => r.id).filter((id) => next.rules.some((r) => r.id === id)));
  if (!same(order(live, common), order(next, common))) {
    out.push({
      kind: "~",
      section: "rules",
      text: `order: ${order(live, common).join(", ")} → ${order(next, common).join(", ")}`,
    });
  }
  if (!same(live.default, next.default)) {
    out.push({ kind: "~", section: "default", text: fieldChanges(live.default, next.default).join("; ") });
  }
  out.push(...keyed("models", byId(live.models), byId(next.models), (id, m) => `${id} (${m.provider}, ${m.tier})`));
  const entries = <T>(r: Record<string, T>) => new Map(Object.entries(r));
  out.push(...keyed("routes", entries(live.routes), entries(next.routes), (id, r) => `${id}: ${r.model ?? "split"}`));
  out.push(...keyed("categories", entries(live.categories), entries(next.categories), (id) => id));
  out.push(...keyed("providers", byId(live.providers), byId(next.providers), (id, p) => `${id} (${p.kind})`));
  for (const key of ["label", "baselineModel", "classifier", "policy", "resilience"] as const) {
    if (same(live[key], next[key])) continue;
    const change =
      typeof next[key] === "object"
        ? fieldChanges(live[key] as object, next[key] as object, `${key}.`)
        : [`${key}: ${short(live[key])} → ${short(next[key])}`];
    out.push({ kind: "~", section: "settings", text: change.join("; ") });
  }
  return out;
}
