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
// A second opt-out keeps the first time and source and writes no audit entry (idempotent).
// The recipient's locale comes back in the same round trip: the confirmation page is in
// their language (their own choice on the preferences page first, else the roster's), and a
// second Redis command per one-click POST was a visible share of its cost.
const OPT_OUT = luaScript(`
local locale = false
for _, key in ipairs({ KEYS[4], KEYS[3] }) do
  local person = not locale and redis.call('HGET', key, ARGV[1])
  if person then
    local ok, fields = pcall(cjson.decode, person)
    if ok and type(fields) == 'table' and type(fields.locale) == 'string' then locale = fields.locale end
  end
end
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return { existing, 0, locale } end
local record = cjson.encode({ at = ARGV[2], source = ARGV[3] })
redis.call('HSET', KEYS[1], ARGV[1], record)
redis.call('XADD', KEYS[2], '*', 'at', ARGV[2], 'id', ARGV[1], 'action', 'opt-out', 'source', ARGV[3])
return { record, 1, locale }
`);

const OPT_IN = luaScript(`
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('XADD', KEYS[2], '*', 'at', ARGV[2], 'id', ARGV[1], 'action', 'opt-in', 'source', ARGV[3])
return 1
`);

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
  /** Removes an opt-out; false when there was none. */
  optIn(id: string, source: OptOutSource, now?: Date): Promise<boolean>;
  get(id: string): Promise<OptOut | null>;
  list(): Promise<OptOut[]>;
  audit(): AsyncIterable<AuditEntry>;
}

export function createOptOutStore(redis: Redis, keys: RedisKeys): OptOutStore {
  const parse = (id: string, json: string): OptOut => ({ id, ...(JSON.parse(json) as Omit<OptOut, 'id'>) });
  return {
    async optOut(id, source, now = new Date()) {
      const [json, created, locale] = (await OPT_OUT(redis, [keys.optouts, keys.optoutAudit, keys.recipients, keys.preferences], [id, now.toISOString(), source])) as [
        string,
        number,
        string | null,
      ];
      return { optOut: parse(id, json), created: created === 1, locale };
    },
    async optIn(id, source, now = new Date()) {
      return (await OPT_IN(redis, [keys.optouts, keys.optoutAudit], [id, now.toISOString(), source])) === 1;
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
