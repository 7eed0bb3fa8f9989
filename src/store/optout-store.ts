import { waitForReplica, type RedisClient } from '../redis.ts';
import type { StoreKeys } from './keys.ts';
import type { Scripts } from './scripts.ts';
import { ALL_SHARDS, SHARDS, shardOf } from './shards.ts';
import { mergeStreams } from './stream-merge.ts';

export const OPTOUT_SOURCES = ['link', 'one-click', 'admin'] as const;
export type OptOutSource = (typeof OPTOUT_SOURCES)[number];

export interface OptOut {
  readonly id: string;
  readonly at: string;
  readonly source: OptOutSource;
}

export interface AuditEntry {
  readonly at: string;
  readonly id: string;
  readonly action: 'opt-out' | 'opt-in';
  readonly source: OptOutSource;
}

/** What `optOut` did. */
export interface RecordedOptOut {
  /** The opt-out in effect: this one, or the earlier one that was kept. */
  readonly optOut: OptOut;
  /** False when the recipient had opted out already (nothing was written). */
  readonly created: boolean;
  /** The recipient's locale from the roster, or null when the id is not on it. */
  readonly locale: string | null;
}

/** How often a recipient may undo their opt-out by link in an hour (README, "Unsubscribing"). */
export const RESUBSCRIBES_PER_HOUR = 3;

/** What a recipient's own undo did: `limited` when they have undone it too often this hour (nothing written). */
export type ResubscribeResult = 'removed' | 'none' | 'limited';

export interface OptOutStore {
  /** Records the opt-out (or keeps the one already recorded). Resolves only once it is in Redis. */
  optOut(id: string, source: OptOutSource, now?: Date): Promise<RecordedOptOut>;
  /** Removes an opt-out (an admin's action: never limited); false when there was none. */
  optIn(id: string, source: OptOutSource, now?: Date): Promise<boolean>;
  /** The recipient's own undo by link, rate-limited (RESUBSCRIBES_PER_HOUR). */
  resubscribe(id: string, now?: Date): Promise<ResubscribeResult>;
  get(id: string): Promise<OptOut | null>;
  /** Everyone opted out, shard by shard, a batch at a time. */
  batches(size?: number): AsyncIterable<OptOut[]>;
  /** The audit log of every shard, merged oldest first. */
  audit(): AsyncIterable<AuditEntry>;
}

const parse = (id: string, value: string): OptOut => {
  const bar = value.indexOf('|');
  return { id, at: value.slice(0, bar), source: value.slice(bar + 1) as OptOutSource };
};

export function createOptOutStore(client: RedisClient, keys: StoreKeys, scripts: Scripts, opts: { auditMaxEntries?: number } = {}): OptOutStore {
  const shardOfId = (id: string) => keys.shard(shardOf(id));
  // Each shard keeps its share of the audit log's cap (OPTOUT_AUDIT_MAX_ENTRIES, default a million).
  const cap = Math.max(1, Math.ceil((opts.auditMaxEntries ?? 1_000_000) / SHARDS));
  return {
    async optOut(id, source, now = new Date()) {
      const k = shardOfId(id);
      const [value, created, locale] = (await scripts.run('opt-out', [k.optouts, k.audit, k.recipient(id)], [
        id, now.toISOString(), source, cap,
      ])) as [string, number, string | null];
      // Acknowledged means kept, even if the master fails over right after answering.
      await waitForReplica(client, k.optouts);
      return { optOut: parse(id, value), created: created === 1, locale };
    },
    async optIn(id, source, now = new Date()) {
      const k = shardOfId(id);
      return (await scripts.run('opt-in', [k.optouts, k.audit], [id, now.toISOString(), source, cap])) === 1;
    },
    async resubscribe(id, now = new Date()) {
      const k = shardOfId(id);
      return (await scripts.run('resubscribe', [k.optouts, k.audit, k.resubscribes(id)], [
        id, now.toISOString(), 'link', cap, RESUBSCRIBES_PER_HOUR,
      ])) as ResubscribeResult;
    },
    async get(id) {
      const value = await client.hget(shardOfId(id).optouts, id);
      return value ? parse(id, value) : null;
    },
    async *batches(size = 1000) {
      for (const n of ALL_SHARDS) {
        let cursor = '0';
        do {
          const [next, flat] = await client.hscan(keys.shard(n).optouts, cursor, 'COUNT', size);
          cursor = next;
          const batch: OptOut[] = [];
          for (let i = 0; i < flat.length; i += 2) batch.push(parse(flat[i]!, flat[i + 1]!));
          if (batch.length > 0) yield batch;
        } while (cursor !== '0');
      }
    },
    async *audit() {
      for await (const { fields: f } of mergeStreams(client, ALL_SHARDS.map((n) => keys.shard(n).audit))) {
        yield { at: f.at!, id: f.id!, action: f.action as AuditEntry['action'], source: f.source as OptOutSource };
      }
    },
  };
}
