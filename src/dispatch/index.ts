export { dispatch } from "./dispatch";
export { breakerStatus, breakerStore, type BreakerStatusReport, type BreakerStatusOptions } from "./breaker/registry";
export { BreakerBoard, type BreakerStore, type BreakerRemote, type BreakerView } from "./breaker/store";
export { resolveSettings, type DispatchSettings } from "./settings";
export type {
  DispatchDeps,
  DispatchInput,
  DispatchResult,
  DispatchSuccess,
  DispatchFailure,
  ResolvedTarget,
  StreamEnd,
} from "./types";
