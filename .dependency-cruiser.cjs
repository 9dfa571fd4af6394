// The import rules of docs/architecture.md ("Layers"), checked by `npm run lint:imports` (and .ci/run).
// Each src/ folder may import only the folders below it; a new folder needs a line here and in the doc.
/** @type {import("dependency-cruiser").IConfiguration} */

// folder → the src/ folders it may import besides itself (and src/env.ts, which any folder may import).
const LAYERS = {
  api: ["pipeline", "protocols", "core", "config"],
  pipeline: ["telemetry", "rules", "dispatch", "classify", "protocols", "providers", "core", "config"],
  protocols: ["classify", "providers", "core", "config"],
  telemetry: ["dispatch", "classify", "core", "config"],
  rules: ["classify", "core", "config"],
  dispatch: ["providers", "core", "config"],
  classify: ["providers", "core", "config"],
  providers: ["core", "config"],
  core: ["config"],
  config: [],
};

const alt = (names) => names.map((n) => n.replace(".", "\\.")).join("|");
const layerRules = Object.entries(LAYERS).map(([folder, allowed]) => ({
  name: `layer-${folder}`,
  comment: `src/${folder}/ imports only ${allowed.length ? allowed.join(", ") : "nothing else in src/"} (docs/architecture.md)`,
  severity: "error",
  from: { path: `^src/${folder}/` },
  to: { path: "^src/", pathNot: [`^src/${folder}/`, `^src/(${alt([...allowed, "env.ts"])})(/|$)`] },
}));
const KNOWN = `^src/(${alt(Object.keys(LAYERS))})/|^src/(index|env)\\.ts$`;

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "src-folders-have-a-layer",
      comment: "every src/ folder has a place in LAYERS above and in docs/architecture.md before it imports anything",
      severity: "error",
      from: { path: "^src/", pathNot: KNOWN },
      to: {},
    },
    {
      name: "env-imports-nothing",
      comment: "src/env.ts (the bindings) sits below every module: it imports nothing from src/",
      severity: "error",
      from: { path: "^src/env\\.ts$" },
      to: { path: "^src/" },
    },
    {
      name: "src-is-the-worker",
      comment: "src/ is exactly what the Worker bundles: it never imports eval/, cli/, bench/, sim/ or test/",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(eval|cli|bench|sim|test)/" },
    },
    {
      name: "eval-is-a-library",
      comment:
        "eval/ (offline evaluation, replay, calibration, drift) imports src/ only, never the CLI, benchmarks or tests",
      severity: "error",
      from: { path: "^eval/" },
      to: { path: "^(cli|bench|sim|test)/" },
    },
    {
      name: "tools-do-not-import-tests",
      comment: "cli/, bench/ and sim/ never import test helpers (move a shared piece where both can import it)",
      severity: "error",
      from: { path: "^(cli|bench|sim)/" },
      to: { path: "^test/" },
    },
    {
      name: "simulator-stands-alone",
      comment:
        "the simulator does not import the router; sim/dispatch-targets.ts (shared by tests and benchmarks) is the one bridge",
      severity: "error",
      from: { path: "^sim/", pathNot: "^sim/dispatch-targets\\.ts$" },
      to: { path: "^src/" },
    },
    {
      name: "features-below-category",
      comment: "classify/features/ (pure request features) never imports classify/category/",
      severity: "error",
      from: { path: "^src/classify/features/" },
      to: { path: "^src/classify/category/" },
    },
    {
      name: "breaker-is-self-contained",
      comment: "dispatch/breaker/ imports nothing else from dispatch/ (dispatch uses the breaker, not the other way)",
      severity: "error",
      from: { path: "^src/dispatch/breaker/" },
      to: { path: "^src/dispatch/", pathNot: "^src/dispatch/breaker/" },
    },
    {
      name: "no-circular",
      comment: "no import cycle between files (type-only imports included)",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-circular-folders",
      comment: "no import cycle between folders",
      severity: "error",
      scope: "folder",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "every relative import resolves to a file",
      severity: "error",
      from: {},
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)node_modules/|^\\.wrangler/" },
    tsPreCompilationDeps: true,
    // Folder-level rules (no-circular-folders) are evaluated only when metrics are computed.
    metrics: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
