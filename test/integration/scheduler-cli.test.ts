import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedisClient } from '../../src/redis.ts';
import { deletePrefix } from '../helpers/redis-cleanup.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testRedisEnv } from '../helpers/redis-mode.ts';
import { testConfig, uniquePrefix } from '../helpers/test-config.ts';

describe('briefing schedule next', () => {
  const prefix = uniquePrefix('schedule-cli');
  const env = { BRIEFING_PREFIX: prefix, ...testRedisEnv() };
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'briefing-schedule-'));
    const roster = join(dir, 'roster.json');
    await writeFile(
      roster,
      JSON.stringify([
        { id: 'nz', email: 'nz@example.com', timeZone: 'Pacific/Auckland', sendAt: '02:30', workdays: ['sun', 'mon'] },
        { id: 'ams', email: 'ams@example.com', timeZone: 'Europe/Amsterdam', sendAt: '07:30' },
      ]),
    );
    const imported = await runCli(['recipients', 'import', roster], env);
    expect(imported.code, imported.stderr).toBe(0);
  });

  afterAll(async () => {
    const redis = createRedisClient(testConfig().redis, { name: 'test-schedule-cli' });
    await deletePrefix(redis, prefix);
    await redis.quit();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the instants the scheduler uses, through Auckland’s September change', async () => {
    const r = await runCli(['schedule', 'next', '--recipient', 'nz', '--from', '2026-09-26T00:00:00Z', '--count', '3', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.sends).toEqual([
      // Sunday 27 September: 02:30 does not exist in Auckland; 03:00 NZDT is the first valid minute.
      { date: '2026-09-27', at: '2026-09-26T14:00:00.000Z' },
      { date: '2026-09-28', at: '2026-09-27T13:30:00.000Z' },
      { date: '2026-10-04', at: '2026-10-03T13:30:00.000Z' },
    ]);
  });

  it('prints one instant per line for people', async () => {
    const r = await runCli(['schedule', 'next', '--recipient', 'ams', '--from', '2026-03-27T08:00:00+01:00', '--count', '2'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['2026-03-30T05:30:00.000Z', '2026-03-31T05:30:00.000Z']);
  });

  it.each([
    [['--from', '2026-03-29T02:30'], /--from "2026-03-29T02:30": expected an ISO 8601 instant with its offset/],
    [['--from', 'tomorrow'], /--from "tomorrow"/],
    [['--count', '0'], /--count "0": expected a whole number from 1 to 1000/],
    [['--count', 'many'], /--count "many"/],
  ])('refuses %j with a clear error', async (args, message) => {
    const r = await runCli(['schedule', 'next', '--recipient', 'ams', ...args], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });

  it('says so when the recipient is not on the roster', async () => {
    const r = await runCli(['schedule', 'next', '--recipient', 'nobody'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not on the roster: nobody');
  });
});
