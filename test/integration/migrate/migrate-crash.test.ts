import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { writeLegacyInstallation } from '../../helpers/legacy-installation.ts';
import { legacyVersion } from '../../helpers/legacy-version.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { cliEnv, runCli } from '../../helpers/run-cli.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';
import { expectEverythingMoved } from './expect-migrated.ts';
import { asSingle } from '../../helpers/redis-cleanup.ts';

// The earlier installation is written by test/helpers/legacy-installation.ts through the
// earlier version's own writes (test/helpers/legacy-version.ts, copied from commit 09a10b8).

const BIN = fileURLToPath(new URL('../../../bin/briefing.js', import.meta.url));

/** Runs `briefing migrate`, and calls `act` as soon as its progress on stderr reaches `step`. */
async function migrateActingAt(env: Record<string, string>, step: string, act: (child: ChildProcess) => void) {
  const child = spawn(process.execPath, [BIN, 'migrate'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let acted = false;
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (!acted && stderr.includes(`briefing migrate: ${step}\n`)) {
      acted = true;
      act(child);
    }
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited: exited.then(([code, signal]) => ({ code, signal, acted, stderr })) };
}

describe('briefing migrate, interrupted half-way', () => {
  let stack: TestStack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  // Each a point where the run is SIGKILLed: within the roster, the audit log, the outcomes,
  // the re-queueing, and the removal of the earlier keys.
  const points = ['moving roster', 'moving audit log', 'moving outcomes', 'moving queued briefings', 'removing the earlier keys'];

  it.each(points)('run again after a SIGKILL at "%s", finishes the job without doubling anything', async (step) => {
    stack = await createTestStack();
    const legacy = await writeLegacyInstallation(asSingle(stack.redis), stack.config.prefix, { recipients: 400, dir: stack.dir });
    const env = cliEnv(stack.config);

    const crashed = await (await migrateActingAt(env, step, (child) => child.kill('SIGKILL'))).exited;
    // (The removal is quick: the run may finish before the signal lands.)
    if (!step.startsWith('removing')) {
      expect(crashed.acted && crashed.signal === 'SIGKILL', crashed.stderr).toBe(true);
      // Half-way: nothing starts on a half-moved installation.
      const status = await runCli(['status', '--date', legacy.dates.today], env);
      expect(status.code).toBe(1);
      expect(status.stderr).toContain('stopped before it finished');
    }

    const rerun = await runCli(['migrate'], env, { timeoutMs: 90_000 });
    expect(rerun.code, rerun.stderr).toBe(0);
    if (!/nothing to migrate/.test(rerun.stdout)) expect(rerun.stdout).toContain('continuing the run started');
    await expectEverythingMoved(stack, legacy);
    // Every briefing that was waiting is queued once in the new queues.
    const waiting = (await Promise.all(stack.services.sendQueues.all.map((q) => q.getJobCounts('wait')))).reduce((n, c) => n + (c.wait ?? 0), 0);
    const today = legacy.outcomes.get(legacy.dates.today)!;
    const queued = [...legacy.queued.waiting, ...legacy.queued.delayed].filter((id) => today.get(id)?.status !== 'sent');
    expect(waiting).toBe(queued.length);
  }, 180_000);

  it('stops before re-queueing when a worker of the earlier version started meanwhile, and moves the outcomes again on the re-run', async () => {
    stack = await createTestStack();
    const s = stack;
    const legacy = await writeLegacyInstallation(asSingle(s.redis), s.config.prefix, { recipients: 400, dir: s.dir });
    const env = cliEnv(s.config);
    const today = legacy.dates.today;
    const victim = legacy.queued.waiting.find((id) => legacy.outcomes.get(today)!.get(id)?.status === 'pending')!;
    const connection = asSingle(s.redis).duplicate({ maxRetriesPerRequest: null });
    let worker: Worker | undefined;
    try {
      // Once the check has passed, an earlier `briefing worker` starts…
      const run = await migrateActingAt(env, 'moving roster', () => {
        worker = new Worker('send', null, { connection, prefix: s.config.prefix, autorun: false });
      });
      // …and, after the outcomes have moved, sends one briefing and completes its job.
      let exited = false;
      void run.exited.then(() => (exited = true));
      await waitUntil('the outcomes moved', async () => (exited || (await asSingle(s.redis).hexists(`${s.config.prefix}:migration`, 'done:outcomes:127'))) || undefined, 90_000);
      await legacyVersion(asSingle(s.redis), s.config.prefix).record(today, victim, { status: 'sent', at: new Date().toISOString() });
      const earlierQueue = new Queue('send', { connection: asSingle(s.redis), prefix: s.config.prefix, skipMetasUpdate: true });
      await earlierQueue.remove(`${today}.${victim}`);
      await earlierQueue.close();
      const first = await run.exited;
      expect(first.code, first.stderr).toBe(1);
      expect(first.stderr).toMatch(/attached to its queues.*stop the workers first.*moves the outcomes again/s);
    } finally {
      await worker?.close();
      await connection.quit();
    }

    const rerun = await runCli(['migrate'], env, { timeoutMs: 90_000 });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await s.services.outcomes.get(today, victim))?.status).toBe('sent');
    expect((await s.services.roster.get(victim))?.lastSent).toBe(today);
    expect(await s.services.sendQueues.of(victim).getJob(`${today}.${victim}`)).toBeUndefined();
  }, 180_000);
});
