import { spawn } from "node:child_process";
import { PROJECT_ROOT } from "../../cli/lib/wrangler";

/** The provider simulator in its own Node process, so that it does not share the load generator's event loop. */
export interface SimProcess {
  url: string;
  pid: number;
  /** Registers a fault for every model (POST /_sim/faults), e.g. `{ kind: "chunk_delay", ms: 20 }`. */
  addFault(fault: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts `sim/main.ts` on a free port with zero added latency and waits for its URL.
 * @example const sim = await startSimProcess(); // sim.url = "http://127.0.0.1:<port>"
 */
export async function startSimProcess(timeoutMs = 30_000): Promise<SimProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "sim/main.ts", "--port", "0", "--latency", "0"], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the simulator did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited with code ${code}:\n${output}`));
    });
  });
  child.removeAllListeners("exit");
  const control = async (method: string, body?: unknown) => {
    const res = await fetch(`${url}/_sim/faults`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${method} /_sim/faults: ${res.status} ${await res.text()}`);
  };
  return {
    url,
    pid: child.pid!,
    addFault: (fault) => control("POST", { model: "*", fault }),
    clearFaults: () => control("DELETE"),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
