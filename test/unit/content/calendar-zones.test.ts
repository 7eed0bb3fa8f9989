import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { calendarDay, parseCalendar } from '../../../src/content/calendar.ts';
import { ContentError } from '../../../src/content/content-error.ts';
import { clock, dayOf, fixturePath, titles } from './calendar-helpers.ts';

const AMS = 'Europe/Amsterdam';
const IST = 'Asia/Kolkata';

describe('events whose UTC date differs from the local date', () => {
  it('shows 23:30 UTC on Monday as a Tuesday 00:30 meeting in Amsterdam, not on Monday', async () => {
    const monday = await dayOf('google-zones.ics', '2026-03-16', AMS);
    expect(titles(monday)).not.toContain('Call with Seattle');
    const tuesday = await dayOf('google-zones.ics', '2026-03-17', AMS);
    const call = tuesday.meetings.find((meeting) => meeting.title === 'Call with Seattle')!;
    expect(clock(call.start, AMS)).toBe('00:30');
    expect(call.organizer).toBe('sam@example.org');
  });

  it('shows a New York evening meeting on the next morning in Amsterdam', async () => {
    // 20:00 in New York on Monday 16 March is 01:00 on Tuesday in Amsterdam.
    expect(titles(await dayOf('google-zones.ics', '2026-03-16', AMS))).not.toContain('');
    const tuesday = await dayOf('google-zones.ics', '2026-03-17', AMS);
    const untitled = tuesday.meetings.filter((meeting) => meeting.title === '');
    expect(untitled.map((meeting) => clock(meeting.start, AMS))).toEqual(['01:00']);
  });

  it('shows a 01:00 Kolkata meeting (Monday in UTC) on Tuesday in Kolkata and on Monday in Amsterdam', async () => {
    const kolkataTuesday = await dayOf('google-zones.ics', '2026-03-17', IST);
    const sync = kolkataTuesday.meetings.find((meeting) => meeting.title === 'Sync with Bengaluru')!;
    expect(clock(sync.start, IST)).toBe('01:00');
    expect(sync.onlineUrl).toBe('https://us02web.zoom.us/j/81234567890?pwd=abc');
    expect(titles(await dayOf('google-zones.ics', '2026-03-16', IST))).not.toContain('Sync with Bengaluru');

    const amsterdamMonday = await dayOf('google-zones.ics', '2026-03-16', AMS);
    const seen = amsterdamMonday.meetings.find((meeting) => meeting.title === 'Sync with Bengaluru')!;
    expect(clock(seen.start, AMS)).toBe('20:30');
    expect(titles(await dayOf('google-zones.ics', '2026-03-17', AMS))).not.toContain('Sync with Bengaluru');
  });

  it('shows the 23:30 UTC call on Tuesday morning in Kolkata', async () => {
    const tuesday = await dayOf('google-zones.ics', '2026-03-17', IST);
    const call = tuesday.meetings.find((meeting) => meeting.title === 'Call with Seattle')!;
    expect(clock(call.start, IST)).toBe('05:00');
  });

  it('sorts meetings by start and trims titles (an empty SUMMARY becomes "")', async () => {
    const tuesday = await dayOf('google-zones.ics', '2026-03-17', AMS);
    expect(titles(tuesday)).toEqual(['Call with Seattle', '', 'Morning planning']);
  });
});

describe('bounded expansion', () => {
  it('finds today\'s instance of a daily rule that started 30 years ago and never ends', async () => {
    const day = await dayOf('thirty-years-daily.ics', '2026-03-16', AMS);
    const backups = day.meetings.filter((meeting) => meeting.title === 'Check the backups');
    expect(backups).toHaveLength(1);
    expect(clock(backups[0]!.start, AMS)).toBe('08:30');
    expect(clock(backups[0]!.end, AMS)).toBe('08:45');
  });

  it('leaves out a rule too dense to expand (every second) and reports its UID', async () => {
    const day = await dayOf('thirty-years-daily.ics', '2026-03-16', AMS);
    expect(titles(day)).toEqual(['Check the backups']);
    expect(day.skippedUids).toEqual(['runaway@example.com']);
  });
});

describe('malformed iCalendar', () => {
  it('rejects a truncated download with a ContentError naming the file', async () => {
    const text = await readFile(fixturePath('truncated.ics'), 'utf8');
    const error = await parseCalendar(text, fixturePath('truncated.ics')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect(error).toMatchObject({ code: 'INVALID' });
    expect((error as Error).message).toContain('truncated.ics');
    expect((error as Error).message).not.toContain('download stopped');
  });

  it('rejects text that is not iCalendar at all', async () => {
    await expect(parseCalendar('<html>Sign in</html>', '/cal/x.ics')).rejects.toMatchObject({ code: 'INVALID' });
  });

  it('leaves out an event with two DTSTARTs (which RFC 5545 forbids) and names it by UID only', async () => {
    const day = await dayOf('duplicate-dtstart.ics', '2026-03-16', AMS);
    expect(day.meetings).toEqual([]);
    expect(day.skippedUids).toEqual(['twice']);
  });

  it('skips one event with an unreadable DTSTART and keeps the rest', async () => {
    const text = [
      'BEGIN:VCALENDAR', 'VERSION:2.0',
      'BEGIN:VEVENT', 'UID:bad', 'DTSTART:next tuesday', 'SUMMARY:Bad', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:good', 'DTSTART:20260316T090000Z', 'DTEND:20260316T100000Z', 'SUMMARY:Good', 'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const day = calendarDay(await parseCalendar(text, '/cal/mixed.ics'), '2026-03-16', AMS);
    expect(day.meetings.map((meeting) => meeting.title)).toEqual(['Good']);
    expect(day.skippedUids).toEqual(['bad']);
  });
});
