import type { Recipient } from '../recipients/recipient.ts';
import type { Weekday } from '../time/zones.ts';
import type { RedisClient } from './client.ts';
import type { StoreKeys } from './keys.ts';
import { fromFields, groupOfFields, groupWith, importedFields, type StoredRecipient } from './recipient-fields.ts';
import type { Scripts } from './scripts.ts';
import { ALL_SHARDS, shardOf } from './shards.ts';

/**
 * Records written at once: split by shard into one script call each (a few dozen people at
 * 5,000 over 128 shards), so Redis answers others between calls and never stalls on a batch.
 */
const WRITE_BATCH = 5000;
const READ_BATCH = 500;

export interface RosterStore {
  /**
   * Upserts by id, in batches; a re-run after a failure finishes the job (it is idempotent).
   * A new record notes when it joined, unless `joined: false` (`briefing migrate`: they were
   * on the earlier installation's roster already, since a time it did not keep).
   */
  upsertMany(recipients: readonly Recipient[], opts?: { joined?: boolean }): Promise<{ created: number; updated: number }>;
  get(id: string): Promise<StoredRecipient | null>;
  getMany(ids: readonly string[]): Promise<Map<string, StoredRecipient>>;
  /** Takes people off the roster; returns the ids that were on it. Opt-outs are kept. */
  remove(ids: readonly string[]): Promise<string[]>;
  /** One page of the roster in storage order; `cursor` is the previous page's nextCursor ('0' or none: the start). */
  page(cursor: string | undefined, limit: number): Promise<{ recipients: StoredRecipient[]; nextCursor: string | null }>;
  /** The whole roster, shard by shard, a batch at a time: never all of it in memory. */
  batches(size?: number): AsyncIterable<StoredRecipient[]>;
  /** The ids of the whole roster, shard by shard, a batch at a time, without reading their records. */
  ids(size?: number): AsyncIterable<string[]>;
  count(): Promise<number>;
  /** The id of the recipient with this address (case-insensitive), if any. */
  idByEmail(email: string): Promise<string | null>;
  /** Every send group that may have members ("timeZone|HH:MM"): the scheduler's index. */
  groups(): Promise<string[]>;
  /** The ids of one send group in one shard, a batch at a time. */
  groupMembers(group: string, shard: number, size?: number): AsyncIterable<string[]>;
  /** How many people each shard holds in one send group (index = shard): what fan-out splits its work by. */
  groupSizes(group: string): Promise<number[]>;
  /**
   * One send group's members in one shard as fan-out needs them, a batch at a time, without
   * loading their records: those whose workday `weekday` is, with their sequence number, and
   * how many for whom it is not.
   */
  groupTargets(group: string, shard: number, weekday: Weekday, size?: number): AsyncIterable<GroupBatch>;
}

interface Head {
  readonly email: string;
  readonly group: string;
  readonly own: Readonly<Record<'p.tz' | 'p.sendAt', string | undefined>>;
}

export interface GroupBatch {
  readonly due: readonly { readonly id: string; readonly seq: number }[];
  /** Members for whom the weekday is not a workday. */
  readonly resting: number;
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

  /** What the upsert script must know of each record before it writes: address, group, own zone and send time. */
  async function heads(shard: number, ids: readonly string[]): Promise<Head[]> {
    const k = keys.shard(shard);
    const flat = (await scripts.run('read-heads', ids.map((id) => k.recipient(id)), [])) as string[];
    return ids.map((_, i) => ({ email: flat[4 * i]!, group: flat[4 * i + 1]!, own: { 'p.tz': flat[4 * i + 2] || undefined, 'p.sendAt': flat[4 * i + 3] || undefined } }));
  }

  /** One script call for recipients of one shard; returns what happened to each ('retry': their record changed under us). */
  async function writeShard(shard: number, batch: readonly Recipient[], before: readonly Head[], joined: boolean): Promise<string[]> {
    const k = keys.shard(shard);
    const keyList: string[] = [k.ids, k.seq];
    const args: string[] = [];
    batch.forEach((r, i) => {
      const oldGroup = before[i]!.group;
      const newGroup = groupWith(r, before[i]!.own);
      const fields = importedFields(r);
      keyList.push(k.recipient(r.id), k.group(oldGroup || newGroup), k.group(newGroup));
      args.push(JSON.stringify([r.id, oldGroup, newGroup, ...fields]));
    });
    args.push(joined ? '1' : '0');
    return (await scripts.run('upsert-recipients', keyList, args)) as string[];
  }

  async function upsertShard(shard: number, batch: readonly Recipient[], joined: boolean): Promise<{ created: number; previous: Map<string, Head> }> {
    let todo = [...batch];
    let created = 0;
    const previous = new Map<string, Head>();
    for (let attempt = 0; todo.length > 0; attempt += 1) {
      // Their preferences changed between our read and the write: read again.
      if (attempt > 5) throw new Error(`roster write for ${todo[0]!.id} kept racing with a change to their preferences`);
      const before = await heads(shard, todo.map((r) => r.id));
      // The scheduler's index first: a group listed before its members is harmless, the other way round is not.
      await client.sadd(keys.groups, ...new Set(todo.map((r, i) => groupWith(r, before[i]!.own))));
      const results = await writeShard(shard, todo, before, joined);
      const again: Recipient[] = [];
      results.forEach((result, i) => {
        if (result === 'retry') return void again.push(todo[i]!);
        if (result === 'created') created += 1;
        previous.set(todo[i]!.id, before[i]!);
      });
      todo = again;
    }
    return { created, previous };
  }

  // The address index lives in the address's shard, so it cannot be written in the record's
  // script. Written every time (idempotent, one command per address shard), so that a re-run
  // of an import that was killed between the two writes completes it; an entry left
  // pointing at a record whose address changed is ignored by idByEmail.
  async function indexEmails(recipients: readonly Recipient[], before: ReadonlyMap<string, Head>): Promise<void> {
    const byShard = new Map<number, string[]>();
    const stale: { address: string; id: string }[] = [];
    for (const r of recipients) {
      const address = r.email.toLowerCase();
      const old = before.get(r.id)?.email.toLowerCase();
      if (old && old !== address) stale.push({ address: old, id: r.id });
      const n = shardOf(address);
      const pairs = byShard.get(n) ?? [];
      pairs.push(address, r.id);
      byShard.set(n, pairs);
    }
    await Promise.all(stale.map(async ({ address, id }) => {
      const index = keys.shard(shardOf(address)).emails;
      if ((await client.hget(index, address)) === id) await client.hdel(index, address);
    }));
    await Promise.all([...byShard].map(([n, pairs]) => client.hset(keys.shard(n).emails, ...pairs)));
  }

  async function* groupMembers(group: string, shard: number, size = 1000): AsyncIterable<string[]> {
    let cursor = '0';
    const seen = new Set<string>();
    do {
      const [next, ids] = await client.sscan(keys.shard(shard).group(group), cursor, 'COUNT', size);
      cursor = next;
      const fresh = ids.filter((id) => !seen.has(id));
      fresh.forEach((id) => seen.add(id));
      if (fresh.length > 0) yield fresh;
    } while (cursor !== '0');
  }

  async function* rosterIds(size = READ_BATCH): AsyncIterable<string[]> {
    for (const n of ALL_SHARDS) {
      let cursor = '0';
      // One shard's ids at most (1/128 of the roster): SSCAN may return a member twice while the set is rehashed.
      const seen = new Set<string>();
      do {
        const [next, ids] = await client.sscan(keys.shard(n).ids, cursor, 'COUNT', size);
        cursor = next;
        const fresh = ids.filter((id) => !seen.has(id));
        fresh.forEach((id) => seen.add(id));
        if (fresh.length > 0) yield fresh;
      } while (cursor !== '0');
    }
  }

  return {
    async upsertMany(recipients, { joined = true } = {}) {
      if (recipients.length > 0) await markLayout();
      let created = 0;
      for (let i = 0; i < recipients.length; i += WRITE_BATCH) {
        const byShard = new Map<number, Recipient[]>();
        for (const r of recipients.slice(i, i + WRITE_BATCH)) {
          const n = shardOf(r.id);
          const list = byShard.get(n) ?? [];
          list.push(r);
          byShard.set(n, list);
        }
        const written = await Promise.all([...byShard].map(([n, list]) => upsertShard(n, list, joined)));
        const before = new Map<string, Head>();
        for (const w of written) {
          created += w.created;
          for (const [id, head] of w.previous) before.set(id, head);
        }
        await indexEmails(recipients.slice(i, i + WRITE_BATCH), before);
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
      for await (const ids of rosterIds(size)) {
        const found = await getMany(ids);
        if (found.size > 0) yield [...found.values()];
      }
    },
    ids: rosterIds,
    async count() {
      const sizes = await Promise.all(ALL_SHARDS.map((n) => client.scard(keys.shard(n).ids)));
      return sizes.reduce((a, b) => a + b, 0);
    },
    async idByEmail(email) {
      const address = email.trim().toLowerCase();
      const id = await client.hget(keys.shard(shardOf(address)).emails, address);
      if (id === null) return null;
      return (await client.hget(recordKey(id), 'email'))?.toLowerCase() === address ? id : null;
    },
    groups: () => client.smembers(keys.groups),
    groupMembers,
    async groupSizes(group) {
      return Promise.all(ALL_SHARDS.map((n) => client.scard(keys.shard(n).group(group))));
    },
    async *groupTargets(group, shard, weekday, size = 1000) {
      const k = keys.shard(shard);
      for await (const ids of groupMembers(group, shard, size)) {
        const found = (await scripts.run('fan-out-targets', ids.map((id) => k.recipient(id)), [group, weekday])) as number[];
        const due: { id: string; seq: number }[] = [];
        let resting = 0;
        found.forEach((seq, i) => {
          if (seq >= 0) due.push({ id: ids[i]!, seq });
          else if (seq === -1) resting += 1;
        });
        yield { due, resting };
      }
    },
  };
}
