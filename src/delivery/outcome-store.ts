import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys.ts';
import { luaScript } from '../redis-script.ts';
import type { LocalDate } from '../time/zones.ts';
import type { Outcome } from './outcome.ts';

// Outcomes are kept for reporting; a year of dates is plenty.
const OUTCOME_TTL_SECONDS = 400 * 24 * 3600;

// Marks recipients pending for a date unless their briefing was already sent (or is being
// sent, or may have been: `unknown`), or is queued already.
const SET_PENDING = luaScript(`
local n = 0
for i = 2, #ARGV do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  local keep = false
  if cur then
    local s = cjson.decode(cur).status
    keep = (s == 'sent' or s == 'sending' or s == 'pending' or s == 'unknown')
  end
  if not keep then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[1])
    n = n + 1
  end
end
redis.call('EXPIRE', KEYS[1], ${OUTCOME_TTL_SECONDS})
return n
`);

// A forced re-send (`send --recipient ID --force`): a `sent` or `unknown` outcome becomes
// `pending` again, marked forced, so that the gate lets exactly one more send through (and
// stops its retries and a second worker as usual). Returns the ids it marked.
const MARK_FORCED = luaScript(`
local marked = {}
for i = 2, #ARGV do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  local s = cur and cjson.decode(cur).status
  if s == 'sent' or s == 'unknown' then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[1])
    marked[#marked + 1] = ARGV[i]
  end
end
redis.call('EXPIRE', KEYS[1], ${OUTCOME_TTL_SECONDS})
return marked
`);

/**
 * The gate every send passes, twice: once before content is loaded ("check") and once
 * immediately before the message is handed to SMTP ("handover"). It is one Lua script so
 * that the org switch, the admin switch, the opt-out and "already sent" are read and the
 * handover is marked atomically: an opt-out acknowledged before this runs is always seen,
 * and two workers can never both pass it for the same recipient and date.
 */
const GATE = luaScript(`
local id, now, mode = ARGV[1], ARGV[2], ARGV[3]
local cur = redis.call('HGET', KEYS[4], id)
if cur then
  local o = cjson.decode(cur)
  if o.status == 'sent' or o.status == 'unknown' then return {'duplicate', cur} end
  if o.status == 'sending' then return {'in-handover', cur} end
end
local verdict = nil
if redis.call('EXISTS', KEYS[1]) == 1 then verdict = 'skipped:paused'
elseif redis.call('HEXISTS', KEYS[2], id) == 1 then verdict = 'skipped:opted-out'
else
  local r = redis.call('HGET', KEYS[3], id)
  if not r then verdict = 'failed'
  elseif cjson.decode(r).enabled == false then verdict = 'skipped:disabled' end
end
if verdict then
  local o = { status = verdict, at = now }
  if verdict == 'failed' then o.reason = 'not on the roster (removed after the send was queued?)' end
  local json = cjson.encode(o)
  redis.call('HSET', KEYS[4], id, json)
  redis.call('EXPIRE', KEYS[4], ${OUTCOME_TTL_SECONDS})
  return {verdict, json}
end
if mode == 'handover' then
  redis.call('HSET', KEYS[4], id, cjson.encode({ status = 'sending', at = now }))
  redis.call('EXPIRE', KEYS[4], ${OUTCOME_TTL_SECONDS})
end
return {'ok', ''}
`);

// Settles a briefing whose job was given up without the processor recording why: a `pending`
// (or missing) one gets the first outcome, a `sending` one the second; final ones are left alone.
const SETTLE_ABANDONED = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
local s = cur and cjson.decode(cur).status or 'pending'
local json = nil
if s == 'pending' then json = ARGV[2] elseif s == 'sending' then json = ARGV[3] end
if json then
  redis.call('HSET', KEYS[1], ARGV[1], json)
  redis.call('EXPIRE', KEYS[1], ${OUTCOME_TTL_SECONDS})
end
return s
`;

export type GateVerdict =
  | { kind: 'ok' }
  | { kind: 'duplicate' | 'in-handover'; current: Outcome }
  | { kind: 'stopped'; outcome: Outcome };

export interface OutcomeStore {
  record(date: LocalDate, id: string, outcome: Outcome): Promise<void>;
  get(date: LocalDate, id: string): Promise<Outcome | null>;
  getMany(date: LocalDate, ids: readonly string[]): Promise<Map<string, Outcome>>;
  all(date: LocalDate): Promise<Map<string, Outcome>>;
  markPending(date: LocalDate, ids: readonly string[], now?: Date): Promise<number>;
  /** Makes `sent` and `unknown` outcomes `pending` (forced) for a forced re-send; returns the ids it changed. */
  markForced(date: LocalDate, ids: readonly string[], now?: Date): Promise<string[]>;
  gate(date: LocalDate, id: string, mode: 'check' | 'handover', now?: Date): Promise<GateVerdict>;
  /** Atomically records `ifPending` or `ifSending` unless the outcome is already final; returns the status found. */
  settleAbandoned(date: LocalDate, id: string, ifPending: Outcome, ifSending: Outcome): Promise<string>;
}

export function createOutcomeStore(redis: Redis, keys: RedisKeys): OutcomeStore {
  return {
    async record(date, id, outcome) {
      await redis.multi().hset(keys.outcomes(date), id, JSON.stringify(outcome)).expire(keys.outcomes(date), OUTCOME_TTL_SECONDS).exec();
    },
    async get(date, id) {
      const json = await redis.hget(keys.outcomes(date), id);
      return json ? (JSON.parse(json) as Outcome) : null;
    },
    async getMany(date, ids) {
      const map = new Map<string, Outcome>();
      if (ids.length === 0) return map;
      const values = await redis.hmget(keys.outcomes(date), ...ids);
      values.forEach((json, i) => {
        if (json) map.set(ids[i]!, JSON.parse(json) as Outcome);
      });
      return map;
    },
    async all(date) {
      const map = new Map<string, Outcome>();
      let cursor = '0';
      do {
        const [next, flat] = await redis.hscan(keys.outcomes(date), cursor, 'COUNT', 1000);
        for (let i = 0; i < flat.length; i += 2) map.set(flat[i]!, JSON.parse(flat[i + 1]!) as Outcome);
        cursor = next;
      } while (cursor !== '0');
      return map;
    },
    async markPending(date, ids, now = new Date()) {
      const pending = JSON.stringify({ status: 'pending', at: now.toISOString() } satisfies Outcome);
      let changed = 0;
      for (let i = 0; i < ids.length; i += 1000) {
        changed += (await SET_PENDING(redis, [keys.outcomes(date)], [pending, ...ids.slice(i, i + 1000)])) as number;
      }
      return changed;
    },
    async markForced(date, ids, now = new Date()) {
      if (ids.length === 0) return [];
      const pending = JSON.stringify({ status: 'pending', at: now.toISOString(), forced: true } satisfies Outcome);
      return (await MARK_FORCED(redis, [keys.outcomes(date)], [pending, ...ids])) as string[];
    },
    async settleAbandoned(date, id, ifPending, ifSending) {
      return (await redis.eval(SETTLE_ABANDONED, 1, keys.outcomes(date), id, JSON.stringify(ifPending), JSON.stringify(ifSending))) as string;
    },
    async gate(date, id, mode, now = new Date()) {
      const [kind, json] = (await GATE(
        redis,
        [keys.paused, keys.optouts, keys.recipients, keys.outcomes(date)],
        [id, now.toISOString(), mode],
      )) as [string, string];
      if (kind === 'ok') return { kind: 'ok' };
      if (kind === 'duplicate' || kind === 'in-handover') return { kind, current: JSON.parse(json) as Outcome };
      return { kind: 'stopped', outcome: JSON.parse(json) as Outcome };
    },
  };
}
