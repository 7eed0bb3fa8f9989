import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { createServices } from '../../src/app/services.ts';
import { createSchedulerTick, startScheduler, type RunningScheduler } from '../../workers/scheduler.ts';
import type { TickResult } from '../../src/schedule/tick.ts';
import { allOutcomes } from '../helpers/outcomes.ts';
import { fanOutNow } from '../helpers/fan-out.ts';
import { startFanOutWorker } from '../../workers/fan-out-worker.ts';

const silent = pino({ level: 'silent' });
// Tuesday 24 November 2026. Amsterdam 07:30 CET = 06:30Z; Kolkata 07:30 = 02:00Z.
const TUE = '2026-11-24';
const at = (iso: string) => new Date(iso);

const ROSTER = [
  { id: 'ams-1', email: 'a1@example.com', timeZone: 'Europe/Amsterdam', sendAt: '07:30' },
  { id: 'ams-2', email: 'a2@example.com', timeZone: 'Europe/Amsterdam', sendAt: '07:30' },
  { id: 'ams-weekend', email: 'aw@example.com', timeZone: 'Europe/Amsterdam', sendAt: '07:30', workdays: ['sat', 'sun'] },
  { id: 'kol-1', email: 'k1@example.com', timeZone: 'Asia/Kolkata', sendAt: '07:30' },
];

/** "date.recipient" of every send job waiting (a job's name is its recipient's id). */
async function queuedIds(stack: TestStack): Promise<string[]> {
  const jobs = await stack.services.sendQueues.all[0]!.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
  return jobs.map((j) => `${(j.data as { d: string }).d}.${j.name}`).sort();
}

/** A scheduler tick, then its fan-out jobs run to the end (as any worker process would run them). */
function tickAndFanOut(stack: TestStack, services = stack.services) {
  const tick = createSchedulerTick(services, silent);
  return async (now: Date): Promise<TickResult> => {
    const result = await tick(now);
    await fanOutNow(services, { now: () => now });
    return result;
  };
}

async function notWorkday(stack: TestStack, date: string): Promise<number> {
  return (await stack.services.outcomes.counts(date)).byStatus['skipped:not-workday'];
}

async function statuses(stack: TestStack, date: string): Promise<Record<string, string>> {
  const all = await allOutcomes(stack.services.outcomes, date);
  return Object.fromEntries([...all].map(([id, o]) => [id, o.status]).sort());
}

const groupsDone = (r: TickResult) => r.done.map((d) => `${d.group.timeZone}|${d.group.sendAt} ${d.date} ${d.action}`);

describe('the scheduler', () => {
  let stack: TestStack;
  const running: RunningScheduler[] = [];

  beforeEach(async () => {
    stack = await createTestStack();
    await stack.importRoster(ROSTER);
  });

  afterEach(async () => {
    for (const s of running.splice(0)) await s.close();
    await stack.services.scheduleQueue.obliterate({ force: true }).catch(() => undefined);
    await stack.services.fanOutQueue.obliterate({ force: true }).catch(() => undefined);
    await stack.stop();
  });

  it('queues each group at its local send time once, and counts non-workdays at fan-out without a record each', async () => {
    const tick = tickAndFanOut(stack);
    expect(groupsDone(await tick(at('2026-11-24T01:59:00Z')))).toEqual([]);
    expect(groupsDone(await tick(at('2026-11-24T02:00:20Z')))).toEqual([`Asia/Kolkata|07:30 ${TUE} send`]);
    expect(await queuedIds(stack)).toEqual([`${TUE}.kol-1`]);

    expect(groupsDone(await tick(at('2026-11-24T06:30:20Z')))).toEqual([`Europe/Amsterdam|07:30 ${TUE} send`]);
    // Ticks after that (and a tick at the same instant, as BullMQ may deliver one twice) change nothing.
    expect(groupsDone(await tick(at('2026-11-24T06:30:20Z')))).toEqual([]);
    expect(groupsDone(await tick(at('2026-11-24T06:30:50Z')))).toEqual([]);
    expect(await queuedIds(stack)).toEqual([`${TUE}.ams-1`, `${TUE}.ams-2`, `${TUE}.kol-1`]);
    expect(await statuses(stack, TUE)).toEqual({ 'ams-1': 'pending', 'ams-2': 'pending', 'kol-1': 'pending' });
    expect(await notWorkday(stack, TUE)).toBe(1);
  });

  it('fans out a group once when two scheduler processes tick at the same moment', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({ id: `crowd-${i}`, email: `c${i}@example.com`, timeZone: 'Europe/Amsterdam', sendAt: '07:30' }));
    await stack.importRoster(many);
    const other = createServices(stack.config, { name: 'test-second-scheduler' });
    try {
      const a = tickAndFanOut(stack);
      const b = tickAndFanOut(stack, other);
      await a(at('2026-11-24T06:00:00Z'));
      const [ra, rb] = await Promise.all([a(at('2026-11-24T06:30:30Z')), b(at('2026-11-24T06:30:30Z'))]);
      expect([...groupsDone(ra), ...groupsDone(rb)]).toEqual([`Europe/Amsterdam|07:30 ${TUE} send`]);
      expect(ra.alreadyTaken + rb.alreadyTaken).toBe(1);
      const counts = await stack.services.sendQueues.all[0]!.getJobCounts('waiting', 'delayed', 'prioritized');
      expect(counts.waiting! + counts.delayed! + counts.prioritized!).toBe(2502);
      expect((await stack.services.outcomes.counts(TUE)).byStatus).toMatchObject({ pending: 2502, 'skipped:not-workday': 1 });
    } finally {
      await other.close();
    }
  });

  it('after downtime, still sends a briefing whose time passed less than CATCH_UP ago', async () => {
    const tick = tickAndFanOut(stack);
    await tick(at('2026-11-24T05:00:00Z')); // last tick before the outage
    const result = await tick(at('2026-11-24T08:00:00Z')); // 1 h 30 after 07:30 Amsterdam
    expect(groupsDone(result)).toEqual([`Europe/Amsterdam|07:30 ${TUE} send`]);
    expect(await queuedIds(stack)).toEqual([`${TUE}.ams-1`, `${TUE}.ams-2`]);
  });

  it('after downtime beyond CATCH_UP, records skipped:missed and queues nothing', async () => {
    const tick = tickAndFanOut(stack);
    await tick(at('2026-11-24T05:00:00Z'));
    const result = await tick(at('2026-11-24T08:31:00Z')); // 2 h 01 late
    expect(groupsDone(result)).toEqual([`Europe/Amsterdam|07:30 ${TUE} missed`]);
    expect(await queuedIds(stack)).toEqual([]);
    expect(await statuses(stack, TUE)).toEqual({ 'ams-1': 'skipped:missed', 'ams-2': 'skipped:missed' });
    expect(await notWorkday(stack, TUE)).toBe(1);
    expect((await stack.services.outcomes.get(TUE, 'ams-1'))?.reason).toMatch(/not running at the send time .*CATCH_UP/);
  });

  it('after a long weekend outage, records each missed day and sends today', async () => {
    const tick = tickAndFanOut(stack);
    await tick(at('2026-11-20T12:00:00Z')); // Friday noon, after everyone's send time
    await tick(at('2026-11-24T07:00:00Z')); // Tuesday, 30 min after Amsterdam's 07:30
    expect(await statuses(stack, '2026-11-21')).toEqual({ 'ams-weekend': 'skipped:missed' });
    expect(await notWorkday(stack, '2026-11-21')).toBe(3);
    expect(await statuses(stack, '2026-11-23')).toMatchObject({ 'ams-1': 'skipped:missed', 'kol-1': 'skipped:missed' });
    // Kolkata's Tuesday send (02:00Z) is 5 h old: missed. Amsterdam's is 30 min old: sent.
    expect(await statuses(stack, TUE)).toEqual({ 'ams-1': 'pending', 'ams-2': 'pending', 'kol-1': 'skipped:missed' });
  });

  it('never overwrites an outcome a manual send already produced', async () => {
    await stack.services.outcomes.record(TUE, 'ams-1', { status: 'sent', at: '2026-11-24T05:00:00.000Z' });
    const tick = tickAndFanOut(stack);
    await tick(at('2026-11-24T05:00:00Z'));
    await tick(at('2026-11-24T09:00:00Z'));
    expect((await statuses(stack, TUE))['ams-1']).toBe('sent');
  });

  it('while paused, fans out as usual and the worker records skipped:paused without sending', async () => {
    const smtp: SmtpReceiver = await startSmtpReceiver();
    try {
      const paused = await createTestStack({ SMTP_URL: smtp.url, BRIEFING_PREFIX: `${stack.config.prefix}-p` });
      try {
        await paused.importRoster(ROSTER);
        await paused.startWorker();
        await paused.services.orgSwitch.pause();
        const tick = tickAndFanOut(paused);
        await tick(at('2026-11-24T06:00:00Z'));
        await tick(at('2026-11-24T06:30:30Z'));
        const outcomes = await waitForOutcomes(paused.services, TUE, ['ams-1', 'ams-2']);
        expect([...outcomes.values()].map((o) => o.status)).toEqual(['skipped:paused', 'skipped:paused']);
        expect(smtp.received).toHaveLength(0);
      } finally {
        await paused.stop();
      }
    } finally {
      await smtp.close();
    }
  });

  it('does the hourly upkeep (rolling up the counts of expiring dates) in one tick an hour, whichever process ticks', async () => {
    const other = createServices(stack.config, { name: 'test-second-upkeep' });
    try {
      const first = await createSchedulerTick(stack.services, silent)(at('2026-11-24T05:00:00Z'));
      const second = await createSchedulerTick(other, silent)(at('2026-11-24T05:00:30Z'));
      expect(first.rolledUp).toEqual([]);
      expect(second.rolledUp).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('is driven by one BullMQ job scheduler however many processes start it', async () => {
    const ticks: TickResult[] = [];
    const now = () => at('2026-11-24T06:30:10Z');
    running.push(await startScheduler(stack.services, silent, { tickMs: 200, now, onTick: (r) => ticks.push(r) }));
    const other = createServices(stack.config, { name: 'test-second-process', blocking: true });
    const fanOut = await startFanOutWorker(other, silent, { now });
    try {
      running.push(await startScheduler(other, silent, { tickMs: 200, now }));
      const schedulers = await stack.services.scheduleQueue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.every])).toEqual([['tick', 200]]);
      for (let i = 0; i < 200 && (await queuedIds(stack)).length < 2; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(await queuedIds(stack)).toEqual([`${TUE}.ams-1`, `${TUE}.ams-2`]);
    } finally {
      for (const s of running.splice(0)) await s.close();
      await fanOut.close();
      await other.close();
    }
  });
});
