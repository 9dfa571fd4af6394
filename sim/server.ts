import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { anthropicProtocol } from "./anthropic/protocol";
import { PromptCache } from "./cache";
import { serveChat, type ChatDeps } from "./chat";
import { serveControl } from "./control";
import { serveEmbeddings } from "./embeddings/serve";
import { sendJson } from "./http";
import { serveModels } from "./models";
import { openaiProtocol } from "./openai/protocol";
import { responsesProtocol } from "./responses/protocol";
import { FaultRegistry } from "./registry";
import { SimStats } from "./stats";

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Added before the first byte of every chat response. */
  latencyMs?: number;
}

export interface Simulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function route(deps: ChatDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sim");
  if (req.method === "POST" && url.pathname === "/v1/chat/completions")
    return serveChat(openaiProtocol, deps, req, res);
  if (req.method === "POST" && url.pathname === "/v1/messages") return serveChat(anthropicProtocol, deps, req, res);
  if (req.method === "POST" && url.pathname === "/v1/responses") return serveChat(responsesProtocol, deps, req, res);
  if (req.method === "POST" && url.pathname === "/v1/embeddings") return serveEmbeddings(deps, req, res);
  if (req.method === "GET" && url.pathname === "/v1/models") return serveModels(req, res, deps.stats.models());
  if (await serveControl(deps, req, res, url)) return;
  if (req.method === "GET" && url.pathname === "/") {
    return sendJson(res, 200, {
      name: "model-router provider simulator",
      endpoints: [
        "/v1/chat/completions",
        "/v1/messages",
        "/v1/responses",
        "/v1/embeddings",
        "/v1/models",
        "/_sim/faults",
        "/_sim/stats",
        "/_sim/reset",
      ],
    });
  }
  sendJson(res, 404, {
    error: {
      message: `Unknown request URL: ${req.method} ${url.pathname}.`,
      type: "invalid_request_error",
      param: null,
      code: "unknown_url",
    },
  });
}

/**
 * Starts the provider simulator: OpenAI Chat Completions and Anthropic Messages on one port, with
 * fault injection and a control API (see sim/README.md).
 *
 * @example const sim = await startSimulator(); // sim.url = "http://127.0.0.1:<port>"
 */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const host = opts.host ?? "127.0.0.1";
  const deps: ChatDeps = {
    faults: new FaultRegistry(),
    stats: new SimStats(),
    cache: new PromptCache(),
    latencyMs: opts.latencyMs ?? 0,
  };
  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    deps.stats.enter();
    res.on("close", () => deps.stats.leave());
    route(deps, req, res).catch((e: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, {
          error: { message: `simulator bug: ${String(e)}`, type: "server_error", param: null, code: null },
        });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
