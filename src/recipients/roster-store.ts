import type { RedisClient } from '../redis.ts';
import type { RedisKeys } from '../keys.ts';
import type { Recipient } from './recipient.ts';

const BATCH = 5000;

export interface RosterStore {
  /** Upserts by id in one transaction: either every record is written or none is. */
  upsertAll(recipients: readonly Recipient[]): Promise<{ created: number; updated: number }>;
  get(id: string): Promise<Recipient | null>;
  getMany(ids: readonly string[]): Promise<Map<string, Recipient>>;
  list(): Promise<Recipient[]>;
  count(): Promise<number>;
}

function groupOf(r: Pick<Recipient, 'timeZone' | 'sendAt'>): string {
  return `${r.timeZone}|${r.sendAt}`;
}

export function createRosterStore(redis: RedisClient, keys: RedisKeys): RosterStore {
  async function getMany(ids: readonly string[]): Promise<Map<string, Recipient>> {
    const found = new Map<string, Recipient>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      if (chunk.length === 0) continue;
      const values = await redis.hmget(keys.recipients, ...chunk);
      values.forEach((json, j) => {
        if (json) found.set(chunk[j]!, JSON.parse(json) as Recipient);
      });
    }
    return found;
  }

  return {
    async upsertAll(recipients) {
      const existing = await getMany(recipients.map((r) => r.id));
      const tx = redis.multi();
      for (const r of recipients) {
        const before = existing.get(r.id);
        // The send-group index lets the scheduler find who is due without scanning the roster.
        if (before && groupOf(before) !== groupOf(r)) {
          tx.srem(keys.sendGroup(before.timeZone, before.sendAt), r.id);
        }
        tx.sadd(keys.sendGroup(r.timeZone, r.sendAt), r.id);
        tx.sadd(keys.sendGroups, groupOf(r));
        tx.hset(keys.recipients, r.id, JSON.stringify(r));
      }
      const results = await tx.exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw new Error(`roster write failed: ${failed?.[0]?.message ?? 'transaction aborted'}`);
      return { created: recipients.length - existing.size, updated: existing.size };
    },
    async get(id) {
      const json = await redis.hget(keys.recipients, id);
      return json ? (JSON.parse(json) as Recipient) : null;
    },
    getMany,
    async list() {
      const all: Recipient[] = [];
      let cursor = '0';
      do {
        const [next, flat] = await redis.hscan(keys.recipients, cursor, 'COUNT', 1000);
        for (let i = 1; i < flat.length; i += 2) all.push(JSON.parse(flat[i]!) as Recipient);
        cursor = next;
      } while (cursor !== '0');
      return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    count: () => redis.hlen(keys.recipients),
  };
}
