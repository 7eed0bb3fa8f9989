import { Queue } from 'bullmq';
import type { RedisClient } from '../store/client.ts';
import { shardOf } from '../store/shards.ts';

/**
 * The send queues. Each queue's keys share one hash tag (BullMQ keeps a queue in one slot),
 * so on a Redis Cluster one queue lives on one master; SEND_QUEUES spreads recipients over
 * several (by shard), and every worker takes from all of them.
 */
export const sendQueueName = (i: number): string => `{send.${i}}`;
/** The scheduler's tick. */
export const SCHEDULE_QUEUE = '{schedule}';
/** Fan-out jobs (a send group, a date and a range of shards) and the admin's send-all jobs. */
export const FAN_OUT_QUEUE = '{fanout}';

export interface SendQueues {
  readonly all: readonly Queue[];
  /** The queue of a recipient (by shard, so one person's jobs always go to one queue). */
  of(recipientId: string): Queue;
  close(): Promise<void>;
}

export function createSendQueues(connection: RedisClient, prefix: string, count: number): SendQueues {
  const all = Array.from({ length: count }, (_, i) => new Queue(sendQueueName(i), { connection, prefix }));
  return {
    all,
    of: (id) => all[shardOf(id) % all.length]!,
    async close() {
      await Promise.all(all.map((q) => q.close()));
    },
  };
}
