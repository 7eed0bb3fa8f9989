import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys.ts';
import type { Recipient } from './recipient.ts';
import { withPreferences, type Preferences } from '../preferences/preferences.ts';

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

const parsePrefs = (json: string | null | undefined) => (json ? (JSON.parse(json) as Preferences) : null);

/**
 * Every read returns the record the service acts on: the imported one with the person's own
 * choices (preferences page) on top, so the scheduler, the worker and `schedule next` follow
 * them, and an import, which writes only the imported record, never undoes them.
 */
export function createRosterStore(redis: Redis, keys: RedisKeys): RosterStore {
  /** The imported records of these ids, with the preferences of each (null when none). */
  async function readMany(ids: readonly string[]): Promise<Map<string, { imported: Recipient; prefs: Preferences | null }>> {
    const found = new Map<string, { imported: Recipient; prefs: Preferences | null }>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      if (chunk.length === 0) continue;
      const [values, prefs] = await Promise.all([redis.hmget(keys.recipients, ...chunk), redis.hmget(keys.preferences, ...chunk)]);
      values.forEach((json, j) => {
        if (json) found.set(chunk[j]!, { imported: JSON.parse(json) as Recipient, prefs: parsePrefs(prefs[j]) });
      });
    }
    return found;
  }
  async function getMany(ids: readonly string[]): Promise<Map<string, Recipient>> {
    const found = new Map<string, Recipient>();
    for (const [id, { imported, prefs }] of await readMany(ids)) found.set(id, withPreferences(imported, prefs));
    return found;
  }

  return {
    async upsertAll(recipients) {
      const existing = await readMany(recipients.map((r) => r.id));
      const tx = redis.multi();
      for (const r of recipients) {
        const stored = existing.get(r.id);
        // The send-group index lets the scheduler find who is due without scanning the roster;
        // it holds the time and zone in effect, which may be the person's own choice.
        const before = stored && withPreferences(stored.imported, stored.prefs);
        const after = withPreferences(r, stored?.prefs ?? null);
        if (before && groupOf(before) !== groupOf(after)) {
          tx.srem(keys.sendGroup(before.timeZone, before.sendAt), r.id);
        }
        tx.sadd(keys.sendGroup(after.timeZone, after.sendAt), r.id);
        tx.sadd(keys.sendGroups, groupOf(after));
        tx.hset(keys.recipients, r.id, JSON.stringify(r));
      }
      const results = await tx.exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw new Error(`roster write failed: ${failed?.[0]?.message ?? 'transaction aborted'}`);
      return { created: recipients.length - existing.size, updated: existing.size };
    },
    async get(id) {
      const [json, prefs] = await Promise.all([redis.hget(keys.recipients, id), redis.hget(keys.preferences, id)]);
      return json ? withPreferences(JSON.parse(json) as Recipient, parsePrefs(prefs)) : null;
    },
    getMany,
    async list() {
      const all: Recipient[] = [];
      let cursor = '0';
      do {
        const [next, flat] = await redis.hscan(keys.recipients, cursor, 'COUNT', 1000);
        const ids = flat.filter((_, i) => i % 2 === 0);
        const prefs = ids.length > 0 ? await redis.hmget(keys.preferences, ...ids) : [];
        for (let i = 1; i < flat.length; i += 2) all.push(withPreferences(JSON.parse(flat[i]!) as Recipient, parsePrefs(prefs[(i - 1) / 2])));
        cursor = next;
      } while (cursor !== '0');
      return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    count: () => redis.hlen(keys.recipients),
  };
}
