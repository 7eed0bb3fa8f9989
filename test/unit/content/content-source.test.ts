import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEmptyDay } from '../../../src/content/briefing-day.ts';
import { ContentError } from '../../../src/content/content-error.ts';
import { createContentSource } from '../../../src/content/content-source.ts';
import type { Recipient } from '../../../src/recipients/recipient.ts';
import { fixturePath } from './calendar-helpers.ts';
import { startServer } from './http-fixture.ts';

const ada: Recipient = {
  id: 'u-1001', email: 'ada@example.com', name: 'Ada Lovelace', locale: 'en' as Recipient['locale'],
  timeZone: 'Europe/Amsterdam', sendAt: '07:30', workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  workHours: { start: '09:00', end: '17:00' }, enabled: true,
};

let dir: string;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'briefing-content-'));
  await writeFile(join(dir, 'ada.json'), JSON.stringify({
    tasks: [{ title: 'Prepare the demo', due: '2026-03-16' }, { title: 'Later', due: '2026-04-01' }],
    followUps: [{ title: 'Answer Grace', from: 'Grace Hopper' }],
  }));
  await writeFile(join(dir, 'bad.json'), JSON.stringify({ tasks: [{ title: 'x', url: 'ftp://files.example.com/a' }] }));
  const ics = await readFile(fixturePath('outlook-week.ics'), 'utf8');
  server = await startServer((req, res) => {
    if (req.url === '/ada.ics') res.writeHead(200, { 'content-type': 'text/calendar' }).end(ics);
    else if (req.url === '/slow.ics') setTimeout(() => res.end(ics), 2_000).unref();
    else res.writeHead(404).end();
  });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('createContentSource().load', () => {
  it('merges calendar meetings, calendar and file tasks, follow-ups and focus time', async () => {
    const source = createContentSource();
    const day = await source.load(
      { ...ada, calendar: `${server.url}/ada.ics`, content: join(dir, 'ada.json') },
      '2026-03-02',
    );
    expect(day.date).toBe('2026-03-02');
    expect(day.timeZone).toBe('Europe/Amsterdam');
    expect(day.meetings.map((meeting) => meeting.title)).toEqual(['Team standup']);
    expect(day.tasks).toEqual([]);
    expect(day.followUps).toEqual([{ title: 'Answer Grace', from: 'Grace Hopper' }]);
    // Standup 09:00–09:15, so the longest slot is 09:15–17:00.
    expect(day.focus).toEqual({ start: new Date('2026-03-02T08:15:00Z'), end: new Date('2026-03-02T16:00:00Z'), minutes: 465 });

    const later = await source.load({ ...ada, calendar: fixturePath('todos.ics'), content: join(dir, 'ada.json') }, '2026-03-16');
    expect(later.tasks.map((task) => task.title)).toEqual([
      "Review Chen's pull request", 'Send the quarterly report', 'Prepare the demo',
    ]);
  });

  it('gives an empty day to a recipient with neither calendar nor content', async () => {
    const day = await createContentSource().load(ada, '2026-03-16');
    expect(isEmptyDay(day)).toBe(true);
    expect(day.focus).toBeNull();
  });

  it('rejects with the content file\'s ContentError naming the field', async () => {
    const error = await createContentSource().load({ ...ada, content: join(dir, 'bad.json') }, '2026-03-16').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as Error).message).toContain('tasks[0].url');
  });

  it('applies fetchTimeoutMs to the calendar URL', async () => {
    const source = createContentSource({ fetchTimeoutMs: 100 });
    await expect(source.load({ ...ada, calendar: `${server.url}/slow.ics` }, '2026-03-16')).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('applies maxBytes', async () => {
    const source = createContentSource({ maxBytes: 200 });
    await expect(source.load({ ...ada, calendar: fixturePath('outlook-week.ics') }, '2026-03-16')).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('reports skipped events by UID only', async () => {
    const reports: unknown[] = [];
    const source = createContentSource({ onSkippedEvents: (info) => reports.push(info) });
    const day = await source.load({ ...ada, calendar: fixturePath('thirty-years-daily.ics') }, '2026-03-16');
    expect(day.meetings.map((meeting) => meeting.title)).toEqual(['Check the backups']);
    expect(reports).toEqual([{ recipientId: 'u-1001', date: '2026-03-16', uids: ['runaway@example.com'] }]);
  });

  it('shows an edited calendar at once, though it keeps parsed calendars for recipients who share one', async () => {
    const file = join(dir, 'team.ics');
    const calendarWith = (title: string): string => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:t@example.com',
      'DTSTAMP:20260101T000000Z', 'DTSTART;TZID=Europe/Amsterdam:20260302T100000', 'DTEND;TZID=Europe/Amsterdam:20260302T110000',
      'RRULE:FREQ=WEEKLY;BYDAY=MO', `SUMMARY:${title}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const source = createContentSource();
    await writeFile(file, calendarWith('Team sync'));
    const grace = { ...ada, id: 'u-1002', timeZone: 'America/New_York', calendar: file };
    expect((await source.load({ ...ada, calendar: file }, '2026-03-16')).meetings.map((m) => m.title)).toEqual(['Team sync']);
    const shared = await source.load(grace, '2026-03-23');
    expect(shared.meetings.map((m) => m.start.toISOString())).toEqual(['2026-03-23T09:00:00.000Z']);
    await writeFile(file, calendarWith('Team sync (new room)'));
    expect((await source.load({ ...ada, calendar: file }, '2026-03-16')).meetings.map((m) => m.title)).toEqual(['Team sync (new room)']);
  });

  it('checks its options at once', () => {
    expect(() => createContentSource({ fetchTimeoutMs: 0 })).toThrow(/fetchTimeoutMs/);
  });
});
