import { DateTime } from 'luxon';
import { calendarDay, parseCalendar } from '../../../src/content/calendar.ts';
import { addDays } from '../../../src/time/zones.ts';

/** A VCALENDAR with one VEVENT made of `lines` (UID and DTSTAMP added). */
export function oneEvent(lines: readonly string[], uid = 'example@test'): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Briefing tests//EN', 'BEGIN:VEVENT', `UID:${uid}`,
    'DTSTAMP:20260101T000000Z', 'SUMMARY:Example', ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

/**
 * Every distinct start ("YYYY-MM-DD HH:mm" in `zone`) the reader sees from local date `from`
 * to `to`, asking the reader one day at a time as the worker does.
 */
export async function instancesBetween(ics: string, from: string, to: string, zone: string): Promise<string[]> {
  const calendar = await parseCalendar(ics, '/test/example.ics');
  const seen = new Set<string>();
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const day = calendarDay(calendar, date, zone);
    if (day.skippedUids.length > 0) throw new Error(`left out: ${day.skippedUids.join(', ')}`);
    for (const meeting of day.meetings) seen.add(DateTime.fromJSDate(meeting.start, { zone }).toFormat('yyyy-MM-dd HH:mm'));
  }
  return [...seen].sort();
}
