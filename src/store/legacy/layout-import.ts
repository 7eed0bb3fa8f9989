import type { Outcome, StoredStatus } from '../../delivery/outcome.ts';
import type { LocalDate } from '../../time/zones.ts';
import type { RedisClient } from '../client.ts';
import { bucketOf, type StoreKeys } from '../keys.ts';
import { CODE_OF } from '../outcome-codes.ts';
import { countsTtlOf, type OutcomeTarget } from '../outcome-store.ts';
import type { OptOut } from '../optout-store.ts';
import type { Scripts } from '../scripts.ts';
import { ALL_SHARDS, shardOf } from '../shards.ts';
import { isOlderStreamId } from '../stream-ids.ts';
import type { ZoneTable } from '../zones.ts';
import type { MetricsName } from './legacy-layout.ts';
import type { LegacyAuditEntry } from './legacy-records.ts';

export interface MovedOutcome {
  readonly target: OutcomeTarget;
  readonly outcome: Outcome;
}

export interface DayCount {
  readonly status: StoredStatus;
  readonly timeZone: string;
  readonly n: number;
}

/**
 * Writes what `briefing migrate` moves into this layout. Every write can be done twice with
 * the result of doing it once: a re-run after a crash finishes the job and never doubles an
 * audit entry or a count.
 */
export interface LayoutImport {
  /** The recipients of one shard with where their outcomes belong (sequence number, zone), a batch at a time. */
  shardTargets(shard: number, size?: number): AsyncIterable<OutcomeTarget[]>;
  /** Records opt-outs with their time and source; one already here is kept. Returns how many were new. */
  optOuts(batch: readonly OptOut[]): Promise<number>;
  /**
   * Appends audit entries (given oldest first) to their shards' streams under their original
   * stream ids, so the merged log reads in the same order; those already there are skipped.
   * Returns how many were added.
   */
  audit(entries: readonly LegacyAuditEntry[]): Promise<number>;
  /** Records outcomes of one date, kept `ttlSeconds`. */
  outcomes(date: LocalDate, rows: readonly MovedOutcome[], ttlSeconds: number): Promise<void>;
  /** Moves each recipient's lastSent (the stale check) forward to the latest date sent to them. */
  raiseLastSent(latest: readonly { readonly id: string; readonly date: LocalDate }[]): Promise<void>;
  /**
   * Writes one shard's counts of a date whose per-person detail is not kept, whole (a
   * re-run replaces them); `summariseDay` then sums the shards into `day:DATE`.
   */
  shardDayCounts(shard: number, date: LocalDate, counts: readonly DayCount[], ttlMs: number | null): Promise<void>;
  /** Sums every shard's counts of a date into `day:DATE`, whole; returns how many outcomes they count. */
  summariseDay(date: LocalDate, ttlMs: number | null): Promise<number>;
  /** Drops the shards' counts of a date once `day:DATE` holds them. */
  dropShardDayCounts(date: LocalDate): Promise<void>;
  /** Adds the earlier counters of one metrics hash to this layout's, once; false when done before. */
  metrics(name: MetricsName, fields: Readonly<Record<string, string>>): Promise<boolean>;
}

export function createLayoutImport(client: RedisClient, keys: StoreKeys, scripts: Scripts, zones: ZoneTable): LayoutImport {
  /** One key in one transaction: a re-run replaces what a crashed run wrote, never adds to it. */
  const replaceHash = async (key: string, fields: ReadonlyMap<string, number>, ttlMs: number | null) => {
    const tx = client.multi().del(key);
    if (fields.size > 0) tx.hset(key, Object.fromEntries(fields));
    if (fields.size > 0 && ttlMs !== null) tx.pexpire(key, Math.max(1, ttlMs));
    await tx.exec();
  };
  /** The newest id in each shard's audit stream, read once per process. */
  const auditTops = new Map<number, string | null>();
  const auditTop = async (shard: number) => {
    if (!auditTops.has(shard)) {
      const newest = (await client.xrevrange(keys.shard(shard).audit, '+', '-', 'COUNT', 1)) as [string, string[]][];
      auditTops.set(shard, newest[0]?.[0] ?? null);
    }
    return auditTops.get(shard) ?? null;
  };

  async function addAuditEntry(e: LegacyAuditEntry): Promise<boolean> {
    const shard = shardOf(e.id);
    const top = await auditTop(shard);
    if (top !== null && !isOlderStreamId(top, e.streamId)) return false;
    auditTops.set(shard, e.streamId);
    try {
      await client.xadd(keys.shard(shard).audit, e.streamId, 'at', e.at, 'id', e.id, 'action', e.action, 'source', e.source);
      return true;
    } catch (err) {
      // Another `briefing migrate` running at the same time wrote it (and the ones before it) first.
      if (/equal or smaller/.test((err as Error).message)) return false;
      throw err;
    }
  }

  return {
    async *shardTargets(shard, size = 500) {
      const k = keys.shard(shard);
      // SSCAN may return a member twice while the set is rehashed; a shard is a 128th of the roster.
      const seen = new Set<string>();
      let cursor = '0';
      do {
        const [next, found] = await client.sscan(k.ids, cursor, 'COUNT', size);
        cursor = next;
        const ids = found.filter((id) => !seen.has(id));
        ids.forEach((id) => seen.add(id));
        const fields = await Promise.all(ids.map((id) => client.hmget(k.recipient(id), 'seq', 'tz', 'p.tz')));
        const targets: OutcomeTarget[] = [];
        fields.forEach(([seq, tz, ownTz], i) => {
          if (seq !== null && seq !== undefined && tz) targets.push({ id: ids[i]!, seq: Number(seq), timeZone: ownTz ?? tz });
        });
        if (targets.length > 0) yield targets;
      } while (cursor !== '0');
    },
    async optOuts(batch) {
      const created = await Promise.all(batch.map((o) => client.hsetnx(keys.shard(shardOf(o.id)).optouts, o.id, `${o.at}|${o.source}`)));
      return created.filter((n) => n === 1).length;
    },
    async audit(entries) {
      let added = 0;
      // In order within each shard (one connection keeps the order of its commands); shards in parallel.
      const byShard = new Map<number, LegacyAuditEntry[]>();
      for (const e of entries) {
        const list = byShard.get(shardOf(e.id)) ?? [];
        list.push(e);
        byShard.set(shardOf(e.id), list);
      }
      await Promise.all([...byShard.values()].map(async (list) => {
        for (const e of list) if (await addAuditEntry(e)) added += 1;
      }));
      return added;
    },
    async outcomes(date, rows, ttlSeconds) {
      const groups = new Map<string, { keys: string[]; args: (string | number)[] }>();
      for (const { target, outcome } of rows) {
        const shard = keys.shard(shardOf(target.id));
        const bucket = shard.outcomes(date, bucketOf(target.seq));
        const group = groups.get(bucket) ?? { keys: [bucket, shard.reasons(date), shard.counts(date)], args: [ttlSeconds, countsTtlOf(ttlSeconds)] };
        const at = Math.floor(Date.parse(outcome.at) / 1000);
        group.args.push(target.id, CODE_OF[outcome.status], at, await zones.numberOf(target.timeZone), outcome.reason ?? '');
        groups.set(bucket, group);
      }
      await Promise.all([...groups.values()].map((g) => scripts.run('import-outcomes', g.keys, g.args)));
    },
    async raiseLastSent(latest) {
      await Promise.all(latest.map((l) => scripts.run('raise-last-sent', [keys.shard(shardOf(l.id)).recipient(l.id)], [l.date])));
    },
    async shardDayCounts(shard, date, counts, ttlMs) {
      const fields = new Map<string, number>();
      for (const c of counts) {
        const field = `${CODE_OF[c.status]}|${await zones.numberOf(c.timeZone)}`;
        fields.set(field, (fields.get(field) ?? 0) + c.n);
      }
      await replaceHash(keys.shard(shard).counts(date), fields, ttlMs);
    },
    async summariseDay(date, ttlMs) {
      const fields = new Map<string, number>();
      for (const n of ALL_SHARDS) {
        for (const [field, value] of Object.entries(await client.hgetall(keys.shard(n).counts(date)))) fields.set(field, (fields.get(field) ?? 0) + Number(value));
      }
      await replaceHash(keys.daySummary(date), fields, ttlMs);
      return [...fields.values()].reduce((a, b) => a + b, 0);
    },
    async dropShardDayCounts(date) {
      await Promise.all(ALL_SHARDS.map((n) => client.unlink(keys.shard(n).counts(date))));
    },
    async metrics(name, fields) {
      const target = name === 'outcomes' ? keys.metricsOutcomes : keys.metricsHistogram(name);
      const pairs = Object.entries(fields).flat();
      return (await scripts.run('merge-counters', [keys.metricsMigrated, target], [name, ...pairs])) === 1;
    },
  };
}
