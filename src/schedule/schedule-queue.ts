/** The queue that carries the scheduler's tick jobs (one BullMQ job scheduler, `tick`); hash-tagged like every queue. */
export { SCHEDULE_QUEUE } from '../queue/send-queues.ts';
export const TICK_SCHEDULER_ID = 'tick';
/** How long a fan-out claim lasts without renewal (renewed after every batch of 1,000). */
export const FAN_OUT_LEASE_MS = 5 * 60_000;
