import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A roster of `n` people, each with their own iCalendar file and content file on disk, so
 * the worker does what it does in production: read and parse a calendar (recurring events
 * expanded), read tasks and follow-ups, find focus time, render, send. Days differ per person
 * (2 to 9 meetings, both locales, several zones) so no cache sees the same briefing twice.
 */
/** The id of the i-th person of writeRoster's roster. */
export const rosterId = (i: number): string => `p-${String(i).padStart(7, '0')}`;

export async function writeRoster(dir: string, n: number): Promise<string> {
  await mkdir(path.join(dir, 'calendars'), { recursive: true });
  await mkdir(path.join(dir, 'content'), { recursive: true });
  const zones = ['Europe/Amsterdam', 'Europe/London', 'America/New_York', 'Asia/Tokyo'];
  const roster = [];
  for (let i = 0; i < n; i += 1) {
    const id = rosterId(i);
    await writeFile(path.join(dir, 'calendars', `${id}.ics`), calendar(i));
    await writeFile(path.join(dir, 'content', `${id}.json`), JSON.stringify(content(i)));
    roster.push({
      id,
      email: `person${i}@bench.example`,
      name: `Person ${i} Example`,
      locale: i % 3 === 0 ? 'nl' : 'en',
      timeZone: zones[i % zones.length],
      workHours: { start: '08:00', end: '18:00' },
      calendar: `calendars/${id}.ics`,
      content: `content/${id}.json`,
    });
  }
  const file = path.join(dir, 'roster.json');
  await writeFile(file, JSON.stringify(roster));
  return file;
}

const TITLES = ['Stand-up', 'Design review: onboarding flow', '1:1 with Grace', 'Quarterly planning', 'Customer call — Acme BV', 'Hiring panel', 'Architecture sync', 'Lunch & learn: Redis streams', 'Retro'];

/** Weekday-recurring meetings at staggered local times, one of them with an exception date. */
function calendar(i: number): string {
  const meetings = 2 + (i % 8);
  const events: string[] = [];
  for (let m = 0; m < meetings; m += 1) {
    // 08:00–16:30 UTC in half hours: inside work hours for Europe, a mix for the others.
    const startHalfHours = 16 + ((i + m * 3) % 18);
    const hh = String(Math.floor(startHalfHours / 2)).padStart(2, '0');
    const mm = startHalfHours % 2 ? '30' : '00';
    const endH = String(Math.floor(startHalfHours / 2) + (m % 2)).padStart(2, '0');
    const endM = m % 2 ? mm : startHalfHours % 2 ? '55' : '25';
    events.push(
      [
        'BEGIN:VEVENT',
        `UID:bench-${i}-${m}@bench.example`,
        `DTSTAMP:20261001T000000Z`,
        `DTSTART:20261005T${hh}${mm}00Z`,
        `DTEND:20261005T${endH}${endM}00Z`,
        'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
        ...(m === 0 ? ['EXDATE:20261009T' + hh + mm + '00Z'] : []),
        `SUMMARY:${TITLES[(i + m) % TITLES.length]}`,
        ...(m % 3 === 0 ? [`LOCATION:Room ${1 + (i % 40)}\\, 3rd floor`] : []),
        ...(m % 4 === 1 ? [`DESCRIPTION:Join: https://meet.example.com/${i}-${m}`, `URL:https://meet.example.com/${i}-${m}`] : []),
        `ORGANIZER;CN=Organiser ${m}:mailto:organiser${m}@bench.example`,
        `ATTENDEE;CN=Person ${i}:mailto:person${i}@bench.example`,
        `ATTENDEE;CN=Colleague ${m}:mailto:colleague${m}@bench.example`,
        'END:VEVENT',
      ].join('\r\n'),
    );
  }
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Briefing bench//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
}

function content(i: number) {
  return {
    tasks: [
      { title: `Review pull request #${1000 + i}`, due: '2026-11-20', url: `https://git.example.com/pr/${1000 + i}` },
      { title: 'Send the quarterly numbers to finance' },
      { title: `Prepare slides for ${TITLES[i % TITLES.length]}`, due: '2026-12-18' },
    ].slice(0, 1 + (i % 3)),
    followUps: i % 2 ? [{ title: 'Reply about the offsite venue', from: 'Ada Lovelace', due: '2026-11-30' }] : [],
  };
}
