import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { calendarDay, parseCalendar } from '../../../src/content/calendar.ts';
import { clock } from './calendar-helpers.ts';

/**
 * The hostile rules of issue 12 (test/fixtures/bad-input/hostile-rules.ics, written for
 * this test): every one costs a bounded amount of work. A rule that matches nothing shows
 * nothing; one whose day cannot be found within the budget, or that has more instances a day
 * than a briefing lists, is left out and named; the rest of the day still renders.
 */
const HOSTILE = fileURLToPath(new URL('../../fixtures/bad-input/hostile-rules.ics', import.meta.url));
const DATE = '2026-11-24';

const wrap = (events: string[]): string => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events, 'END:VCALENDAR', ''].join('\r\n');
const good = ['BEGIN:VEVENT', 'UID:good@test', 'DTSTART:20261124T100000Z', 'DTEND:20261124T110000Z', 'SUMMARY:Still here', 'END:VEVENT'].join('\r\n');

describe('hostile recurrence rules', () => {
  it('shows the day around every hostile rule, and names those it left out', async () => {
    const calendar = await parseCalendar(await readFile(HOSTILE, 'utf8'), HOSTILE);
    const day = calendarDay(calendar, DATE, 'UTC');
    expect(day.meetings.map((m) => [m.title, clock(m.start, 'UTC')])).toEqual([
      ['Daily since 1900, a billion times', '08:30'],
      ['The meeting that must still show', '10:00'],
      ['Weekly team meeting', '14:00'],
    ]);
    expect([...day.skippedUids].sort()).toEqual([
      'minutely-setpos-count@hostile.test',
      'secondly-count-billion@hostile.test',
      'secondly-for-decades@hostile.test',
      'setpos-every-second-of-the-year@hostile.test',
    ]);
  });

  it('still finds the last minute of the year in a BYSETPOS over every minute of it', async () => {
    const calendar = await parseCalendar(await readFile(HOSTILE, 'utf8'), HOSTILE);
    const day = calendarDay(calendar, '2026-12-31', 'UTC');
    expect(day.meetings.filter((m) => m.title === 'The last minute of each year').map((m) => clock(m.start, 'UTC'))).toEqual(['23:59']);
  });

  it('leaves out an EXDATE flood and a set of 12,000 overrides of one UID, naming them', async () => {
    const exdates = Array.from({ length: 30_000 }, (_, i) => `2020${String(1 + (i % 12)).padStart(2, '0')}01T${String(i % 24).padStart(2, '0')}0000Z`);
    const flood = ['BEGIN:VEVENT', 'UID:exdate-flood@test', 'DTSTART:20200101T090000Z', 'RRULE:FREQ=DAILY', `EXDATE:${exdates.join(',')}`, 'END:VEVENT'].join('\r\n');
    const overrides = Array.from({ length: 12_000 }, (_, i) => {
      const at = new Date(Date.UTC(2000, 0, 1, 9) + i * 86_400_000).toISOString().replace(/[-:]/g, '').slice(0, 15);
      return ['BEGIN:VEVENT', 'UID:deep@test', `RECURRENCE-ID:${at}Z`, `DTSTART:${at}Z`, 'SUMMARY:moved', 'END:VEVENT'].join('\r\n');
    });
    const master = ['BEGIN:VEVENT', 'UID:deep@test', 'DTSTART:20000101T090000Z', 'RRULE:FREQ=DAILY', 'END:VEVENT'].join('\r\n');
    const day = calendarDay(await parseCalendar(wrap([flood, master, ...overrides, good]), '/test/flood.ics'), DATE, 'UTC');
    expect(day.meetings.map((m) => m.title)).toEqual(['Still here']);
    expect([...day.skippedUids].sort()).toEqual(['deep@test', 'exdate-flood@test']);
  });

  it('bounds a calendar of 300 costly rules as a whole: all named, the ordinary meetings kept', async () => {
    const costly = Array.from({ length: 300 }, (_, i) => ['BEGIN:VEVENT', `UID:costly-${i}@test`, 'DTSTART:19900101T000000Z',
      'RRULE:FREQ=SECONDLY;COUNT=1000000000', 'END:VEVENT'].join('\r\n'));
    const weekly = ['BEGIN:VEVENT', 'UID:weekly@test', 'DTSTART:20250107T140000Z', 'RRULE:FREQ=WEEKLY;BYDAY=TU', 'SUMMARY:Weekly team meeting', 'END:VEVENT'].join('\r\n');
    const day = calendarDay(await parseCalendar(wrap([...costly, weekly, good]), '/test/costly.ics'), DATE, 'UTC');
    expect(day.meetings.map((m) => m.title)).toEqual(['Still here', 'Weekly team meeting']);
    expect(day.skippedUids).toHaveLength(300);
  });
});
