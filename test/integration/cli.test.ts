import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';

describe('the briefing command line', () => {
  let stack: TestStack;
  let env: Record<string, string>;

  beforeAll(async () => {
    stack = await createTestStack();
    env = {
      ...cliEnv(stack.config),
      OUTBOX_DIR: `${stack.dir}/outbox`,
      DEFAULT_TIME_ZONE: 'Europe/Amsterdam',
    };
  });
  afterAll(() => stack.stop());

  it('imports a CSV roster, lists it, and refuses an invalid file whole with line numbers', async () => {
    const good = await stack.write('roster.csv', 'id,email,name,locale\nu-1,ada@example.com,Ada,en\nu-2,jan@example.nl,Jan,nl\n');
    const imported = await runCli(['recipients', 'import', good], env);
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringContaining('imported 2 recipients') });

    const bad = await stack.write('bad.json', JSON.stringify([{ id: 'u-3', email: 'c@example.com' }, { id: 'u-1', email: 'nope' }], null, 1));
    const refused = await runCli(['recipients', 'import', bad], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/line 6: email: not a valid email address/);
    expect(refused.stdout).toBe('');

    const listed = await runCli(['recipients', 'list', '--json'], env);
    const roster = JSON.parse(listed.stdout) as { id: string; email: string }[];
    // Nothing of the refused file was written: no u-3, and u-1 kept its address. (--json is in storage order.)
    expect(roster.map((r) => [r.id, r.email]).sort()).toEqual([
      ['u-1', 'ada@example.com'],
      ['u-2', 'jan@example.nl'],
    ]);
  });

  it('queues a day with send, reports it with status --json, and refuses bad arguments clearly', async () => {
    const sent = await runCli(['send', '--date', '2026-11-24', '--all'], env);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/queued 2 briefings for 2026-11-24/);
    const twice = await runCli(['send', '--date', '2026-11-24', '--recipient', 'u-1'], env);
    expect(twice.stdout).toMatch(/queued 0 briefings for 2026-11-24 \(1 already queued: left alone\)/);

    const status = JSON.parse((await runCli(['status', '--date', '2026-11-24', '--json'], env)).stdout);
    expect(status.counts.pending).toBe(2);
    expect(status.recipients.map((r: { id: string; status: string }) => `${r.id}:${r.status}`)).toEqual(['u-1:pending', 'u-2:pending']);

    const badDate = await runCli(['send', '--date', '24-11-2026', '--all'], env);
    expect(badDate.code).not.toBe(0);
    expect(badDate.stderr).toMatch(/--date "24-11-2026": expected a date as YYYY-MM-DD/);
    const unknown = await runCli(['send', '--date', '2026-11-24', '--recipient', 'nobody'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/not on the roster: nobody \(nothing was queued\)/);
  });

  it('leaves a briefing of unknown delivery alone on a re-run, and sends it again only with --recipient … --force', async () => {
    const day = '2026-11-25';
    await stack.services.outcomes.record(day, 'u-1', { status: 'unknown', at: '2026-11-25T06:30:00.000Z', reason: 'delivery unknown: …' });
    const rerun = await runCli(['send', '--date', day, '--all'], env);
    expect(rerun.stdout).toMatch(/queued 1 briefing for 2026-11-25 \(1 of unknown delivery: left alone — .*--recipient ID --force/);
    expect((await stack.services.outcomes.get(day, 'u-1'))?.status).toBe('unknown');

    const refused = await runCli(['send', '--date', day, '--all', '--force'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--force works with --recipient ID… only/);

    const forced = await runCli(['send', '--date', day, '--recipient', 'u-1', '--force'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/queued 1 briefing for 2026-11-25 \(1 forced re-send\)/);
    expect(await stack.services.outcomes.get(day, 'u-1')).toMatchObject({ status: 'pending', forced: true, reason: expect.stringMatching(/^forced re-send requested/) });
  });

  it('stops with a message naming the variable when configuration is wrong, or Redis is away', async () => {
    const badPort = await runCli(['status', '--date', '2026-11-24'], { ...env, PORT: 'http' });
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr.trim()).toBe('briefing: PORT="http": must be a port number from 0 to 65535');
    const noRedis = await runCli(['status', '--date', '2026-11-24'], { ...env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(noRedis.code).not.toBe(0);
    expect(noRedis.stderr).toMatch(/REDIS_URL=redis:\/\/127\.0\.0\.1:1: .* is Redis running\?/);
  });

  it('exits (so that a supervisor restarts it) when `serve` or `worker` starts without Redis, rather than hanging', async () => {
    for (const command of ['serve', 'worker']) {
      const noRedis = await runCli([command], { ...env, REDIS_URL: 'redis://127.0.0.1:1', PORT: '0', REDIS_STARTUP_TIMEOUT: '1s' }, { timeoutMs: 12_000 });
      expect(noRedis.timedOut, command).toBe(false);
      expect(noRedis.code, command).toBe(1);
      expect(noRedis.stderr, command).toMatch(/REDIS_URL=redis:\/\/127\.0\.0\.1:1: connection refused — is Redis running\?/);
      expect(noRedis.stderr, command).not.toContain('Unhandled error event');
    }
  });

  it('prints a working unsubscribe URL for support', async () => {
    const { stdout, code } = await runCli(['token', 'u-2'], env);
    expect(code).toBe(0);
    const token = stdout.trim().split('/unsubscribe/')[1]!;
    expect(stack.services.tokens.verify(token)).toBe('u-2');
  });
});
