import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { pathToFileURL } from "node:url";
import { ownerOf } from "./bundle-report";
import type { CpuProfile } from "./inspector";
import { round } from "./stats";

export interface ProfileSummary {
  /** Sampled wall time of the profile, ms. */
  totalMs: number;
  /** Everything but (idle): JS, GC and the runtime's own native work seen from this isolate. */
  activeMs: number;
  /** Self time by package, src/ folder or pseudo-frame ((garbage collector), (program), runtime). */
  byOwner: { owner: string; ms: number }[];
  /** Self time of the heaviest functions at their original source location. */
  topFunctions: { fn: string; where: string; ms: number }[];
  /** Time in our own functions and everything they call (src/ frames only; a recursive frame counts once). */
  inclusiveSrc: { fn: string; where: string; ms: number }[];
}

type Frame = CpuProfile["nodes"][number]["callFrame"];

/** Where a frame's code comes from: its owner (package, src/ folder, runtime) and source location. */
export type FrameLocator = (frame: Frame) => { owner: string; where: string };

/** Frames of a bundled Worker, mapped back through the bundle's source map. */
export function bundleLocator(sourceMapPath: string, bundleName: string): FrameLocator {
  const map = new SourceMap(JSON.parse(readFileSync(sourceMapPath, "utf8")));
  return (frame) => locate(frame, map, bundleName);
}

/** Frames of modules loaded from files under `root` (a Node process running the sources). */
export function fileLocator(root: string): FrameLocator {
  const prefix = pathToFileURL(root).href + "/";
  return (frame) => {
    if (frame.functionName.startsWith("(")) return { owner: frame.functionName, where: "" };
    if (!frame.url.startsWith(prefix)) return { owner: "runtime", where: frame.url || "(native)" };
    const file = frame.url.slice(prefix.length);
    return { owner: ownerOf(file), where: `${file}:${frame.lineNumber + 1}` };
  };
}

/**
 * Adds up a CPU profile's self time by owner and by function, and the inclusive time of our own
 * (src/) functions, with `locate` telling where each frame's code comes from.
 * @example summarizeProfile(profile, bundleLocator("/tmp/out/index.js.map", "index.js"))
 */
export function summarizeProfile(profile: CpuProfile, where: FrameLocator, top = 25): ProfileSummary {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  }
  const byOwner = new Map<string, number>();
  const byFn = new Map<string, { fn: string; where: string; us: number }>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const frame = frames.get(id)!;
    total += us;
    if (frame.functionName === "(idle)") {
      idle += us;
      continue;
    }
    const loc = where(frame);
    byOwner.set(loc.owner, (byOwner.get(loc.owner) ?? 0) + us);
    const key = `${frame.functionName}@${loc.where}`;
    const entry = byFn.get(key) ?? { fn: frame.functionName || "(anonymous)", where: loc.where, us: 0 };
    entry.us += us;
    byFn.set(key, entry);
  }
  const ms = (us: number) => round(us / 1000, 2);
  const inclusive = inclusiveSrc(profile, selfUs, where);
  return {
    totalMs: ms(total),
    activeMs: ms(total - idle),
    byOwner: [...byOwner].map(([owner, us]) => ({ owner, ms: ms(us) })).sort((a, b) => b.ms - a.ms),
    topFunctions: [...byFn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ fn: f.fn, where: f.where, ms: ms(f.us) })),
    inclusiveSrc: inclusive.slice(0, top).map((f) => ({ fn: f.fn, where: f.where, ms: ms(f.us) })),
  };
}

/** Subtree time of every src/ function, summed per function over the call tree's nodes. */
function inclusiveSrc(profile: CpuProfile, selfUs: Map<number, number>, where: FrameLocator) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, { fn: string; where: string; us: number }>();
  const visit = (id: number, open: Set<string>): number => {
    const node = byId.get(id)!;
    const loc = where(node.callFrame);
    const key = loc.owner.startsWith("src/") ? `${node.callFrame.functionName}@${loc.where}` : undefined;
    const entered = key !== undefined && !open.has(key);
    if (entered) open.add(key!);
    let us = selfUs.get(id) ?? 0;
    for (const child of node.children ?? []) us += visit(child, open);
    if (entered) {
      open.delete(key!);
      const entry = totals.get(key!) ?? { fn: node.callFrame.functionName || "(anonymous)", where: loc.where, us: 0 };
      entry.us += us;
      totals.set(key!, entry);
    }
    return us;
  };
  const root = profile.nodes.find((n) => n.callFrame.functionName === "(root)") ?? profile.nodes[0];
  visit(root.id, new Set());
  return [...totals.values()].sort((a, b) => b.us - a.us);
}

function locate(frame: Frame, map: SourceMap, bundleName: string): { owner: string; where: string } {
  if (frame.functionName.startsWith("(")) return { owner: frame.functionName, where: "" };
  if (!frame.url.endsWith(bundleName)) return { owner: "runtime", where: frame.url || "(native)" };
  const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as {
    originalSource?: string;
    originalLine?: number;
  };
  if (!entry.originalSource) return { owner: "bundle (unmapped)", where: `${bundleName}:${frame.lineNumber + 1}` };
  const source = entry.originalSource.replace(/^.*?(node_modules\/|src\/|bench\/)/, "$1");
  return { owner: ownerOf(source), where: `${source}:${(entry.originalLine ?? 0) + 1}` };
}
