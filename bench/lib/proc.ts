import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc's utime/stime (`getconf CLK_TCK`, 100 on Linux almost always). */
export function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime of all the process's threads, in ms. */
  cpuMs: number;
}

/** Parses /proc/<pid>/stat (the command name may hold spaces and parentheses). */
export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  const rest = text.slice(close + 2).split(" ");
  // Fields after the name start at field 3 (state): ppid is field 4, utime 14, stime 15.
  const ticks = Number(rest[14 - 3]) + Number(rest[15 - 3]);
  return { pid, comm: text.slice(open + 1, close), ppid: Number(rest[4 - 3]), cpuMs: (ticks * 1000) / clockTicks() };
}

/** CPU ms (user + system) a process has used so far; throws when it is gone. */
export function cpuMsOf(pid: number): number {
  const stat = readStat(pid);
  if (!stat) throw new Error(`process ${pid} is gone: cannot read its CPU time`);
  return stat.cpuMs;
}

/** Every process id on the machine now. */
export function allPids(): Set<number> {
  return new Set(
    readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .map(Number),
  );
}

/**
 * Processes named `comm` that descend from `ancestor` and were not in `before`: how the benchmark
 * finds the workerd a Miniflare instance just spawned.
 */
export function newDescendants(ancestor: number, comm: string, before: Set<number>): number[] {
  const stats = [...allPids()].map(readStat).filter((s): s is ProcStat => s !== undefined);
  const parent = new Map(stats.map((s) => [s.pid, s.ppid]));
  const descends = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === ancestor) return true;
    return false;
  };
  return stats.filter((s) => s.comm === comm && !before.has(s.pid) && descends(s.pid)).map((s) => s.pid);
}
