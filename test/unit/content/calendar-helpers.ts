import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { calendarDay, parseCalendar, type CalendarDay } from '../../../src/content/calendar.ts';
import { DateTime } from 'luxon';

export const fixturePath = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/calendars/${name}`, import.meta.url));

export async function dayOf(fixture: string, date: string, zone: string): Promise<CalendarDay> {
  const text = await readFile(fixturePath(fixture), 'utf8');
  return calendarDay(await parseCalendar(text, fixturePath(fixture)), date, zone);
}

/** "HH:MM" of an instant in a zone, to compare with what a reader sees. */
export const clock = (instant: Date, zone: string): string =>
  DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');

export const titles = (day: CalendarDay): string[] => day.meetings.map((meeting) => meeting.title);
