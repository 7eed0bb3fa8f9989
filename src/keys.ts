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
    /** stream: every opt-out and opt-in, in order; capped at OPTOUT_AUDIT_MAX_ENTRIES */
    optoutAudit: `${prefix}:optouts:audit`,
    /** string, expiring: how often one recipient resubscribed by link in the current hour */
    optoutResubscribes: (id: string) => `${prefix}:optouts:resubscribes:${id}`,
    /** hash: recipient id → JSON outcome, one hash per local date */
    outcomes: (date: LocalDate) => `${prefix}:outcomes:${date}`,
    /** string: epoch ms of the last finished scheduler tick (catch-up starts from there) */
    scheduleLastTick: `${prefix}:schedule:last-tick`,
    /** string: the scheduler's claim on fanning out one send group for one local date ("done" once finished) */
    fanOutClaim: (group: string, date: LocalDate) => `${prefix}:schedule:fan-out:${date}:${group}`,
    /** hash: outcome → count, across every process (read by /metrics) */
    metricsOutcomes: `${prefix}:metrics:outcomes`,
    /** hash: refused tokens by reason (`unknown-key`), across every process (read by /metrics) */
    metricsTokens: `${prefix}:metrics:tokens`,
    /** hash: histogram buckets, sum and count of one latency, across every process */
    metricsHistogram: (name: string) => `${prefix}:metrics:histogram:${name}`,
  } as const;
}

export type RedisKeys = ReturnType<typeof redisKeys>;
