import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { createApp } from '../../src/http/create-app.ts';

const DATE = '2026-11-24'; // a Tuesday
const TOKEN = 'admin-token-0123456789-abcdef';

// Two meetings: one Ada has not answered yet (an invitation), one she has.
const ICS = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Briefing tests//EN
BEGIN:VEVENT
UID:board@test
DTSTAMP:20261101T000000Z
DTSTART:20261124T080000Z
DTEND:20261124T090000Z
SUMMARY:Board meeting
ORGANIZER;CN=Grace Hopper:mailto:grace@example.com
ATTENDEE;CN=Ada;PARTSTAT=ACCEPTED:mailto:ada@example.com
END:VEVENT
BEGIN:VEVENT
UID:offsite@test
DTSTAMP:20261101T000000Z
DTSTART:20261124T130000Z
DTEND:20261124T140000Z
SUMMARY:Offsite planning
ORGANIZER;CN=Grace Hopper:mailto:grace@example.com
ATTENDEE;CN=Ada;PARTSTAT=NEEDS-ACTION:mailto:ada@example.com
END:VEVENT
END:VCALENDAR
`;

const CONTENT = JSON.stringify({
  tasks: [{ title: 'Send the quarterly report', due: DATE }],
  followUps: [{ title: 'Reply to Linus about the kernel', from: 'Linus' }],
});

/** A calendar feed over HTTP that counts how often it is fetched. */
async function startFeed(): Promise<{ url: string; fetches: () => number; close: () => Promise<void> }> {
  let fetches = 0;
  const server: Server = createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { 'Content-Type': 'text/calendar' }).end(ICS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ada.ics`,
    fetches: () => fetches,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('organisation-wide data controls', () => {
  let stack: TestStack;
  let smtp: SmtpReceiver;

  beforeEach(async () => {
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ SMTP_URL: smtp.url, ADMIN_TOKEN: TOKEN });
  });
  afterEach(async () => {
    await stack.stop();
    await smtp.close();
  });

  describe('the worker', () => {
    beforeEach(async () => {
      await stack.write('ada.ics', ICS);
      await stack.write('ada.json', CONTENT);
      await stack.importRoster([
        { id: 'u-1', email: 'ada@example.com', name: 'Ada Lovelace', locale: 'en', timeZone: 'Europe/Amsterdam', calendar: 'ada.ics', content: 'ada.json' },
      ]);
    });

    it('leaves the sections turned off for everyone out of the sent email, though the recipient chose them', async () => {
      await stack.services.orgSettings.change({ off: ['tasks', 'invitations'] }, 'cli');
      await stack.startWorker();
      await stack.services.enqueue(DATE, ['u-1'], 'all');
      expect((await waitForOutcomes(stack.services, DATE, ['u-1'])).get('u-1')?.status).toBe('sent');

      expect(smtp.received).toHaveLength(1);
      const text = smtp.received[0]!.parsed.text ?? '';
      const html = String(smtp.received[0]!.parsed.html);
      expect(text).not.toContain('Send the quarterly report');
      expect(html).not.toContain('Send the quarterly report');
      expect(text).not.toMatch(/^Tasks/m);
      expect(text).not.toContain('Awaiting your reply');
      // The invitation is still a meeting of the day; follow-ups were not turned off.
      expect(text).toContain('Offsite planning');
      expect(text).toContain('Board meeting');
      expect(text).toContain('Reply to Linus about the kernel');
    });

    it('records skipped:empty when what is left after the switch-off is nothing', async () => {
      await stack.services.orgSettings.change({ off: ['meetings', 'tasks', 'follow-ups'] }, 'cli');
      await stack.startWorker();
      await stack.services.enqueue(DATE, ['u-1'], 'all');
      expect((await waitForOutcomes(stack.services, DATE, ['u-1'])).get('u-1')?.status).toBe('skipped:empty');
      expect(smtp.received).toHaveLength(0);
    });

    it('does not fetch an http(s) calendar while remote feeds are off, and still reads the local content file', async () => {
      const feed = await startFeed();
      try {
        await stack.importRoster([
          { id: 'u-2', email: 'bob@example.com', name: 'Bob', locale: 'en', timeZone: 'Europe/Amsterdam', calendar: feed.url, content: 'ada.json' },
        ]);
        await stack.services.orgSettings.change({ remoteFeeds: false }, 'admin-api');
        await stack.startWorker();
        await stack.services.enqueue(DATE, ['u-2'], 'all');
        expect((await waitForOutcomes(stack.services, DATE, ['u-2'])).get('u-2')?.status).toBe('sent');

        expect(feed.fetches()).toBe(0);
        const text = smtp.received[0]!.parsed.text ?? '';
        expect(text).toContain('Send the quarterly report');
        expect(text).not.toContain('Board meeting');
        expect(text).not.toContain('Meetings');
        expect(text).not.toContain(feed.url);
      } finally {
        await feed.close();
      }
    });
  });

  describe('the CLI', () => {
    it('refuses unknown section names, every one, with the list of valid ones, and changes nothing', async () => {
      const env = cliEnv(stack.config);
      const refused = await runCli(['org', 'sections', '--off', 'tasks,agenda', '--on', 'focus'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('--off: no section "agenda"; the sections are invitations, meetings, tasks, follow-ups, focus-time');
      expect(refused.stderr).toContain('--on: no section "focus"');
      expect(refused.stderr).toContain('nothing changed');
      expect(await stack.services.orgSettings.get()).toEqual({ sectionsOff: [], remoteFeeds: true });
      const audit = await runCli(['org', 'audit'], env);
      expect(audit.stdout).toBe('at,source,change\r\n');
    }, 60_000);

    it('turns sections and remote feeds off and on, shows them, and audits each change', async () => {
      const env = cliEnv(stack.config);
      const off = await runCli(['org', 'sections', '--off', 'follow-ups,tasks'], env);
      expect(off.stderr).toBe('');
      expect(off.code).toBe(0);
      expect(off.stdout).toContain('changed: sections off for everyone: tasks, follow-ups');
      const feeds = await runCli(['org', 'remote-feeds', 'off'], env);
      expect(feeds.code).toBe(0);
      const again = await runCli(['org', 'remote-feeds', 'off'], env);
      expect(again.stdout).toMatch(/^unchanged/);
      const on = await runCli(['org', 'sections', '--on', 'tasks'], env);
      expect(on.code).toBe(0);

      const shown = await runCli(['org', 'show', '--json'], env);
      expect(JSON.parse(shown.stdout)).toMatchObject({ sectionsOff: ['follow-ups'], remoteFeeds: false });
      expect(await stack.services.orgSettings.get()).toEqual({ sectionsOff: ['follow-ups'], remoteFeeds: false });

      const audit = (await runCli(['org', 'audit'], env)).stdout.trim().split('\r\n');
      expect(audit).toHaveLength(4);
      expect(audit.slice(1).map((line) => line.split(',').slice(1).join(','))).toEqual([
        'cli,"tasks off, follow-ups off"',
        'cli,remote-feeds off',
        'cli,tasks on',
      ]);
      expect(audit[1]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }, 120_000);

    it('renders with `briefing render` as the worker would send it: without the sections turned off', async () => {
      await stack.write('ada.json', CONTENT);
      await stack.importRoster([{ id: 'u-1', email: 'ada@example.com', name: 'Ada', content: 'ada.json' }]);
      await stack.services.orgSettings.change({ off: ['follow-ups'] }, 'cli');
      const file = join(stack.dir, 'ada.txt');
      const res = await runCli(['render', '--recipient', 'u-1', '--date', DATE, '--out', file], cliEnv(stack.config));
      expect(res.stderr).toBe('');
      const text = await readFile(file, 'utf8');
      expect(text).toContain('Send the quarterly report');
      expect(text).not.toContain('Reply to Linus about the kernel');
    });

    it('refuses remote-feeds with anything but on or off', async () => {
      const res = await runCli(['org', 'remote-feeds', 'maybe'], cliEnv(stack.config));
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('expected on or off');
    });
  });

  describe('the admin API', () => {
    const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

    it('GET /admin/api/org shows the controls, PUT sets them and audits the change', async () => {
      const app = createApp({ services: stack.services, logger: pino({ level: 'silent' }) });
      const before = await app.request('/admin/api/org', { headers });
      expect(await before.json()).toEqual({ sectionsOff: [], remoteFeeds: true, sections: ['invitations', 'meetings', 'tasks', 'follow-ups', 'focus-time'] });

      const put = await app.request('/admin/api/org', { method: 'PUT', headers, body: JSON.stringify({ sectionsOff: ['focus-time'], remoteFeeds: false }) });
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({ sectionsOff: ['focus-time'], remoteFeeds: false, changed: true });
      expect(await stack.services.orgSettings.get()).toEqual({ sectionsOff: ['focus-time'], remoteFeeds: false });

      const audit = (await (await app.request('/admin/api/org/audit', { headers })).json()) as { entries: { source: string; change: string }[] };
      expect(audit.entries.map((e) => [e.source, e.change])).toEqual([['admin-api', 'focus-time off, remote-feeds off']]);
    });

    it('refuses bad section names and fields all at once, with nothing written', async () => {
      const app = createApp({ services: stack.services, logger: pino({ level: 'silent' }) });
      const res = await app.request('/admin/api/org', { method: 'PUT', headers, body: JSON.stringify({ sectionsOff: ['tasks', 'agenda'], remoteFeeds: 'no', colour: 1 }) });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { problems: string[] };
      expect(body.problems).toEqual([
        'colour: not a field; the fields are sectionsOff, remoteFeeds',
        'sectionsOff: no section "agenda"; the sections are invitations, meetings, tasks, follow-ups, focus-time',
        'remoteFeeds: expected true (fetched) or false (not fetched)',
      ]);
      expect(await stack.services.orgSettings.get()).toEqual({ sectionsOff: [], remoteFeeds: true });
      const audit = (await (await app.request('/admin/api/org/audit', { headers })).json()) as { entries: unknown[] };
      expect(audit.entries).toEqual([]);
    });
  });
});
