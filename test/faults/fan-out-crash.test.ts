import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { cliEnv } from '../helpers/run-cli.ts';
import { killAllWorkerProcesses, startBriefingProcess } from '../helpers/worker-process.ts';
import { fanOutDrained } from '../helpers/fan-out.ts';
import { waitUntil } from '../helpers/wait.ts';
import { createSchedulerTick } from '../../workers/scheduler.ts';

// Tuesday 24 November 2026, 07:30 in Amsterdam is 06:30Z.
const TUE = '2026-11-24';
const N = 12_000;
// Every tenth person works at weekends only: no job for them on a Tuesday, only a count.
const resting = (i: number) => i % 10 === 0;
const WORKING = Array.from({ length: N }, (_, i) => i).filter((i) => !resting(i)).length;

/** `briefing worker` that takes fan-out jobs only (no tick of its own, no sends), as a real process. */
const fanOutProcess = (env: Record<string, string>) =>
  startBriefingProcess(['worker', '--no-scheduler', '--no-send'], env, { ready: (l) => l.msg === 'fan-out worker started' });

describe('a fan-out whose worker process is killed', () => {
  let stack: TestStack;

  beforeEach(async () => {
    // A killed worker's job is taken over once its lock (JOB_LOCK_MS) runs out.
    stack = await createTestStack({ JOB_LOCK_MS: '1000' });
    await stack.importRoster(Array.from({ length: N }, (_, i) => ({
      id: `p-${i}`,
      email: `p${i}@example.com`,
      timeZone: 'Europe/Amsterdam',
      sendAt: '07:30',
      ...(resting(i) ? { workdays: ['sat', 'sun'] } : {}),
    })));
  });
  afterEach(async () => {
    await killAllWorkerProcesses();
    await stack.stop();
  });

  it('is finished by another process: everyone queued once, the non-workday people counted once', async () => {
    const env = { ...cliEnv(stack.config), JOB_LOCK_MS: '1000', LOG_LEVEL: 'info' };
    const first = await fanOutProcess(env);
    const tick = createSchedulerTick(stack.services, pino({ level: 'silent' }));
    await tick(new Date('2026-11-24T06:00:00Z'));
    const dispatched = await tick(new Date('2026-11-24T06:30:30Z'));
    expect(dispatched.done.map((d) => d.jobs)).toEqual([1]);

    // Kill it once it has queued part of the group (a few shards in): a real crash mid-job.
    const pending = () => stack.services.outcomes.counts(TUE).then((c) => c.byStatus.pending);
    await waitUntil('the first process to be part-way through', async () => ((await pending()) > 1500 ? true : undefined), 60_000);
    first.kill('SIGKILL');
    await first.exited;
    const atKill = await pending();
    expect(atKill, 'killed before it finished').toBeLessThan(WORKING);

    const second = await fanOutProcess(env);
    await fanOutDrained(stack.services, 60_000);

    const counts = (await stack.services.outcomes.counts(TUE)).byStatus;
    expect(counts.pending).toBe(WORKING);
    expect(counts['skipped:not-workday']).toBe(N - WORKING);
    const jobs = await stack.services.sendQueues.all[0]!.getJobs(['waiting']);
    expect(jobs).toHaveLength(WORKING);
    expect(new Set(jobs.map((j) => j.name)).size).toBe(WORKING);
    // It resumed where the first had got to, rather than starting over.
    const done = second.logs.find((l) => l.msg === 'fanned out');
    expect(done).toMatchObject({ date: TUE });
    expect(done!.shardsDone as number).toBeGreaterThan(0);
  }, 180_000);
});
