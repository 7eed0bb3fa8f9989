import type { LocalDate } from '../../time/zones.ts';

/**
 * The keys of the earlier data layout, one key per kind (commit 09a10b8, `src/keys.ts`), read
 * only by the layout check and `briefing migrate`. That version ran on one Redis server only
 * (its scripts touched keys of many slots), so these keys never sat on a cluster. Its paused
 * flag and scheduler keys (`paused`, `schedule:last-tick`, `schedule:fan-out:…`) have the
 * same names and formats in this layout and stay where they are.
 */
export function legacyKeys(prefix: string) {
  return {
    /** hash: id → JSON recipient. After a migration, a string: the tombstone (see `retire`) */
    recipients: `${prefix}:recipients`,
    /** set of "timeZone|HH:MM" send groups */
    sendGroups: `${prefix}:send-groups`,
    /** set of the ids of one send group */
    sendGroup: (group: string) => `${prefix}:send-group:${group}`,
    /** hash: id → JSON { at, source } */
    optouts: `${prefix}:optouts`,
    /** stream: every opt-out and opt-in (fields at, id, action, source) */
    audit: `${prefix}:optouts:audit`,
    /** hash: id → JSON outcome, one per local date */
    outcomes: (date: LocalDate) => `${prefix}:outcomes:${date}`,
    /** SCAN pattern of every date's outcomes (BRIEFING_PREFIX allows no glob characters) */
    outcomesPattern: `${prefix}:outcomes:*`,
    /** the date of an outcomes key found by the pattern, or null for another key */
    dateOfOutcomes: (key: string): LocalDate | null => {
      const date = key.slice(`${prefix}:outcomes:`.length);
      return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
    },
    /** hash: outcome → count */
    metricsOutcomes: `${prefix}:metrics:outcomes`,
    /** hash: buckets, sum and count of one latency histogram (render, smtp) */
    metricsHistogram: (name: string) => `${prefix}:metrics:histogram:${name}`,
  } as const;
}

export type LegacyKeys = ReturnType<typeof legacyKeys>;
