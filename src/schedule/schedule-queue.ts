/** The queue that carries the scheduler's tick jobs (one BullMQ job scheduler, `tick`); hash-tagged like every queue. */
export { SCHEDULE_QUEUE } from '../queue/send-queues.ts';
export const TICK_SCHEDULER_ID = 'tick';
/** How long a claim on queuing one group and date's fan-out lasts: the next tick after it retries a dispatch whose scheduler died. */
export const FAN_OUT_LEASE_MS = 5 * 60_000;
