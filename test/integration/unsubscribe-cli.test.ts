import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { auditOf } from '../helpers/outcomes.ts';

describe('briefing optouts', () => {
  let stack: TestStack;
  let env: Record<string, string>;

  beforeAll(async () => {
    stack = await createTestStack();
    env = cliEnv(stack.config);
    await stack.importRoster([
      { id: 'u-1', email: 'ada@example.com' },
      { id: 'u-2', email: 'jan@example.nl', locale: 'nl' },
      { id: 'u-3', email: 'grace@example.com' },
    ]);
  });
  afterAll(() => stack.stop());

  // Six real CLI processes: a generous timeout for a busy CI machine.
  it('lists, adds, removes and exports opt-outs with how each was made', async () => {
    const { optouts } = stack.services;
    await optouts.optOut('u-1', 'one-click', new Date('2026-11-24T06:00:00Z'));
    await optouts.optOut('u-2', 'link', new Date('2026-11-24T07:00:00Z'));

    const added = await runCli(['optouts', 'add', 'u-3'], env);
    expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('opted out u-3 (admin)') });

    const listed = JSON.parse((await runCli(['optouts', 'list', '--json'], env)).stdout) as { id: string; source: string }[];
    // --json streams in storage order.
    expect(listed.map((o) => [o.id, o.source]).sort()).toEqual([
      ['u-1', 'one-click'],
      ['u-2', 'link'],
      ['u-3', 'admin'],
    ]);
    const table = await runCli(['optouts', 'list'], env);
    expect(table.stdout).toMatch(/u-2\s+jan@example\.nl\s+2026-11-24T07:00:00\.000Z\s+link/);

    const removed = await runCli(['optouts', 'remove', 'u-2'], env);
    expect(removed).toMatchObject({ code: 0, stdout: expect.stringContaining('removed the opt-out of u-2') });
    expect(await optouts.get('u-2')).toBeNull();
    const notThere = await runCli(['optouts', 'remove', 'u-2'], env);
    expect(notThere).toMatchObject({ code: 0, stdout: expect.stringContaining('u-2 is not opted out; nothing changed') });

    const exported = await runCli(['optouts', 'export'], env);
    expect(exported.code).toBe(0);
    const rows = parse(exported.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.id, r.action, r.source])).toEqual([
      ['u-1', 'opt-out', 'one-click'],
      ['u-2', 'opt-out', 'link'],
      ['u-3', 'opt-out', 'admin'],
      ['u-2', 'opt-in', 'admin'],
    ]);
    expect(rows[0]!.at).toBe('2026-11-24T06:00:00.000Z');
    expect(exported.stdout.split('\r\n')[0]).toBe('at,id,action,source');
  }, 90_000);

  it('refuses an id that is not on the roster, and writes nothing', async () => {
    const before = (await auditOf(stack)).length;
    for (const cmd of ['add', 'remove']) {
      const res = await runCli(['optouts', cmd, 'u-404'], env);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/u-404 — nothing written/);
    }
    expect(await stack.services.optouts.get('u-404')).toBeNull();
    expect((await auditOf(stack)).length).toBe(before);
  });
});
