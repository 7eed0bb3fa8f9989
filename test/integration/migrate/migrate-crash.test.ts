import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { writeLegacyInstallation } from '../../helpers/legacy-installation.ts';
import { cliEnv, runCli } from '../../helpers/run-cli.ts';
import { createTestStack, type TestStack } from '../../helpers/stack.ts';
import { expectEverythingMoved } from './expect-migrated.ts';

// The earlier installation is written by test/helpers/legacy-installation.ts through the
// earlier version's own writes (test/helpers/legacy-version.ts, copied from commit 09a10b8).

const BIN = fileURLToPath(new URL('../../../bin/briefing.js', import.meta.url));

/** Runs `briefing migrate` and SIGKILLs it as soon as its progress on stderr reaches `step`. */
async function killMigrateAt(env: Record<string, string>, step: string): Promise<{ killed: boolean; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'migrate'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let killed = false;
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (!killed && stderr.includes(`briefing migrate: ${step}\n`)) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { killed: killed && signal === 'SIGKILL' && code === null, stderr };
}

describe('briefing migrate, killed half-way', () => {
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
    const legacy = await writeLegacyInstallation(stack.redis, stack.config.prefix, { recipients: 400, dir: stack.dir });
    const env = cliEnv(stack.config);

    const crashed = await killMigrateAt(env, step);
    // The removal is quick: the run may finish before the signal lands.
    if (!step.startsWith('removing')) expect(crashed.killed, crashed.stderr).toBe(true);
    if (!step.startsWith('removing')) {
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
});
