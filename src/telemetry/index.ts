/** Telemetry: costs, the per-request record's write path (AE + Queue → D1), and its status. */
export { costOf, baselineCostOf, recordCosts, catalogModel, type RecordCosts } from "./cost";
export { recordRequest, fitForQueue } from "./writer";
export { handleRecordBatch } from "./consumer";
export { telemetryStatus, type TelemetryStatus } from "./status";
export { readRecord, countRecords, insertRecords } from "./store";
export type { RequestRecord, AttemptRecord } from "./types";
