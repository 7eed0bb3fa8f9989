import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { BIN, cliEnv, FROM_SOURCE, runCli } from '../helpers/run-cli.ts';
import { createApp } from '../../src/http/create-app.ts';
import { addDays, localDateOf, weekdayOf } from '../../src/time/zones.ts';

const TOKEN = 'admin-token-0123456789-abcdef';
const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
// UTC+14 and UTC−11: 25 hours apart, so their local dates always differ.
const EAST = 'Pacific/Kiritimati';
const WEST = 'Pacific/Pago_Pago';
// A zone where 23:59 today is still ahead (one of these always is).
const laterZone = () =>
  ['Asia/Tokyo', 'Europe/Amsterdam', 'America/New_York', WEST, EAST].find((z) => Number(new Date().toLocaleString('en-GB', { timeZone: z, hour: '2-digit', hour12: false })) < 22)!;

// The API's documents are checked field by field with expect: read them untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (body: unknown) => body as any;

describe('briefing status answers "why did Ivo get nothing?"', () => {
  let stack: TestStack;
  let env: Record<string, string>;
  const late = laterZone();

  beforeAll(async () => {
    stack = await createTestStack({ ADMIN_TOKEN: TOKEN });
    env = { ...cliEnv(stack.config), OUTBOX_DIR: `${stack.dir}/outbox` };
    await stack.importRoster([
      { id: 'ivo', email: 'Ivo@example.com', name: 'Ivo', timeZone: 'Europe/Amsterdam', sendAt: '07:00', workdays: ['mon', 'tue', 'wed', 'thu', 'fri'] },
      { id: 'kiri', email: 'kiri@example.com', name: 'Kiri', timeZone: EAST, sendAt: '07:00', workdays: ALL_DAYS },
      { id: 'pago', email: 'pago@example.com', name: 'Pago', timeZone: WEST, sendAt: '07:00', workdays: ALL_DAYS },
      { id: 'late', email: 'late@example.com', name: 'Late', timeZone: late, sendAt: '23:59', workdays: ALL_DAYS },
    ]);
  });
  afterAll(() => stack.stop());

  it('--recipient ID|EMAIL: each of their last N local dates, newest first, recorded or explained', async () => {
    const today = localDateOf(new Date(), 'Europe/Amsterdam');
    const workdays = Array.from({ length: 6 }, (_, i) => addDays(today, -1 - i)).filter((d) => !['sat', 'sun'].includes(weekdayOf(d)));
    const [sentDay, failedDay] = workdays as [string, string];
    await stack.services.outcomes.record(sentDay, 'ivo', { status: 'sent', at: `${sentDay}T06:00:03.000Z` });
    await stack.services.outcomes.record(failedDay, 'ivo', { status: 'failed', at: `${failedDay}T06:00:05.000Z`, reason: 'smtp 550 mailbox unavailable' });

    const json = await runCli(['status', '--recipient', 'ivo@EXAMPLE.com', '--days', '7', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const history = loose(JSON.parse(json.stdout));
    expect(history).toMatchObject({ id: 'ivo', timeZone: 'Europe/Amsterdam', today });
    expect(history.days.map((d: { date: string }) => d.date)).toEqual(Array.from({ length: 7 }, (_, i) => addDays(today, -i)));
    for (const d of history.days) {
      expect(d.weekday).toBe(weekdayOf(d.date));
      if (d.date === sentDay) expect(d).toMatchObject({ outcome: 'sent', at: `${sentDay}T06:00:03.000Z` });
      else if (d.date === failedDay) expect(d).toMatchObject({ outcome: 'failed', reason: 'smtp 550 mailbox unavailable' });
      else if (['sat', 'sun'].includes(d.weekday)) expect(d).toMatchObject({ outcome: null, none: 'not-workday' });
      else if (d.date === today) expect(d.none).toMatch(/^(not-due-yet|before-joined)$/);
      else expect(d).toMatchObject({ outcome: null, none: 'before-joined', reason: expect.stringMatching(/^before they joined/) });
    }

    const text = await runCli(['status', '--recipient', 'ivo', '--days', '7'], env);
    expect(text.stdout).toMatch(/^Briefings of ivo <Ivo@example.com>, last 7 days in Europe\/Amsterdam/);
    expect(text.stdout).toMatch(new RegExp(`${failedDay}  \\w{3}  failed .*smtp 550 mailbox unavailable`));
    expect(text.stdout).toMatch(/\b(sat|sun)  not a workday/);

    const refused = await runCli(['status', '--recipient', 'nobody@example.com', '--days', '9999', '--outcome', 'sent'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--days "9999": expected a whole number from 1 to \d+ \(outcomes are kept OUTCOME_RETENTION\); --outcome: not with --recipient/);
    const unknown = await runCli(['status', '--recipient', 'nobody@example.com'], env);
    expect(unknown.stderr).toMatch(/--recipient "nobody@example.com": not on the roster/);

    const app = createApp({ services: stack.services, logger: pino({ level: 'silent' }) });
    const res = await app.request('/admin/api/recipients/ivo/history?days=7', { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(loose(await res.json()).days).toEqual(history.days);
    expect((await app.request('/admin/api/recipients/ivo/history?days=0', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(400);
    expect((await app.request('/admin/api/recipients/nobody/history', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('--date D names those without an outcome with why, and --outcome none pages through all of them', async () => {
    const day = '2026-11-24';
    await stack.services.outcomes.record(day, 'ivo', { status: 'sent', at: '2026-11-24T06:00:02.000Z' });
    const text = await runCli(['status', '--date', day], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/3 on the roster without an outcome/);
    expect(text.stdout).toMatch(/Without an outcome:\nID +EMAIL +WHY\n/);
    expect(text.stdout).toMatch(/kiri +kiri@example.com +before they joined/);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await runCli(['status', '--date', day, '--outcome', 'none', '--limit', '1', '--json', ...(cursor ? ['--cursor', cursor] : [])], env);
      expect(page.code, page.stderr).toBe(0);
      const report = loose(JSON.parse(page.stdout));
      // A page holds what one roster read gave (people who share a shard come together).
      expect(report.recipients.length).toBeLessThanOrEqual(3);
      for (const r of report.recipients) expect(r).toMatchObject({ status: 'none', none: 'before-joined', reason: expect.any(String) });
      seen.push(...report.recipients.map((r: { id: string }) => r.id));
      cursor = report.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen.sort()).toEqual(['kiri', 'late', 'pago']);
  });

  it('--date today adds up each recipient’s own today, zone by zone', async () => {
    const now = new Date();
    const [east, west] = [localDateOf(now, EAST), localDateOf(now, WEST)];
    expect(east).not.toBe(west);
    await stack.services.outcomes.record(east, 'kiri', { status: 'sent', at: now.toISOString() });
    await stack.services.outcomes.record(west, 'pago', { status: 'failed', at: now.toISOString(), reason: 'smtp 451 try later' });
    // Kiri's record of Pago's today is not Kiri's today: not counted.
    await stack.services.outcomes.record(west, 'kiri', { status: 'failed', at: now.toISOString(), reason: 'smtp 451 try later' });

    const json = await runCli(['status', '--date', 'today', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const report = loose(JSON.parse(json.stdout));
    expect(report).toMatchObject({ date: 'today', rosterSize: 4, notQueued: 2 });
    expect(report.counts).toMatchObject({ sent: 1, failed: 1 });
    const zone = (z: string) => report.zones.find((r: { timeZone: string }) => r.timeZone === z);
    expect(zone(EAST)).toMatchObject({ date: east, rosterSize: 1, notQueued: 0, counts: { sent: 1, failed: 0 } });
    expect(zone(WEST)).toMatchObject({ date: west, rosterSize: 1, notQueued: 0, counts: { sent: 0, failed: 1 } });
    // Named with why, each on their own today: Late's 23:59 is still ahead.
    expect(report.withoutOutcome.map((r: { id: string }) => r.id).sort()).toEqual(['ivo', 'late']);
    expect(report.withoutOutcome.find((r: { id: string }) => r.id === 'late')).toMatchObject({
      date: localDateOf(now, late),
      none: 'not-due-yet',
      reason: expect.stringMatching(new RegExp(`^not due yet: goes out at 23:59 ${late}`)),
    });

    const text = await runCli(['status', '--date', 'today'], env);
    expect(text.stdout).toMatch(/^Briefings for today, each recipient’s own/);
    expect(text.stdout).toMatch(/2 on the roster without an outcome on their today/);
    expect(text.stdout).toMatch(/Without an outcome:\nID +EMAIL +TODAY +WHY\n/);
    expect(text.stdout).toMatch(new RegExp(`${EAST} +${east} +1 +1 +0 +0`));
  });

  it('--watch redraws the counts on a terminal until Ctrl-C, and refuses a pipe', async () => {
    const piped = await runCli(['status', '--date', 'today', '--watch'], env);
    expect(piped.code).not.toBe(0);
    expect(piped.stderr).toMatch(/--watch redraws a terminal: run it in one/);

    // A real terminal: util-linux `script` gives the command a pty; Ctrl-C is typed into it.
    // `exec`: the shell script starts steps aside, so the Ctrl-C reaches the command alone.
    const command = `exec ${[process.execPath, BIN, 'status', '--date', 'today', '--watch'].map((a) => `'${a}'`).join(' ')}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...FROM_SOURCE, ...env } });
    let screen = '';
    const frames = () => screen.split('\x1b[2J').length - 1;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        screen += chunk.toString();
        if (frames() >= 2) resolve();
      });
      exited.then(() => reject(new Error(`exited before two frames: ${screen}`)));
    });
    expect(screen).toMatch(/Briefings for today, each recipient’s own/);
    expect(screen).toMatch(/every 2 s — Ctrl-C to stop/);
    child.stdin.write('\x03');
    expect(await exited).toBe(0);
  }, 20_000);
});
