import type { Env } from "../env";
import { parseRecord } from "./record-schema";
import { countFailure, countSuccess } from "./status";
import { insertRecords } from "./store";
import type { RequestRecord } from "./types";

/** Seconds before a failed batch is redelivered: 5, 10, 20, 40, 80… capped at 5 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 5 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The Queue consumer: inserts a batch of records (up to 100, with their attempts and samples) into
 * D1 in one `batch()` transaction, then acks them (the whole batch in one call when every message was
 * a valid record: a per-message ack was the consumer's largest cost in local workerd). When D1 fails the messages are retried
 * with backoff (after `max_retries` they go to the dead-letter queue). A message that is not a valid
 * record is retried on its own, so it ends in the dead-letter queue without blocking the others.
 * @example export default { fetch: app.fetch, queue: handleRecordBatch };
 */
export async function handleRecordBatch(batch: MessageBatch<RequestRecord>, env: Env): Promise<void> {
  const valid: Message<RequestRecord>[] = [];
  const records: RequestRecord[] = [];
  for (const message of batch.messages) {
    const parsed = parseRecord(message.body);
    if (parsed.ok) {
      valid.push(message);
      records.push(parsed.record);
    } else {
      countFailure("invalid", new Error(parsed.problem), { queue: batch.queue, messageId: message.id });
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
  if (records.length === 0) return;
  try {
    await insertRecords(env.DB, records);
  } catch (err) {
    countFailure("consumer", err, { queue: batch.queue, records: records.length });
    for (const message of valid) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    return;
  }
  if (valid.length === batch.messages.length) batch.ackAll();
  else for (const message of valid) message.ack();
  countSuccess("consumerBatches");
  countSuccess("consumerRecords", records.length);
}
