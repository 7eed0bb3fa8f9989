import type { Recipient } from '../recipients/recipient.ts';
import type { RedisClient } from './client.ts';
import type { StoreKeys } from './keys.ts';
import { fromFields, groupOfFields, groupWith, importedFields, type StoredRecipient } from './recipient-fields.ts';
import type { Scripts } from './scripts.ts';
import { ALL_SHARDS, shardOf } from './shards.ts';

/** Records written at once: each is its own small script, so Redis never stalls on a batch. */
const WRITE_BATCH = 500;
const READ_BATCH = 500;

export interface RosterStore {
  /** Upserts by id, in batches; a re-run after a failure finishes the job (it is idempotent). */
  upsertMany(recipients: readonly Recipient[]): Promise<{ created: number; updated: number }>;
  get(id: string): Promise<StoredRecipient | null>;
  getMany(ids: readonly string[]): Promise<Map<string, StoredRecipient>>;
  /** Takes people off the roster; returns the ids that were on it. Opt-outs are kept. */
  remove(ids: readonly string[]): Promise<string[]>;
  /** One page of the roster in storage order; `cursor` is the previous page's nextCursor ('0' or none: the start). */
  page(cursor: string | undefined, limit: number): Promise<{ recipients: StoredRecipient[]; nextCursor: string | null }>;
  /** The whole roster, shard by shard, a batch at a time: never all of it in memory. */
  batches(size?: number): AsyncIterable<StoredRecipient[]>;
  count(): Promise<number>;
  /** The id of the recipient with this address (case-insensitive), if any. */
  idByEmail(email: string): Promise<string | null>;
  /** Every send group that may have members ("timeZone|HH:MM"): the scheduler's index. */
  groups(): Promise<string[]>;
  /** The ids of one send group in one shard, a batch at a time. */
  groupMembers(group: string, shard: number, size?: number): AsyncIterable<string[]>;
}

export function createRosterStore(client: RedisClient, keys: StoreKeys, scripts: Scripts, markLayout: () => Promise<void>): RosterStore {
  const recordKey = (id: string) => keys.shard(shardOf(id)).recipient(id);
  const read = async (ids: readonly string[]) => Promise.all(ids.map((id) => client.hgetall(recordKey(id))));

  async function getMany(ids: readonly string[]): Promise<Map<string, StoredRecipient>> {
    const found = new Map<string, StoredRecipient>();
    for (let i = 0; i < ids.length; i += READ_BATCH) {
      const chunk = ids.slice(i, i + READ_BATCH);
      (await read(chunk)).forEach((fields, j) => {
        const r = fromFields(chunk[j]!, fields);
        if (r) found.set(r.id, r);
      });
    }
    return found;
  }

  async function upsertOne(r: Recipient, before: Record<string, string>): Promise<'created' | 'updated'> {
    const shard = keys.shard(shardOf(r.id));
    for (let attempt = 0; ; attempt += 1) {
      const oldGroup = groupOfFields(before);
      const newGroup = groupWith(r, before);
      const result = (await scripts.run(
        'upsert-recipient',
        [shard.ids, shard.seq, shard.recipient(r.id), shard.group(oldGroup || newGroup), shard.group(newGroup)],
        [r.id, oldGroup, newGroup, ...importedFields(r)],
      )) as [string, string];
      if (result[0] !== 'retry') return result[0] as 'created' | 'updated';
      // Their preferences changed between our read and the write: read again.
      if (attempt >= 5) throw new Error(`roster write for ${r.id} kept racing with a change to their preferences`);
      before = await client.hgetall(shard.recipient(r.id));
    }
  }

  async function indexEmail(r: Recipient, before: Record<string, string>): Promise<void> {
    const address = r.email.toLowerCase();
    const old = before.email?.toLowerCase();
    if (old && old !== address) {
      const oldIndex = keys.shard(shardOf(old)).emails;
      if ((await client.hget(oldIndex, old)) === r.id) await client.hdel(oldIndex, old);
    }
    if (old !== address) await client.hset(keys.shard(shardOf(address)).emails, address, r.id);
  }

  return {
    async upsertMany(recipients) {
      if (recipients.length > 0) await markLayout();
      let created = 0;
      for (let i = 0; i < recipients.length; i += WRITE_BATCH) {
        const chunk = recipients.slice(i, i + WRITE_BATCH);
        const before = await read(chunk.map((r) => r.id));
        // The scheduler's index first: a group listed before its members is harmless, the other way round is not.
        const groups = new Set(chunk.map((r, j) => groupWith(r, before[j]!)));
        await client.sadd(keys.groups, ...groups);
        const done = await Promise.all(chunk.map(async (r, j) => {
          const kind = await upsertOne(r, before[j]!);
          await indexEmail(r, before[j]!);
          return kind;
        }));
        created += done.filter((d) => d === 'created').length;
      }
      return { created, updated: recipients.length - created };
    },
    async get(id) {
      return fromFields(id, await client.hgetall(recordKey(id)));
    },
    getMany,
    async remove(ids) {
      const removed: string[] = [];
      for (const id of new Set(ids)) {
        const shard = keys.shard(shardOf(id));
        for (let attempt = 0; ; attempt += 1) {
          const before = await client.hgetall(shard.recipient(id));
          const group = groupOfFields(before);
          if (!group) break;
          try {
            const email = (await scripts.run('remove-recipient', [shard.ids, shard.recipient(id), shard.group(group)], [id, group])) as string | null;
            if (email) {
              const index = keys.shard(shardOf(email.toLowerCase())).emails;
              if ((await client.hget(index, email.toLowerCase())) === id) await client.hdel(index, email.toLowerCase());
            }
            removed.push(id);
            break;
          } catch (err) {
            if ((err as Error).message !== 'retry' || attempt >= 5) throw err;
          }
        }
      }
      return removed;
    },
    async page(cursor, limit) {
      const [from = '0', at = '0'] = cursor && cursor !== '0' ? cursor.split('.') : [];
      let shard = Number(from);
      let scan = at;
      const recipients: StoredRecipient[] = [];
      while (shard < ALL_SHARDS.length && recipients.length < limit) {
        const [next, ids] = await client.sscan(keys.shard(shard).ids, scan, 'COUNT', limit - recipients.length);
        recipients.push(...(await getMany(ids)).values());
        if (next === '0') {
          shard += 1;
          scan = '0';
        } else scan = next;
      }
      return { recipients, nextCursor: shard < ALL_SHARDS.length ? `${shard}.${scan}` : null };
    },
    async *batches(size = READ_BATCH) {
      for (const n of ALL_SHARDS) {
        let cursor = '0';
        const seen = new Set<string>();
        do {
          const [next, ids] = await client.sscan(keys.shard(n).ids, cursor, 'COUNT', size);
          cursor = next;
          // SSCAN may return a member twice while the set is rehashed.
          const fresh = ids.filter((id) => !seen.has(id));
          fresh.forEach((id) => seen.add(id));
          if (fresh.length === 0) continue;
          const found = await getMany(fresh);
          if (found.size > 0) yield [...found.values()];
        } while (cursor !== '0');
      }
    },
    async count() {
      const sizes = await Promise.all(ALL_SHARDS.map((n) => client.scard(keys.shard(n).ids)));
      return sizes.reduce((a, b) => a + b, 0);
    },
    async idByEmail(email) {
      const address = email.trim().toLowerCase();
      return client.hget(keys.shard(shardOf(address)).emails, address);
    },
    groups: () => client.smembers(keys.groups),
    async *groupMembers(group, shard, size = 1000) {
      let cursor = '0';
      const seen = new Set<string>();
      do {
        const [next, ids] = await client.sscan(keys.shard(shard).group(group), cursor, 'COUNT', size);
        cursor = next;
        const fresh = ids.filter((id) => !seen.has(id));
        fresh.forEach((id) => seen.add(id));
        if (fresh.length > 0) yield fresh;
      } while (cursor !== '0');
    },
  };
}
