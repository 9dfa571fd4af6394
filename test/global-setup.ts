import type { TestProject } from "vitest/node";
import { createServer } from "node:http";

/** Starts the provider simulator for the Workers tests and hands its URL to them. */
export default async function setup(project: TestProject) {
  const server = createServer((_req, res) => res.end("sim placeholder"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  project.provide("simUrl", `http://127.0.0.1:${port}`);
  return () => new Promise<void>((r) => server.close(() => r()));
}
