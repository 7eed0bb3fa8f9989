import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys.ts';
import { luaScript } from '../redis-script.ts';

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

// Record and audit in one step, so the audit log can never miss an opt-out that took effect.
// The stream keeps the last ARGV[4] entries (exact trim), so that it can never grow until a
// Redis running with noeviction is full and the queue stops.
// A second opt-out keeps the first time and source and writes no audit entry (idempotent).
// The recipient's locale comes back in the same round trip: the confirmation page is in
// their language, and a second Redis command per one-click POST was a visible share of its cost.
const OPT_OUT = luaScript(`
local locale = false
local person = redis.call('HGET', KEYS[3], ARGV[1])
if person then
  local ok, fields = pcall(cjson.decode, person)
  if ok and type(fields) == 'table' and type(fields.locale) == 'string' then locale = fields.locale end
end
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return { existing, 0, locale } end
local record = cjson.encode({ at = ARGV[2], source = ARGV[3] })
redis.call('HSET', KEYS[1], ARGV[1], record)
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[4], '*', 'at', ARGV[2], 'id', ARGV[1], 'action', 'opt-out', 'source', ARGV[3])
return { record, 1, locale }
`);

const OPT_IN = luaScript(`
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[4], '*', 'at', ARGV[2], 'id', ARGV[1], 'action', 'opt-in', 'source', ARGV[3])
return 1
`);

// A recipient's own undo, at most RESUBSCRIBES_PER_HOUR times an hour. Since an opt-out of
// someone opted out writes nothing, this bounds the audit entries one token (a forwarded
// email, say) can add by toggling in a loop to twice that, plus one, an hour; every entry is
// still a change that happened. The opt-out itself is never limited.
const RESUBSCRIBE = luaScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 'none' end
local done = tonumber(redis.call('GET', KEYS[3]) or '0')
if done >= tonumber(ARGV[5]) then return 'limited' end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[4], '*', 'at', ARGV[2], 'id', ARGV[1], 'action', 'opt-in', 'source', ARGV[3])
if redis.call('INCR', KEYS[3]) == 1 then redis.call('EXPIRE', KEYS[3], 3600) end
return 'removed'
`);

/** How often a recipient may undo their opt-out by link in an hour (README, "Unsubscribing"). */
export const RESUBSCRIBES_PER_HOUR = 3;

/** What a recipient's own undo did: `limited` when they have undone it too often this hour (nothing written). */
export type ResubscribeResult = 'removed' | 'none' | 'limited';

/** What `optOut` did. */
export interface RecordedOptOut {
  /** The opt-out in effect: this one, or the earlier one that was kept. */
  readonly optOut: OptOut;
  /** False when the recipient had opted out already (nothing was written). */
  readonly created: boolean;
  /** The recipient's locale from the roster, or null when the id is not on it. */
  readonly locale: string | null;
}

export interface OptOutStore {
  /** Records the opt-out (or keeps the one already recorded). Resolves only once it is durable in Redis. */
  optOut(id: string, source: OptOutSource, now?: Date): Promise<RecordedOptOut>;
  /** Removes an opt-out (an admin's action: never limited); false when there was none. */
  optIn(id: string, source: OptOutSource, now?: Date): Promise<boolean>;
  /** The recipient's own undo by link, rate-limited (RESUBSCRIBES_PER_HOUR). */
  resubscribe(id: string, now?: Date): Promise<ResubscribeResult>;
  get(id: string): Promise<OptOut | null>;
  list(): Promise<OptOut[]>;
  audit(): AsyncIterable<AuditEntry>;
}

export interface OptOutStoreOptions {
  /** Entries the audit stream keeps (OPTOUT_AUDIT_MAX_ENTRIES); the oldest go first. */
  readonly auditMaxEntries?: number;
}

export function createOptOutStore(redis: Redis, keys: RedisKeys, options: OptOutStoreOptions = {}): OptOutStore {
  const maxEntries = options.auditMaxEntries ?? 1_000_000;
  const parse = (id: string, json: string): OptOut => ({ id, ...(JSON.parse(json) as Omit<OptOut, 'id'>) });
  return {
    async optOut(id, source, now = new Date()) {
      const [json, created, locale] = (await OPT_OUT(redis, [keys.optouts, keys.optoutAudit, keys.recipients], [id, now.toISOString(), source, maxEntries])) as [
        string,
        number,
        string | null,
      ];
      return { optOut: parse(id, json), created: created === 1, locale };
    },
    async optIn(id, source, now = new Date()) {
      return (await OPT_IN(redis, [keys.optouts, keys.optoutAudit], [id, now.toISOString(), source, maxEntries])) === 1;
    },
    async resubscribe(id, now = new Date()) {
      const args = [id, now.toISOString(), 'link', maxEntries, RESUBSCRIBES_PER_HOUR];
      return (await RESUBSCRIBE(redis, [keys.optouts, keys.optoutAudit, keys.optoutResubscribes(id)], args)) as ResubscribeResult;
    },
    async get(id) {
      const json = await redis.hget(keys.optouts, id);
      return json ? parse(id, json) : null;
    },
    async list() {
      const all = await redis.hgetall(keys.optouts);
      return Object.entries(all)
        .map(([id, json]) => parse(id, json))
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
    },
    async *audit() {
      let start = '-';
      for (;;) {
        const batch = await redis.xrange(keys.optoutAudit, start, '+', 'COUNT', 1000);
        for (const [streamId, fields] of batch) {
          const f: Record<string, string> = {};
          for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
          yield { at: f.at!, id: f.id!, action: f.action as AuditEntry['action'], source: f.source as OptOutSource };
          start = `(${streamId}`;
        }
        if (batch.length < 1000) return;
      }
    },
  };
}
