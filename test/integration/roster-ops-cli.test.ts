import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { BIN, cliEnv, FROM_SOURCE, runCli, type CliResult } from '../helpers/run-cli.ts';

/** Runs `briefing …` on a pseudo-terminal (util-linux `script`), typing `input` into it: what a person at a terminal does. */
function runCliOnTerminal(args: string[], env: Record<string, string>, input: string): Promise<CliResult> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve) => {
    const child = execFile(
      'script',
      ['-qec', command, '/dev/null'],
      { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...FROM_SOURCE, ...env }, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr, timedOut: !!(err as { killed?: boolean } | null)?.killed });
      },
    );
    child.stdin?.end(input);
  });
}

const TOKEN = 'admin-token-0123456789-abcdef';

describe('roster operations from the command line', () => {
  let stack: TestStack;
  let env: Record<string, string>;
  const rosterIds = async () => (await stack.services.roster.getMany(['u-1', 'u-2', 'u-3', 'u-4', 'u-5'])).keys();
  const onRoster = async () => [...(await rosterIds())].sort();

  beforeEach(async () => {
    stack = await createTestStack({ ADMIN_TOKEN: TOKEN });
    env = cliEnv(stack.config);
    await stack.importRoster([
      { id: 'u-1', email: 'ada@example.com' },
      { id: 'u-2', email: 'jan@example.nl' },
      { id: 'u-3', email: 'grace@example.com' },
      { id: 'u-4', email: 'ivo@example.com' },
    ]);
  });
  afterEach(() => stack.stop());

  describe('recipients remove', () => {
    it('removes nobody when any id is unknown, and names every unknown id', async () => {
      const res = await runCli(['recipients', 'remove', 'u-1', 'ghost-1', 'u-2', 'ghost-2'], env);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/not on the roster: ghost-1, ghost-2 — nobody removed/);
      expect(await onRoster()).toEqual(['u-1', 'u-2', 'u-3', 'u-4']);
    });

    it('removes the people named, keeps their opt-outs, and says so', async () => {
      await stack.services.optouts.optOut('u-2', 'link');
      const res = await runCli(['recipients', 'remove', 'u-1', 'u-2'], env);
      expect(res).toMatchObject({ code: 0, stdout: expect.stringContaining('removed 2 recipients from the roster: u-1, u-2') });
      expect(res.stdout).toMatch(/their opt-outs are kept/);
      expect(await onRoster()).toEqual(['u-3', 'u-4']);
      expect(await stack.services.roster.idByEmail('ada@example.com')).toBeNull();
      expect(await stack.services.optouts.get('u-2')).toMatchObject({ source: 'link' });
    });
  });

  describe('recipients import --sync', () => {
    const syncFile = () => stack.write('roster.csv', 'id,email\nu-1,ada@example.com\nu-2,jan@example.nl\nu-5,new@example.com\n');

    it('without a terminal and without --yes, refuses naming --yes and writes nothing', async () => {
      const res = await runCli(['recipients', 'import', await syncFile(), '--sync'], env);
      expect(res.code).not.toBe(0);
      expect(res.stdout).toMatch(/--sync: 2 people of the 4 on the roster are not in .*roster\.csv and would be removed/);
      expect(res.stderr).toMatch(/--sync would remove 2 people and there is no terminal to confirm it — nothing written and nobody removed\. Run it again with --yes/);
      expect(await onRoster()).toEqual(['u-1', 'u-2', 'u-3', 'u-4']);
    });

    it('--dry-run prints how many would go and the first ids, and changes nothing', async () => {
      const res = await runCli(['recipients', 'import', await syncFile(), '--sync', '--dry-run'], env);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/2 people of the 4 on the roster .* would be removed \(their opt-outs are kept\): u-\d, u-\d\n/);
      expect(res.stdout).toMatch(/u-3/);
      expect(res.stdout).toMatch(/u-4/);
      expect(res.stdout).toMatch(/dry run: .* holds 3 recipients, all valid; nothing written and nobody removed/);
      expect(await onRoster()).toEqual(['u-1', 'u-2', 'u-3', 'u-4']);
    });

    it('with --yes, writes the file and removes those not in it, keeping their opt-outs', async () => {
      await stack.services.optouts.optOut('u-3', 'one-click');
      const res = await runCli(['recipients', 'import', await syncFile(), '--sync', '--yes'], env);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/imported 3 recipients from .*: 1 new, 2 updated; removed 2 not in the file \(their opt-outs are kept\)/);
      expect(await onRoster()).toEqual(['u-1', 'u-2', 'u-5']);
      expect(await stack.services.roster.count()).toBe(3);
      expect(await stack.services.optouts.get('u-3')).toMatchObject({ source: 'one-click' });
      // Safe to repeat: nobody else goes, and no confirmation is needed.
      const again = await runCli(['recipients', 'import', await syncFile(), '--sync'], env);
      expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('removed 0 not in the file') });
    }, 60_000);

    it('on a terminal, asks before removing: "n" writes nothing, "y" goes ahead', async () => {
      const no = await runCliOnTerminal(['recipients', 'import', await syncFile(), '--sync'], env, 'n\n');
      expect(no.code).toBe(0);
      expect(no.stdout).toMatch(/remove 2 people from the roster\? \[y\/N\]/);
      expect(no.stdout).toMatch(/nothing written and nobody removed/);
      expect(await onRoster()).toEqual(['u-1', 'u-2', 'u-3', 'u-4']);

      const yes = await runCliOnTerminal(['recipients', 'import', await syncFile(), '--sync'], env, 'y\n');
      expect(yes.code).toBe(0);
      expect(yes.stdout).toMatch(/removed 2 not in the file/);
      expect(await onRoster()).toEqual(['u-1', 'u-2', 'u-5']);
    }, 60_000);

    it('refuses to remove more than half of the roster without --yes', async () => {
      const one = await stack.write('one.json', JSON.stringify([{ id: 'u-1', email: 'ada@example.com' }]));
      const res = await runCli(['recipients', 'import', one, '--sync'], env);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/--sync would remove 3 people, more than half of the roster of 4 — nothing written and nobody removed.*--yes/);
      expect(await onRoster()).toEqual(['u-1', 'u-2', 'u-3', 'u-4']);
    });

    it('refuses --yes without --sync', async () => {
      const res = await runCli(['recipients', 'import', await syncFile(), '--yes'], env);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/--yes applies to --sync only/);
      expect(await onRoster()).toEqual(['u-1', 'u-2', 'u-3', 'u-4']);
    });
  });

  describe('optouts export --current', () => {
    it('writes the opt-outs in effect as CSV, with the address from the roster (empty for someone who left)', async () => {
      const { optouts } = stack.services;
      await optouts.optOut('u-1', 'one-click', new Date('2026-11-24T06:00:00Z'));
      await optouts.optOut('u-3', 'link', new Date('2026-11-24T07:00:00Z'));
      await optouts.optOut('u-4', 'admin', new Date('2026-11-24T08:00:00Z'));
      await optouts.optIn('u-4', 'admin');
      await stack.services.roster.remove(['u-3']);

      const res = await runCli(['optouts', 'export', '--current'], env);
      expect(res.code).toBe(0);
      expect(res.stdout.split('\r\n')[0]).toBe('id,email,since,how');
      const rows = (parse(res.stdout, { columns: true }) as Record<string, string>[]).sort((a, b) => (a.id! < b.id! ? -1 : 1));
      expect(rows).toEqual([
        { id: 'u-1', email: 'ada@example.com', since: '2026-11-24T06:00:00.000Z', how: 'one-click' },
        { id: 'u-3', email: '', since: '2026-11-24T07:00:00.000Z', how: 'link' },
      ]);

      const file = `${stack.dir}/optouts.csv`;
      const toFile = await runCli(['optouts', 'export', '--current', '--output', file], env);
      expect(toFile).toMatchObject({ code: 0, stdout: '' });
      expect(await readFile(file, 'utf8')).toBe(res.stdout);
      expect((await readdir(stack.dir)).filter((f) => f.includes('partial'))).toEqual([]);
    }, 60_000);

    it('refuses an --output it cannot write, naming it', async () => {
      const res = await runCli(['optouts', 'export', '--current', '--output', `${stack.dir}/no/such/dir/out.csv`], env);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/--output .*out\.csv: cannot write there \(ENOENT\) — nothing written/);
    });
  });

  describe('DELETE /admin/api/recipients/:id', () => {
    it('removes one person and keeps their opt-out; an unknown id is a 404', async () => {
      const app = createApp({ services: stack.services, logger: pino({ level: 'silent' }) });
      const headers = { Authorization: `Bearer ${TOKEN}` };
      await stack.services.optouts.optOut('u-2', 'link');
      const res = await app.request('/admin/api/recipients/u-2', { method: 'DELETE', headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ removed: true, id: 'u-2', optOut: { id: 'u-2', source: 'link' } });
      expect(await onRoster()).toEqual(['u-1', 'u-3', 'u-4']);
      const again = await app.request('/admin/api/recipients/u-2', { method: 'DELETE', headers });
      expect(again.status).toBe(404);
      expect(await again.json()).toEqual({ error: 'not on the roster: u-2; nothing removed' });
    });
  });
});
