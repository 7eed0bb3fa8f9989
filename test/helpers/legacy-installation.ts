import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Recipient } from '../../src/recipients/recipient.ts';
import { parseRoster } from '../../src/recipients/import-roster.ts';
import { shardOf, SHARDS } from '../../src/store/shards.ts';
import { legacyVersion, OUTCOME_TTL_SECONDS, type LegacyOutcomeJson } from './legacy-version.ts';

/**
 * An installation of the earlier version half-way through a day, written by that version's
 * own writes (test/helpers/legacy-version.ts, copied from commit 09a10b8): a roster, opt-outs
 * and opt-ins over weeks, a finished day past OUTCOME_RETENTION and one yesterday, today's
 * queue with briefings waiting, delayed and one left active by a worker that died, metrics,
 * the last tick. Returns what it wrote, as that version would read it back.
 */
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

const dayString = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (now: Date, n: number) => new Date(now.getTime() - n * 86_400_000);
// The first SHARDS people (one per shard) are neither opted out nor disabled: every shard has
// someone whom only the organisation switch can stop.
const optsOut = (i: number) => i >= SHARDS && i % 8 === 1;
const disabled = (i: number) => i >= SHARDS && i % 11 === 3;

/** One id per shard first, so that every shard holds someone (the pause test looks at each). */
function idsCoveringEveryShard(n: number): string[] {
  const ids: string[] = [];
  const covered = new Set<number>();
  for (let k = 0; covered.size < SHARDS; k += 1) {
    const id = `u-${k}`;
    if (covered.has(shardOf(id))) continue;
    covered.add(shardOf(id));
    ids.push(id);
  }
  for (let k = 0; ids.length < n; k += 1) ids.push(`p-${k}`);
  return ids;
}

/** Writes an earlier-layout installation under `prefix`, the way that version wrote it. */
export async function writeLegacyInstallation(redis: Redis, prefix: string, opts: LegacyOptions): Promise<LegacyInstallation> {
  const old = legacyVersion(redis, prefix);
  const now = opts.now ?? new Date();
  const dates = { today: dayString(now), yesterday: dayString(daysAgo(now, 1)), old: dayString(daysAgo(now, 45)) };
  const roster = await writeRoster(old, opts.dir, opts.recipients);
  await writeOptOuts(old, roster, now);
  for (const [date, day] of [[dates.old, daysAgo(now, 45)], [dates.yesterday, daysAgo(now, 1)]] as const) await writeFinishedDay(old, roster, date, day);
  await old.record(dates.yesterday, 'former-employee', { status: 'failed', at: daysAgo(now, 1).toISOString(), reason: 'not on the roster (removed after the send was queued?)' });
  // As it would have aged: written 45 days ago with 400 days to live.
  await redis.expire(old.keys.outcomes(dates.old), OUTCOME_TTL_SECONDS - 45 * 86_400);
  const { queued, sentToday } = await writeToday(old, roster, dates.today, now);
  const metrics = await writeMetrics(old);
  const pausedSince = opts.paused ? daysAgo(now, 0.1) : null;
  if (pausedSince) await old.pause(pausedSince);
  const lastTick = now.getTime() - 20_000;
  await old.lastTick(lastTick);
  await old.fanOutDone('Europe/Amsterdam|07:30', dates.today);

  const outcomes = new Map<string, Map<string, LegacyOutcomeJson>>();
  for (const date of Object.values(dates)) {
    const all = await redis.hgetall(old.keys.outcomes(date));
    outcomes.set(date, new Map(Object.entries(all).map(([id, json]) => [id, JSON.parse(json) as LegacyOutcomeJson])));
  }
  const optOuts = new Map(Object.entries(await redis.hgetall(old.keys.optouts)).map(([id, json]) => [id, JSON.parse(json) as { at: string; source: string }]));
  const audit = ((await redis.xrange(old.keys.optoutAudit, '-', '+')) as [string, string[]][]).map(([, f]) => ({ at: f[1]!, id: f[3]!, action: f[5]!, source: f[7]! }));
  const enabled = new Set(roster.filter((r) => r.enabled).map((r) => r.id));
  const shouldReceive = [...queued.waiting, ...queued.delayed].filter((id) => !optOuts.has(id) && enabled.has(id) && !sentToday.includes(id));
  return { roster, optOuts, audit, outcomes, dates, queued, shouldReceive, metrics, pausedSince: pausedSince?.toISOString() ?? null, lastTick };
}

type Legacy = ReturnType<typeof legacyVersion>;

/** Through the import code (unchanged since 09a10b8) and the earlier upsertAll. */
async function writeRoster(old: Legacy, dir: string, n: number): Promise<Recipient[]> {
  await writeFile(join(dir, 'content.json'), JSON.stringify({ tasks: [{ title: 'Review the quarterly plan' }], followUps: [] }));
  const zones = ['Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo'];
  const records = idsCoveringEveryShard(n).map((id, i) => ({
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
  const roster = parseRoster(JSON.stringify(records), { format: 'json', baseDir: dir, file: 'roster.json', defaultTimeZone: 'UTC' });
  await old.upsertAll(roster);
  return roster;
}

/** Opt-outs over the last weeks (some undone, some redone), plus one of someone not on the roster. */
async function writeOptOuts(old: Legacy, roster: readonly Recipient[], now: Date): Promise<void> {
  const sources = ['link', 'one-click', 'admin'];
  for (const [i, r] of roster.entries()) {
    if (!optsOut(i)) continue;
    await old.optOut(r.id, sources[i % 3]!, daysAgo(now, 20 - (i % 19)));
    if (i % 24 === 1) await old.optIn(r.id, 'link', daysAgo(now, 1));
    if (i % 48 === 1) await old.optOut(r.id, 'one-click', now);
  }
  await old.optOut('former-employee', 'admin', daysAgo(now, 30));
}

/** A day the earlier version finished: sent, failed, missed, empty, opted out, disabled, not a workday. */
async function writeFinishedDay(old: Legacy, roster: readonly Recipient[], date: string, day: Date): Promise<void> {
  const resting: string[] = [];
  for (const [i, r] of roster.entries()) {
    if (i % 6 === 0) resting.push(r.id);
    else if (i % 13 === 5) await old.record(date, r.id, { status: 'failed', at: day.toISOString(), reason: '550 5.1.1 <x@example.com>: mailbox unavailable' });
    else if (i % 17 === 2) await old.recordIfAbsent(date, [r.id], 'skipped:missed', day);
    else if (i % 19 === 4) await old.record(date, r.id, { status: 'skipped:empty', at: day.toISOString() });
    else if (optsOut(i) || disabled(i)) await old.gate(date, r.id, day);
    else await old.record(date, r.id, { status: 'sent', at: new Date(day.getTime() + (i % 60) * 1000 + 123).toISOString(), messageId: `<${date}.${r.id}@briefing>` });
  }
  await old.recordIfAbsent(date, resting, 'skipped:not-workday', day);
}

/** Today, half-way: some sent, the rest marked pending by the earlier enqueue with their jobs queued. */
async function writeToday(old: Legacy, roster: readonly Recipient[], date: string, now: Date) {
  const queued = { waiting: [] as string[], delayed: [] as string[], active: [] as string[] };
  const sentToday: string[] = [];
  const jobs: { id: string; delayMs?: number }[] = [];
  const pending = (id: string, reason?: string) => old.record(date, id, { status: 'pending', at: now.toISOString(), ...(reason ? { reason } : {}) });
  // One left active by a worker that died while handing it to SMTP ("sending").
  const handedOver = roster[2]!.id;
  await pending(handedOver);
  await old.takeAndDie(date, handedOver);
  await old.gate(date, handedOver, now, 'handover');
  queued.active.push(handedOver);
  for (const [i, r] of roster.entries()) {
    if (r.id === handedOver) continue;
    if (i % 10 === 9) {
      sentToday.push(r.id);
      await old.record(date, r.id, { status: 'sent', at: now.toISOString(), messageId: `<${date}.${r.id}@briefing>` });
      // Some with a job still waiting (a re-run of `send`): the gate must keep them from going twice.
      if (i % 20 === 19) {
        jobs.push({ id: r.id });
        queued.waiting.push(r.id);
      }
    } else if (i % 3 === 0) {
      // Not due yet in their zone: no outcome, no job.
    } else if (i % 7 === 4) {
      await pending(r.id, 'retrying after: 451 4.3.0 try again later (attempt 1 of 8)');
      jobs.push({ id: r.id, delayMs: 60_000 });
      queued.delayed.push(r.id);
    } else {
      await pending(r.id);
      jobs.push({ id: r.id });
      queued.waiting.push(r.id);
    }
  }
  await old.enqueue(date, jobs);
  await old.scheduleTicks(30_000);
  return { queued, sentToday };
}

async function writeMetrics(old: Legacy) {
  const metrics = { outcomes: { sent: 0, 'skipped:opted-out': 0, failed: 0 } as Record<string, number>, renderCount: 0, renderSum: 0 };
  for (let i = 0; i < 40; i += 1) {
    const status = i % 10 === 0 ? 'failed' : i % 7 === 0 ? 'skipped:opted-out' : 'sent';
    const seconds = status === 'sent' ? 0.003 + (i % 5) * 0.02 : undefined;
    await old.observeSend(status, seconds);
    metrics.outcomes[status]! += 1;
    if (seconds !== undefined) {
      metrics.renderCount += 1;
      metrics.renderSum += seconds;
    }
  }
  return metrics;
}
