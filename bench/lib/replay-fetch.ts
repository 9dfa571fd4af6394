/** An upstream answer kept in memory: status, headers and the body's chunks as they arrived. */
interface Recorded {
  status: number;
  headers: [string, string][];
  chunks: Uint8Array[];
}

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

/**
 * A `fetch` that asks the real upstream once per distinct (URL, body) and then answers from
 * memory, chunk by chunk as recorded: the pipeline harness times the router's own work, not the
 * network or the simulator. Bodies are strings (what the provider adapters send) or streams (the
 * pass-through Worker's), read to text.
 * @example globalThis.fetch = recordReplayFetch(globalThis.fetch).fetch
 */
export function recordReplayFetch(real: typeof fetch): { fetch: typeof fetch; recorded(): number } {
  const store = new Map<string, Recorded>();
  const replay = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const raw = init?.body;
    if (raw !== undefined && raw !== null && typeof raw !== "string" && !(raw instanceof ReadableStream)) {
      throw new Error("recordReplayFetch: only string and stream bodies are supported");
    }
    const body = raw instanceof ReadableStream ? await new Response(raw).text() : raw;
    const key = `${init?.method ?? "GET"} ${urlOf(input)}\n${body ?? ""}`;
    let rec = store.get(key);
    if (!rec) {
      const res = await real(input, { ...init, body, signal: undefined });
      const chunks: Uint8Array[] = [];
      if (res.body) for await (const chunk of res.body) chunks.push(chunk);
      rec = { status: res.status, headers: [...res.headers], chunks };
      store.set(key, rec);
    }
    const { chunks } = rec;
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < chunks.length) controller.enqueue(chunks[i++]);
        else controller.close();
      },
    });
    return new Response(stream, { status: rec.status, headers: rec.headers });
  };
  return { fetch: replay as typeof fetch, recorded: () => store.size };
}
