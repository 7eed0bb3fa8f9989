import type { LocalDate } from './time/zones.ts';

/**
 * Every Redis key the service uses, under BRIEFING_PREFIX, in one place so that a reader
 * can see the whole data model and a test can delete exactly its own keys (`prefix:*`).
 */
export function redisKeys(prefix: string) {
  return {
    /** hash: recipient id → JSON record */
    recipients: `${prefix}:recipients`,
    /** set of "timeZone|HH:MM" groups that have at least one recipient */
    sendGroups: `${prefix}:send-groups`,
    /** set of recipient ids sending at one local time in one zone */
    sendGroup: (timeZone: string, sendAt: string) => `${prefix}:send-group:${timeZone}|${sendAt}`,
    /** string "1" while the organisation switch is off (paused) */
    paused: `${prefix}:paused`,
    /** hash: recipient id → JSON { at, source } */
    optouts: `${prefix}:optouts`,
    /** stream: every opt-out and opt-in, in order */
    optoutAudit: `${prefix}:optouts:audit`,
    /** hash: recipient id → JSON outcome, one hash per local date */
    outcomes: (date: LocalDate) => `${prefix}:outcomes:${date}`,
    /** hash: recipient id → JSON of their own choices (preferences page), overlaid on the imported record */
    preferences: `${prefix}:preferences`,
    /** stream: every preferences save (at, id, the fields kept), in order */
    preferencesAudit: `${prefix}:preferences:audit`,
    /** string: a focus block already sent as an invitation (SET NX, expires) */
    focusBooking: (id: string, date: LocalDate, start: string, end: string) => `${prefix}:focus-booking:${id}:${date}:${start}-${end}`,
    /** string: epoch ms of the last finished scheduler tick (catch-up starts from there) */
    scheduleLastTick: `${prefix}:schedule:last-tick`,
    /** string: the scheduler's claim on fanning out one send group for one local date ("done" once finished) */
    fanOutClaim: (group: string, date: LocalDate) => `${prefix}:schedule:fan-out:${date}:${group}`,
    /** hash: outcome → count, across every process (read by /metrics) */
    metricsOutcomes: `${prefix}:metrics:outcomes`,
    /** hash: histogram buckets, sum and count of one latency, across every process */
    metricsHistogram: (name: string) => `${prefix}:metrics:histogram:${name}`,
  } as const;
}

export type RedisKeys = ReturnType<typeof redisKeys>;
