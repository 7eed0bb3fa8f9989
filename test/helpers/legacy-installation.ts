import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Recipient } from '../../src/recipients/recipient.ts';
import { parseRoster } from '../../src/recipients/import-roster.ts';
import { shardOf, SHARDS } from '../../src/store/shards.ts';

/**
 * An installation of the earlier version (one key per kind), written in that version's exact
 * formats. Everything here is copied from commit 09a10b8 (`git show 09a10b8:PATH`):
 *  - keys: src/keys.ts;
 *  - roster: src/recipients/roster-store.ts `upsertAll` (JSON.stringify of the imported
 *    record, the send-group sets), records made by the same import code (unchanged since);
 *  - opt-outs and the audit stream: the OPT_OUT and OPT_IN scripts of
 *    src/unsubscribe/optout-store.ts, verbatim (cjson records, XADD '*' entries);
 *  - outcomes: src/delivery/outcome-store.ts (`record`: JSON.stringify + EXPIRE 400 days;
 *    the GATE script verbatim for opted-out and disabled people, cjson),
 *    src/schedule/record-skips.ts (skipped:not-workday and skipped:missed with HSETNX);
 *  - metrics: src/metrics/metrics-store.ts `observeSend`;
 *  - the switch: src/org-switch.ts; the last tick: src/schedule/tick.ts;
 *  - queues: src/queue/enqueue-briefings.ts (job ids, data and options), and the job
 *    scheduler of workers/scheduler.ts.
 */

const OUTCOME_TTL_SECONDS = 400 * 24 * 3600;

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

export function legacyKeysOf(prefix: string) {
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

/** The earlier `briefing optouts add` / one-click POST, as that version ran it. */
export function legacyOptOut(redis: Redis, prefix: string, id: string, source: string, at: Date): Promise<unknown> {
  const k = legacyKeysOf(prefix);
  return redis.eval(OPT_OUT, 3, k.optouts, k.optoutAudit, k.recipients, id, at.toISOString(), source);
}

/** One id per shard first, so that every shard holds someone (the pause test looks at each). */
export function idsCoveringEveryShard(n: number): string[] {
  const ids: string[] = [];
  const covered = new Set<number>();
  for (let k = 0; covered.size < SHARDS; k += 1) {
    const id = `u-${k}`;
    if (covered.has(shardOf(id))) continue;
    covered.add(shardOf(id));
    ids.push(id);
  }
  for (let k = 0; ids.length < n; k += 1) if (!ids.includes(`p-${k}`)) ids.push(`p-${k}`);
  return ids;
}

export const dayString = (d: Date) => d.toISOString().slice(0, 10);
// The first SHARDS people (one per shard) are neither opted out nor disabled: every shard has
// someone whom only the organisation switch can stop.
const optsOut = (i: number) => i >= SHARDS && i % 8 === 1;
const disabled = (i: number) => i >= SHARDS && i % 11 === 3;
const daysAgo = (now: Date, n: number) => new Date(now.getTime() - n * 86_400_000);

export interface LegacyOutcomeJson {
  readonly status: string;
  readonly at: string;
  readonly reason?: string;
}

export interface LegacyInstallation {
  readonly roster: readonly Recipient[];
  /** Everyone opted out at the end, with time and source. */
  readonly optOuts: ReadonlyMap<string, { at: string; source: string }>;
  /** The audit log as the earlier `optouts export` read it (XRANGE order). */
  readonly audit: readonly { at: string; id: string; action: string; source: string }[];
  /** date → id → outcome, as stored. */
  readonly outcomes: ReadonlyMap<string, ReadonlyMap<string, LegacyOutcomeJson>>;
  readonly dates: { readonly today: string; readonly yesterday: string; readonly old: string };
  /** Recipients with a briefing of today waiting, delayed or active in the earlier send queue. */
  readonly queued: { readonly waiting: readonly string[]; readonly delayed: readonly string[]; readonly active: readonly string[] };
  /** Of the queued: who should get today's briefing once a worker runs (not opted out, enabled, not sent, not in handover). */
  readonly shouldReceive: readonly string[];
  readonly metrics: { readonly outcomes: Record<string, number>; readonly renderCount: number; readonly renderSum: number };
  readonly pausedSince: string | null;
  readonly lastTick: number;
}

export interface LegacyOptions {
  readonly recipients: number;
  /** Folder for the content file every recipient points at (one open task: no day is empty). */
  readonly dir: string;
  readonly paused?: boolean;
  readonly now?: Date;
}

/** Writes an earlier-layout installation under `prefix`, the way that version wrote it. */
export async function writeLegacyInstallation(redis: Redis, prefix: string, opts: LegacyOptions): Promise<LegacyInstallation> {
  const k = legacyKeysOf(prefix);
  const now = opts.now ?? new Date();
  const dates = { today: dayString(now), yesterday: dayString(daysAgo(now, 1)), old: dayString(daysAgo(now, 45)) };
  const contentFile = join(opts.dir, 'content.json');
  await writeFile(contentFile, JSON.stringify({ tasks: [{ title: 'Review the quarterly plan' }], followUps: [] }));

  // Roster, through the import code (unchanged since 09a10b8) and the earlier upsertAll.
  const zones = ['Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo'];
  const records = idsCoveringEveryShard(opts.recipients).map((id, i) => ({
    id,
    email: `${id}@example.com`,
    name: i % 7 === 0 ? `Zoë "Zed" ${id}, Jr.` : `Person ${id}`,
    locale: i % 4 === 0 ? 'nl' : 'en',
    timeZone: zones[i % zones.length],
    sendAt: i % 5 === 0 ? '08:15' : '07:30',
    ...(i % 6 === 0 ? { workdays: ['mon', 'wed', 'fri'] } : {}),
    ...(i % 9 === 0 ? { workHours: { start: '08:00', end: '16:30' } } : {}),
    content: 'content.json',
    ...(disabled(i) ? { enabled: false } : {}),
  }));
  const roster = parseRoster(JSON.stringify(records), { format: 'json', baseDir: opts.dir, file: 'roster.json', defaultTimeZone: 'UTC' });
  const tx = redis.multi();
  for (const r of roster) {
    tx.sadd(k.sendGroup(r.timeZone, r.sendAt), r.id);
    tx.sadd(k.sendGroups, `${r.timeZone}|${r.sendAt}`);
    tx.hset(k.recipients, r.id, JSON.stringify(r));
  }
  await tx.exec();

  // Opt-outs over the last weeks (and some undone), plus one of someone not on the roster.
  const sources = ['link', 'one-click', 'admin'];
  for (const [i, r] of roster.entries()) {
    if (!optsOut(i)) continue;
    await legacyOptOut(redis, prefix, r.id, sources[i % 3]!, daysAgo(now, 20 - (i % 19)));
    if (i % 24 === 1) await redis.eval(OPT_IN, 2, k.optouts, k.optoutAudit, r.id, daysAgo(now, 1).toISOString(), 'link');
    if (i % 48 === 1) await legacyOptOut(redis, prefix, r.id, 'one-click', now);
  }
  await legacyOptOut(redis, prefix, 'former-employee', 'admin', daysAgo(now, 30));

  const outcomes = new Map<string, Map<string, LegacyOutcomeJson>>();
  const record = async (date: string, id: string, o: LegacyOutcomeJson & { messageId?: string }) => {
    await redis.multi().hset(k.outcomes(date), id, JSON.stringify(o)).expire(k.outcomes(date), OUTCOME_TTL_SECONDS).exec();
  };
  const gate = (date: string, id: string, at: Date) => redis.eval(GATE, 4, k.paused, k.optouts, k.recipients, k.outcomes(date), id, at.toISOString(), 'check');
  const skip = (date: string, ids: string[], status: string, at: Date) =>
    redis.eval(RECORD_IF_ABSENT, 1, k.outcomes(date), JSON.stringify({ status, at: at.toISOString() }), ...ids);

  // An old date (past OUTCOME_RETENTION) and yesterday: a finished day each.
  for (const [date, day] of [[dates.old, daysAgo(now, 45)], [dates.yesterday, daysAgo(now, 1)]] as const) {
    const resting: string[] = [];
    for (const [i, r] of roster.entries()) {
      if (i % 6 === 0) resting.push(r.id);
      else if (i % 13 === 5) await record(date, r.id, { status: 'failed', at: day.toISOString(), reason: '550 5.1.1 <x@example.com>: mailbox unavailable' });
      else if (i % 17 === 2) await skip(date, [r.id], 'skipped:missed', day);
      else if (i % 19 === 4) await record(date, r.id, { status: 'skipped:empty', at: day.toISOString() });
      else if (optsOut(i) || disabled(i)) await gate(date, r.id, day);
      else await record(date, r.id, { status: 'sent', at: new Date(day.getTime() + (i % 60) * 1000 + 123).toISOString(), messageId: `<${date}.${r.id}@briefing>` });
    }
    await skip(date, resting, 'skipped:not-workday', day);
  }
  await record(dates.yesterday, 'former-employee', { status: 'failed', at: daysAgo(now, 1).toISOString(), reason: 'not on the roster (removed after the send was queued?)' });
  // As it would have aged: written 45 days ago with 400 days to live.
  await redis.expire(k.outcomes(dates.old), OUTCOME_TTL_SECONDS - 45 * 86_400);

  // Today: the queue is half-way. The earlier enqueue marked them pending and added the jobs.
  const send = new Queue('send', { connection: redis, prefix });
  const jobOpts = (id: string) => ({
    jobId: `${dates.today}.${id}`, attempts: 8, backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 },
  });
  const job = (id: string, extra: object = {}) => ({ name: 'briefing', data: { recipientId: id, date: dates.today, trigger: 'schedule' }, opts: { ...jobOpts(id), ...extra } });
  const queued = { waiting: [] as string[], delayed: [] as string[], active: [] as string[] };
  const sentToday: string[] = [];
  const pending = (id: string) => record(dates.today, id, { status: 'pending', at: now.toISOString() });
  // One left active by a worker that died while handing it to SMTP ("sending").
  const handedOver = roster[2]!.id;
  await pending(handedOver);
  await send.add('briefing', job(handedOver).data, job(handedOver).opts);
  const workerConnection = redis.duplicate({ maxRetriesPerRequest: null });
  const dead = new Worker('send', null, { connection: workerConnection, prefix, autorun: false });
  const taken = await dead.getNextJob('a-worker-that-died', { block: false });
  if (taken?.id !== `${dates.today}.${handedOver}`) throw new Error(`fixture: expected to take ${handedOver}'s job, took ${taken?.id}`);
  await dead.close();
  await workerConnection.quit();
  await redis.eval(GATE, 4, k.paused, k.optouts, k.recipients, k.outcomes(dates.today), handedOver, now.toISOString(), 'handover');
  queued.active.push(handedOver);
  const jobs: ReturnType<typeof job>[] = [];
  for (const [i, r] of roster.entries()) {
    if (r.id === handedOver) continue;
    if (i % 10 === 9) {
      sentToday.push(r.id);
      await record(dates.today, r.id, { status: 'sent', at: now.toISOString(), messageId: `<${dates.today}.${r.id}@briefing>` });
      // Some with a job still waiting (a re-run of `send`): the gate must keep them from going twice.
      if (i % 20 === 19) {
        jobs.push(job(r.id));
        queued.waiting.push(r.id);
      }
      continue;
    }
    // Not due yet in their zone: no outcome, no job.
    if (i % 3 === 0) continue;
    await pending(r.id);
    if (i % 7 === 4) {
      await record(dates.today, r.id, { status: 'pending', at: now.toISOString(), reason: 'retrying after: 451 4.3.0 try again later (attempt 1 of 8)' });
      jobs.push(job(r.id, { delay: 60_000 }));
      queued.delayed.push(r.id);
    } else {
      jobs.push(job(r.id));
      queued.waiting.push(r.id);
    }
  }
  await send.addBulk(jobs);
  const schedule = new Queue('schedule', { connection: redis, prefix });
  await schedule.upsertJobScheduler('tick', { every: 30_000 }, { name: 'tick', opts: { removeOnComplete: true, removeOnFail: 50 } });
  await Promise.all([send.close(), schedule.close()]);

  // Metrics, as observeSend counted them; the switch; the scheduler's last tick and a finished fan-out.
  const metrics = { outcomes: { sent: 0, 'skipped:opted-out': 0, failed: 0 } as Record<string, number>, renderCount: 0, renderSum: 0 };
  for (let i = 0; i < 40; i += 1) {
    const status = i % 10 === 0 ? 'failed' : i % 7 === 0 ? 'skipped:opted-out' : 'sent';
    const seconds = 0.003 + (i % 5) * 0.02;
    const p = redis.pipeline().hincrby(k.metricsOutcomes, status, 1);
    if (status === 'sent') {
      p.hincrby(k.metricsHistogram('render'), `le:${[0.005, 0.01, 0.025, 0.05, 0.1].find((b) => seconds <= b)}`, 1)
        .hincrbyfloat(k.metricsHistogram('render'), 'sum', seconds).hincrby(k.metricsHistogram('render'), 'count', 1);
      metrics.renderCount += 1;
      metrics.renderSum += seconds;
    }
    await p.exec();
    metrics.outcomes[status]! += 1;
  }
  const pausedSince = opts.paused ? daysAgo(now, 0.1).toISOString() : null;
  if (pausedSince) await redis.set(k.paused, pausedSince);
  const lastTick = now.getTime() - 20_000;
  await redis.set(k.scheduleLastTick, String(lastTick));
  await redis.set(k.fanOutClaim('Europe/Amsterdam|07:30', dates.today), 'done', 'EX', 9 * 24 * 3600);

  for (const date of Object.values(dates)) {
    const all = await redis.hgetall(k.outcomes(date));
    outcomes.set(date, new Map(Object.entries(all).map(([id, json]) => [id, JSON.parse(json) as LegacyOutcomeJson])));
  }
  const optOutsNow = new Map(Object.entries(await redis.hgetall(k.optouts)).map(([id, json]) => [id, JSON.parse(json) as { at: string; source: string }]));
  const audit = ((await redis.xrange(k.optoutAudit, '-', '+')) as [string, string[]][]).map(([, f]) => ({ at: f[1]!, id: f[3]!, action: f[5]!, source: f[7]! }));
  const byId = new Map(roster.map((r) => [r.id, r]));
  const shouldReceive = [...queued.waiting, ...queued.delayed].filter((id) => !optOutsNow.has(id) && byId.get(id)!.enabled && !sentToday.includes(id));
  return { roster, optOuts: optOutsNow, audit, outcomes, dates, queued, shouldReceive, metrics, pausedSince, lastTick };
}
