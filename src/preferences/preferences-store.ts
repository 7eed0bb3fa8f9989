import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys.ts';
import type { Recipient } from '../recipients/recipient.ts';
import { luaScript } from '../redis-script.ts';
import { preferencesToKeep, withPreferences, type PreferenceForm, type Preferences } from './preferences.ts';

/**
 * Saves the choices, moves the person to their new send group and audits it, in one step.
 * The send group the caller computed from the record it read must still be the current one
 * (an import may have moved the person meanwhile): otherwise nothing is written and the
 * caller reads again. The send-group index is what the scheduler reads, so a new time or
 * zone takes effect from its next tick.
 */
const SAVE = luaScript(`
local rec = redis.call('HGET', KEYS[1], ARGV[1])
if not rec then return {'missing', ''} end
local r = cjson.decode(rec)
local zone, at = r.timeZone, r.sendAt
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old then
  local p = cjson.decode(old)
  if type(p.timeZone) == 'string' then zone = p.timeZone end
  if type(p.sendAt) == 'string' then at = p.sendAt end
end
local current = zone .. '|' .. at
if current ~= ARGV[4] then return {'moved', current} end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
if ARGV[4] ~= ARGV[5] then redis.call('SREM', KEYS[5], ARGV[1]) end
redis.call('SADD', KEYS[6], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[5])
redis.call('XADD', KEYS[3], '*', 'at', ARGV[3], 'id', ARGV[1], 'kept', ARGV[2])
return {'ok', ''}
`);

export interface PreferencesAuditEntry {
  readonly at: string;
  readonly id: string;
  /** The preferences in effect after this save (only what differs from the imported record). */
  readonly kept: Preferences;
}

export interface PreferencesStore {
  get(id: string): Promise<Preferences | null>;
  /**
   * Replaces the person's choices with a submitted form (keeping what differs from the
   * imported record) and audits the save; the scheduler follows a new send time or zone at
   * once. Returns the record now in effect, or null when the id is not on the roster
   * (nothing written).
   */
  save(id: string, form: PreferenceForm, now?: Date): Promise<Recipient | null>;
  audit(): AsyncIterable<PreferencesAuditEntry>;
}

export function createPreferencesStore(redis: Redis, keys: RedisKeys): PreferencesStore {
  const read = async (id: string) => {
    const [imported, prefs] = await Promise.all([redis.hget(keys.recipients, id), redis.hget(keys.preferences, id)]);
    return { imported: imported ? (JSON.parse(imported) as Recipient) : null, prefs: prefs ? (JSON.parse(prefs) as Preferences) : null };
  };
  return {
    async get(id) {
      return (await read(id)).prefs;
    },
    async save(id, form, now = new Date()) {
      // Each try reads what a racing import wrote; one retry is the usual most.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const { imported, prefs: before } = await read(id);
        if (!imported) return null;
        const prefs = preferencesToKeep(imported, form);
        const from = withPreferences(imported, before);
        const to = withPreferences(imported, prefs);
        const [verdict] = (await SAVE(
          redis,
          [keys.recipients, keys.preferences, keys.preferencesAudit, keys.sendGroups, keys.sendGroup(from.timeZone, from.sendAt), keys.sendGroup(to.timeZone, to.sendAt)],
          [id, JSON.stringify(prefs), now.toISOString(), `${from.timeZone}|${from.sendAt}`, `${to.timeZone}|${to.sendAt}`],
        )) as [string, string];
        if (verdict === 'ok') return to;
        if (verdict === 'missing') return null;
      }
      throw new Error(`preferences of ${id}: the roster kept changing while saving; try again`);
    },
    async *audit() {
      let start = '-';
      for (;;) {
        const batch = await redis.xrange(keys.preferencesAudit, start, '+', 'COUNT', 1000);
        for (const [streamId, fields] of batch) {
          const f: Record<string, string> = {};
          for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
          yield { at: f.at!, id: f.id!, kept: JSON.parse(f.kept ?? '{}') as Preferences };
          start = `(${streamId}`;
        }
        if (batch.length < 1000) return;
      }
    },
  };
}
