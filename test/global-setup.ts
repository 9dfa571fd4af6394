import type { TestProject } from "vitest/node";
import { startSimulator } from "../sim/server";

/** Starts the provider simulator for the Workers tests and hands its URL to them as `simUrl`. */
export default async function setup(project: TestProject) {
  const sim = await startSimulator({ port: 0 });
  project.provide("simUrl", sim.url);
  return () => sim.close();
}
