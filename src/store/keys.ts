import type { LocalDate } from '../time/zones.ts';
import { SHARD_TAGS } from './shards.ts';

/**
 * People per outcome bucket. A bucket is a hash of at most this many entries, which Redis
 * keeps as a compact listpack (its `hash-max-listpack-entries` default is 128): about 30
 * bytes per person and day instead of ~72 in one big hash (BENCHMARKS.md, "A million recipients").
 */
export const BUCKET_SIZE = 128;

/** The outcome bucket of a recipient's sequence number within its shard. */
export const bucketOf = (seq: number): number => Math.floor(seq / BUCKET_SIZE);

/**
 * Every Redis key of one installation, and the only code that builds a key string. Keys of
 * one shard share its hash tag (`prefix:{s17.25}:…`), so scripts over them touch one slot.
 * The global keys are each read and written alone (never in a script with another key),
 * except the metrics keys, which share a tag of their own.
 */
export function storeKeys(prefix: string) {
  // Built once per shard: a key is built per recipient on every hot path (bulk writes included).
  const shards = SHARD_TAGS.map((tag) => shardKeys(`${prefix}:{${tag}}`));
  return {
    /** string: the data layout version ("2"); absent before the first write */
    schema: `${prefix}:schema`,
    /** hash: the steps an unfinished `briefing migrate` has done; while it exists, no process starts */
    migration: `${prefix}:migration`,
    /** string (ISO time) while the organisation switch is off; the shards hold copies for the send gate */
    paused: `${prefix}:paused`,
    /** hash: the organisation's data controls: `off:SECTION` → when it went off, `remote-feeds` → "off" while off */
    orgSettings: `${prefix}:{org}:settings`,
    /** stream: every change of the data controls (at, source, change), capped; same tag as orgSettings, written in one step */
    orgAudit: `${prefix}:{org}:audit`,
    /** set of send groups "timeZone|HH:MM" that may have members (the scheduler's index) */
    groups: `${prefix}:groups`,
    /** hash: time zone → small number, used in outcome records and counters */
    zones: `${prefix}:zones`,
    /** string: epoch ms of the last finished scheduler tick (catch-up starts from there) */
    lastTick: `${prefix}:schedule:last-tick`,
    /** string: epoch ms of the first scheduler tick ever (explains "missed before start-up") */
    firstTick: `${prefix}:schedule:first-tick`,
    /** string: held while the hourly upkeep (the counts roll-up) is done or running, so one process does it per hour */
    upkeep: `${prefix}:schedule:upkeep`,
    /** string: the claim on fanning out one send group for one local date ("done" once finished) */
    fanOutClaim: (group: string, date: LocalDate) => `${prefix}:schedule:fan-out:${date}:${group}`,
    /** hash: outcome → count, across every process (read by /metrics) */
    metricsOutcomes: `${prefix}:{metrics}:outcomes`,
    /** hash: refused tokens by reason (`unknown-key`), across every process */
    metricsTokens: `${prefix}:{metrics}:tokens`,
    /** hash: histogram buckets, sum and count of one latency */
    metricsHistogram: (name: string) => `${prefix}:{metrics}:histogram:${name}`,
    /** hash: the metrics hashes `briefing migrate` has added the earlier layout's counts to (each once) */
    metricsMigrated: `${prefix}:{metrics}:migrated`,
    /** hash: "status|zone" → count of one date once its per-person detail has been dropped */
    daySummary: (date: LocalDate) => `${prefix}:day:${date}`,
    shard: (n: number): ShardKeys => {
      const keys = shards[n];
      if (!keys) throw new Error(`no shard ${n}: shards are 0 to ${shards.length - 1}`);
      return keys;
    },
  } as const;
}

function shardKeys(base: string) {
  return {
    /** string: copy of the organisation switch, read by the send gate in the same slot */
    paused: `${base}:paused`,
    /** set of the recipient ids of this shard */
    ids: `${base}:ids`,
    /** string: the last sequence number given to a recipient of this shard */
    seq: `${base}:seq`,
    /** hash: one recipient: imported fields, `p.*` preferences, `seq`, `lastSent` */
    recipient: (id: string) => `${base}:r:${id}`,
    /** hash: lower-cased address → id, for the addresses whose shard (shardOf(address)) this is */
    emails: `${base}:emails`,
    /** set of this shard's ids in one send group (by effective zone and send time) */
    group: (group: string) => `${base}:g:${group}`,
    /** hash: id → "at|source" of everyone opted out */
    optouts: `${base}:optouts`,
    /** stream: opt-outs, opt-ins and preference changes, capped */
    audit: `${base}:audit`,
    /** stream: every save of a recipient's own preferences (at, id, the choices kept), capped */
    prefsAudit: `${base}:prefs-audit`,
    /** string, expiring a day after the block: a focus block already sent (or being sent) as an invitation */
    focusBooking: (id: string, date: LocalDate, start: string, end: string) => `${base}:focus:${id}:${date}:${start}-${end}`,
    /** string, expiring within the hour: how often one recipient undid their opt-out by link this hour */
    resubscribes: (id: string) => `${base}:resubscribes:${id}`,
    /** hash: id → outcome ("S1764651234|3": status code, epoch seconds, zone number) of one date */
    outcomes: (date: LocalDate, bucket: number) => `${base}:o:${date}:${bucket}`,
    /** hash: id → status code, epoch seconds and reason ("X1764651234|550 …"), for the outcomes of one date that carry one */
    reasons: (date: LocalDate) => `${base}:why:${date}`,
    /** hash: "status|zone" → count of one date's outcomes in this shard */
    counts: (date: LocalDate) => `${base}:n:${date}`,
    /** set of the send groups whose non-workday people of one date are counted in this shard (kept 2 days) */
    fannedOut: (date: LocalDate) => `${base}:fo:${date}`,
  } as const;
}

export type StoreKeys = ReturnType<typeof storeKeys>;
export type ShardKeys = ReturnType<typeof shardKeys>;
