import type { Recipient } from '../../recipients/recipient.ts';
import type { LocalDate } from '../../time/zones.ts';
import type { RedisClient } from '../client.ts';
import type { Latency } from '../metrics-store.ts';
import type { OptOut } from '../optout-store.ts';
import type { Scripts } from '../scripts.ts';
import type { LegacyKeys } from './legacy-keys.ts';
import { decodeAuditEntry, decodeOptOut, decodeOutcome, decodeRecipient, type Decoded, type LegacyAuditEntry, type LegacyOutcome } from './legacy-records.ts';

export type MetricsName = 'outcomes' | Latency;
const METRICS_NAMES: readonly MetricsName[] = ['outcomes', 'render', 'smtp'];

export interface LegacyPresence {
  /** Recipients in the earlier roster (0 once it is retired). */
  readonly roster: number;
  /** The earlier roster has been replaced by the tombstone: a migration reached its last step. */
  readonly retired: boolean;
  readonly optouts: number;
  readonly audit: number;
  readonly sendGroups: number;
  /** Every date with outcomes, oldest first: how many, and how long Redis keeps them still (ms, null: for ever). */
  readonly dates: readonly { readonly date: LocalDate; readonly count: number; readonly ttlMs: number | null }[];
  readonly metrics: readonly MetricsName[];
}

/**
 * The earlier layout, read a batch at a time (a roster may hold a million people: never the
 * whole of anything in memory), and retired once everything is moved.
 */
export interface LegacyLayout {
  presence(): Promise<LegacyPresence>;
  roster(size?: number): AsyncIterable<Decoded<Recipient>[]>;
  optOuts(size?: number): AsyncIterable<Decoded<OptOut>[]>;
  /** The audit stream in order, from after `after` (a stream id) or from the start. */
  audit(after?: string, size?: number): AsyncIterable<{ readonly last: string; readonly entries: Decoded<LegacyAuditEntry>[] }>;
  /** Every outcome of a date, a batch at a time (in no order). */
  outcomes(date: LocalDate, size?: number): AsyncIterable<Decoded<LegacyOutcome>[]>;
  /** The outcomes of these ids on a date (null: none). */
  outcomesOf(date: LocalDate, ids: readonly string[]): Promise<(Decoded<LegacyOutcome> | null)[]>;
  /** How many of the ids are not on the earlier roster. */
  absentFromRoster(ids: readonly string[]): Promise<number>;
  metrics(name: MetricsName): Promise<Record<string, string>>;
  /**
   * Replaces the earlier roster with a short string. The earlier version's opt-out script
   * reads the roster hash before it writes anything, its send gate reads it before it lets a
   * briefing go, and its import writes it: on a string each fails (WRONGTYPE; the unsubscribe
   * page answers 503, never "you are unsubscribed") instead of writing what this layout would
   * never see.
   */
  retireRoster(now: Date): Promise<void>;
  /** Deletes the earlier keys, each kind once it is moved (the tombstone stays): the opt-outs and their audit stream… */
  removeOptOuts(): Promise<void>;
  /** … one date's outcomes, the send groups, the metrics. */
  removeOutcomes(date: LocalDate): Promise<void>;
  removeSendGroups(): Promise<void>;
  removeMetrics(): Promise<void>;
}

const BATCH = 500;

const tombstoneText = (now: Date) =>
  `moved to data layout 2 by briefing migrate at ${now.toISOString()}: this version of Briefing cannot use this data; run the version that migrated it`;

export function createLegacyLayout(client: RedisClient, old: LegacyKeys, scripts: Scripts): LegacyLayout {
  async function* hashEntries(key: string, size: number): AsyncIterable<[string, string][]> {
    let cursor = '0';
    do {
      const [next, flat] = await client.hscan(key, cursor, 'COUNT', size);
      cursor = next;
      const pairs: [string, string][] = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
      if (pairs.length > 0) yield pairs;
    } while (cursor !== '0');
  }

  async function outcomeDates(): Promise<LegacyPresence['dates']> {
    const dates: LocalDate[] = [];
    // SCAN walks the whole keyspace a page at a time; the earlier layout kept no index of dates.
    const nodes = 'nodes' in client ? client.nodes('master') : [client];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', old.outcomesPattern, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) {
          const date = old.dateOfOutcomes(key);
          if (date && !dates.includes(date)) dates.push(date);
        }
      } while (cursor !== '0');
    }
    dates.sort();
    return Promise.all(dates.map(async (date) => {
      const [count, ttl] = await Promise.all([client.hlen(old.outcomes(date)), client.pttl(old.outcomes(date))]);
      return { date, count, ttlMs: ttl >= 0 ? ttl : null };
    }));
  }

  // Every command names one key: the earlier layout only ran on one server, but the rule holds here too.
  return {
    async presence() {
      const rosterType = await client.type(old.recipients);
      const [roster, optouts, audit, sendGroups, dates, metrics] = await Promise.all([
        rosterType === 'hash' ? client.hlen(old.recipients) : 0,
        client.hlen(old.optouts),
        client.exists(old.audit).then((n) => (n ? client.xlen(old.audit) : 0)),
        client.scard(old.sendGroups),
        outcomeDates(),
        Promise.all(METRICS_NAMES.map(async (name) => ((await client.exists(metricsKey(name))) ? [name] : []))),
      ]);
      return { roster, retired: rosterType === 'string', optouts, audit, sendGroups, dates, metrics: metrics.flat() };
    },
    async *roster(size = BATCH) {
      if ((await client.type(old.recipients)) !== 'hash') return;
      for await (const pairs of hashEntries(old.recipients, size)) yield pairs.map(([id, json]) => decodeRecipient(id, json));
    },
    async *optOuts(size = BATCH) {
      for await (const pairs of hashEntries(old.optouts, size)) yield pairs.map(([id, json]) => decodeOptOut(id, json));
    },
    async *audit(after, size = BATCH) {
      let start = after ? `(${after}` : '-';
      for (;;) {
        const page = (await client.xrange(old.audit, start, '+', 'COUNT', size)) as [string, string[]][];
        if (page.length === 0) return;
        const last = page[page.length - 1]![0];
        yield { last, entries: page.map(([id, fields]) => decodeAuditEntry(id, fields)) };
        if (page.length < size) return;
        start = `(${last}`;
      }
    },
    async *outcomes(date, size = BATCH) {
      for await (const pairs of hashEntries(old.outcomes(date), size)) yield pairs.map(([id, json]) => decodeOutcome(date, id, json));
    },
    async outcomesOf(date, ids) {
      if (ids.length === 0) return [];
      const values = await client.hmget(old.outcomes(date), ...ids);
      return values.map((json, i) => (json === null ? null : decodeOutcome(date, ids[i]!, json)));
    },
    async absentFromRoster(ids) {
      if (ids.length === 0) return 0;
      if ((await client.type(old.recipients)) !== 'hash') return ids.length;
      return Number(await scripts.run('count-absent', [old.recipients], ids));
    },
    metrics: (name) => client.hgetall(metricsKey(name)),
    async retireRoster(now) {
      // UNLINK frees a million-field hash off the main thread; SET alone would free it inline.
      await client.unlink(old.recipients);
      await client.set(old.recipients, tombstoneText(now));
    },
    async removeOptOuts() {
      await Promise.all([client.unlink(old.optouts), client.unlink(old.audit)]);
    },
    async removeOutcomes(date) {
      await client.unlink(old.outcomes(date));
    },
    async removeSendGroups() {
      for await (const batch of setMembers(client, old.sendGroups)) await Promise.all(batch.map((group) => client.unlink(old.sendGroup(group))));
      // The index last: a crash before this leaves it, and a re-run finds the groups again.
      await client.unlink(old.sendGroups);
    },
    async removeMetrics() {
      await Promise.all(METRICS_NAMES.map((name) => client.unlink(metricsKey(name))));
    },
  };

  function metricsKey(name: MetricsName): string {
    return name === 'outcomes' ? old.metricsOutcomes : old.metricsHistogram(name);
  }
}

async function* setMembers(client: RedisClient, key: string): AsyncIterable<string[]> {
  let cursor = '0';
  do {
    const [next, members] = await client.sscan(key, cursor, 'COUNT', BATCH);
    cursor = next;
    if (members.length > 0) yield members;
  } while (cursor !== '0');
}
