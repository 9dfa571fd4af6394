/** A V8 CPU profile as the DevTools protocol returns it (Profiler.stop). */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Samples one Worker's isolate over workerd's inspector (DevTools protocol over WebSocket; Node
 * 22's global WebSocket): start, then `stop()` for the profile. workerd lists one inspector target
 * per service; the router's is `core:user:<worker name>`.
 * @example const p = await startProfile(9229, "model-router"); …load…; const profile = await p.stop()
 */
export async function startProfile(
  inspectorPort: number,
  workerName: string,
  intervalUs = 200,
): Promise<{ stop(): Promise<CpuProfile> }> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
    id: string;
    webSocketDebuggerUrl?: string;
  }[];
  const target = targets.find(
    (t) => t.id.endsWith(`:${workerName}`) || t.webSocketDebuggerUrl?.endsWith(`/core:user:${workerName}`),
  );
  if (!target?.webSocketDebuggerUrl)
    throw new Error(`no inspector target for ${workerName} in ${JSON.stringify(targets)}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot connect to ${target.webSocketDebuggerUrl}`)), {
      once: true,
    });
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  ws.addEventListener("message", (ev) => {
    const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (!waiter) return;
    pending.delete(msg.id!);
    if (msg.error) waiter.reject(new Error(msg.error.message));
    else waiter.resolve(msg.result);
  });
  const send = (method: string, params?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: intervalUs });
  await send("Profiler.start");
  return {
    async stop() {
      const { profile } = (await send("Profiler.stop")) as { profile: CpuProfile };
      ws.close();
      return profile;
    },
  };
}
