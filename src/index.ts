import { createApp } from "./api/app";
import type { Env } from "./env";
import type { RequestRecord } from "./telemetry/types";
import { handleRecordBatch } from "./telemetry/consumer";

export { BreakerState } from "./dispatch/breaker/durable-object";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: (batch: MessageBatch<RequestRecord>, env: Env) => handleRecordBatch(batch, env),
} satisfies ExportedHandler<Env, RequestRecord>;
