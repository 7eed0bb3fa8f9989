/** The queue that carries the scheduler's tick jobs (one BullMQ job scheduler, `tick`). */
export const SCHEDULE_QUEUE = 'schedule';
export const TICK_SCHEDULER_ID = 'tick';
/** Default tick interval: a briefing goes out at most this late after its send time. */
export const DEFAULT_TICK_MS = 30_000;
/** How long a fan-out claim lasts without renewal (renewed after every batch of 1,000). */
export const FAN_OUT_LEASE_MS = 5 * 60_000;
