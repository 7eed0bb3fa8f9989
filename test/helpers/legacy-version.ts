import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Recipient } from '../../src/recipients/recipient.ts';

/**
 * The writes of the earlier version (one key per kind), copied from commit 09a10b8
 * (`git show 09a10b8:PATH`), so that tests hold data exactly as it wrote it:
 *  - keys: src/keys.ts;
 *  - `upsertAll`: src/recipients/roster-store.ts (JSON.stringify of the record, send-group sets);
 *  - `optOut` / `optIn`: the OPT_OUT and OPT_IN scripts of src/unsubscribe/optout-store.ts,
 *    verbatim (cjson records, XADD '*' audit entries);
 *  - `record` and `gate`: src/delivery/outcome-store.ts (JSON.stringify + EXPIRE 400 days; the
 *    GATE script verbatim, cjson); `recordIfAbsent`: src/schedule/record-skips.ts;
 *  - `observeSend`: src/metrics/metrics-store.ts; `pause`: src/org-switch.ts;
 *    the last tick and fan-out claims: src/schedule/tick.ts, src/schedule/fan-out-claim.ts;
 *  - `enqueue`: src/queue/enqueue-briefings.ts (job ids, data, options) on the `send` queue;
 *    the `tick` job scheduler of workers/scheduler.ts on the `schedule` queue.
 */

export const OUTCOME_TTL_SECONDS = 400 * 24 * 3600;

const OPT_OUT = `
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
redis.call('XADD', KEYS[2], '*', 'at', ARGV[2], 'id', ARGV[1], 'action', 'opt-out', 'source', ARGV[3])
return { record, 1, locale }
`;

const OPT_IN = `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('XADD', KEYS[2], '*', 'at', ARGV[2], 'id', ARGV[1], 'action', 'opt-in', 'source', ARGV[3])
return 1
`;

const GATE = `
local id, now, mode = ARGV[1], ARGV[2], ARGV[3]
local cur = redis.call('HGET', KEYS[4], id)
if cur then
  local o = cjson.decode(cur)
  if o.status == 'sent' then return {'duplicate', cur} end
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
`;

const RECORD_IF_ABSENT = `
local n = 0
for i = 2, #ARGV do n = n + redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[1]) end
redis.call('EXPIRE', KEYS[1], ${OUTCOME_TTL_SECONDS})
return n
`;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function legacyKeysOf(prefix: string) {
  return {
    recipients: `${prefix}:recipients`,
    sendGroups: `${prefix}:send-groups`,
    sendGroup: (timeZone: string, sendAt: string) => `${prefix}:send-group:${timeZone}|${sendAt}`,
    paused: `${prefix}:paused`,
    optouts: `${prefix}:optouts`,
    optoutAudit: `${prefix}:optouts:audit`,
    outcomes: (date: string) => `${prefix}:outcomes:${date}`,
    scheduleLastTick: `${prefix}:schedule:last-tick`,
    fanOutClaim: (group: string, date: string) => `${prefix}:schedule:fan-out:${date}:${group}`,
    metricsOutcomes: `${prefix}:metrics:outcomes`,
    metricsHistogram: (name: string) => `${prefix}:metrics:histogram:${name}`,
  };
}

export interface LegacyOutcomeJson {
  readonly status: string;
  readonly at: string;
  readonly reason?: string;
  readonly messageId?: string;
}

/** The earlier version's writes under one prefix. */
export function legacyVersion(redis: Redis, prefix: string) {
  const k = legacyKeysOf(prefix);
  const jobOptions = (jobId: string) => ({
    jobId, attempts: 8, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 },
  });
  return {
    keys: k,
    async upsertAll(roster: readonly Recipient[]) {
      const tx = redis.multi();
      for (const r of roster) {
        tx.sadd(k.sendGroup(r.timeZone, r.sendAt), r.id);
        tx.sadd(k.sendGroups, `${r.timeZone}|${r.sendAt}`);
        tx.hset(k.recipients, r.id, JSON.stringify(r));
      }
      await tx.exec();
    },
    optOut: (id: string, source: string, at: Date) => redis.eval(OPT_OUT, 3, k.optouts, k.optoutAudit, k.recipients, id, at.toISOString(), source),
    optIn: (id: string, source: string, at: Date) => redis.eval(OPT_IN, 2, k.optouts, k.optoutAudit, id, at.toISOString(), source),
    gate: (date: string, id: string, at: Date, mode: 'check' | 'handover' = 'check') =>
      redis.eval(GATE, 4, k.paused, k.optouts, k.recipients, k.outcomes(date), id, at.toISOString(), mode),
    async record(date: string, id: string, outcome: LegacyOutcomeJson) {
      await redis.multi().hset(k.outcomes(date), id, JSON.stringify(outcome)).expire(k.outcomes(date), OUTCOME_TTL_SECONDS).exec();
    },
    recordIfAbsent: (date: string, ids: readonly string[], status: string, at: Date) =>
      redis.eval(RECORD_IF_ABSENT, 1, k.outcomes(date), JSON.stringify({ status, at: at.toISOString() }), ...ids),
    async observeSend(status: string, renderSeconds?: number) {
      const tx = redis.pipeline().hincrby(k.metricsOutcomes, status, 1);
      if (renderSeconds !== undefined) {
        const key = k.metricsHistogram('render');
        tx.hincrby(key, `le:${LATENCY_BUCKETS.find((b) => renderSeconds <= b) ?? '+Inf'}`, 1).hincrbyfloat(key, 'sum', renderSeconds).hincrby(key, 'count', 1);
      }
      await tx.exec();
    },
    pause: (since: Date) => redis.set(k.paused, since.toISOString()),
    lastTick: (ms: number) => redis.set(k.scheduleLastTick, String(ms)),
    fanOutDone: (group: string, date: string) => redis.set(k.fanOutClaim(group, date), 'done', 'EX', 9 * 24 * 3600),
    /** Send jobs for one date, waiting or (with a delay, as a retry) delayed. */
    async enqueue(date: string, jobs: readonly { id: string; delayMs?: number }[]) {
      const send = new Queue('send', { connection: redis, prefix });
      await send.addBulk(jobs.map((j) => ({
        name: 'briefing', data: { recipientId: j.id, date, trigger: 'schedule' },
        opts: { ...jobOptions(`${date}.${j.id}`), ...(j.delayMs ? { delay: j.delayMs } : {}) },
      })));
      await send.close();
    },
    /** A worker takes this one job and dies (its job stays active, no worker is left attached). */
    async takeAndDie(date: string, id: string) {
      await this.enqueue(date, [{ id }]);
      const connection = redis.duplicate({ maxRetriesPerRequest: null });
      const dead = new Worker('send', null, { connection, prefix, autorun: false });
      const taken = await dead.getNextJob('a-worker-that-died', { block: false });
      await dead.close();
      await connection.quit();
      if (taken?.id !== `${date}.${id}`) throw new Error(`fixture: expected to take ${id}'s job, took ${taken?.id}`);
    },
    async scheduleTicks(everyMs: number) {
      const schedule = new Queue('schedule', { connection: redis, prefix });
      await schedule.upsertJobScheduler('tick', { every: everyMs }, { name: 'tick', opts: { removeOnComplete: true, removeOnFail: 50 } });
      await schedule.close();
    },
  };
}
