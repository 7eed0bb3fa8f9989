/**
 * Content loading per recipient: `createContentSource().load()` (read the iCalendar file,
 * parse it, expand recurrences for the day, VTODOs, content file, focus time), the stage
 * that dominated the send pipeline. The figure is CPU time (process.cpuUsage, user + system)
 * per recipient, median and range of the runs; wall time is printed beside it but moves with
 * the load of a shared machine. Three calendars:
 *  - typical: the pipeline bench's own roster files (2–9 weekday series, one EXDATE, content file);
 *  - busy: a year of a busy person's meetings (~500 events: 30 recurring series with TZIDs,
 *    EXDATEs and moved instances, single events, VTODOs), one copy per recipient;
 *  - shared: every recipient reads the same busy file (a team calendar).
 * Each recipient gets its own file (except "shared") and the days differ, so nothing is
 * measured twice from a warm cache unless a deployment would see it too.
 *
 * A fourth line: the longest hold of the event loop (CPU ms) while a 10 MB feed is read.
 *
 *   npm run bench:content [-- --n=400 --runs=5 --only=typical|busy|shared|large]
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/content.ts --n=400
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { calendarDayInSlices, parseCalendar } from '../src/content/calendar.ts';
import { createContentSource } from '../src/content/content-source.ts';
import type { Recipient } from '../src/recipients/recipient.ts';
import { addDays, type LocalDate } from '../src/time/zones.ts';
import { intOption, summarise } from './bench-stats.ts';
import { writeRoster } from './pipeline-fixtures.ts';

const N = intOption('n', 'BENCH_N', 400);
const RUNS = intOption('runs', 'BENCH_RUNS', 5);
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

interface RosterRow { id: string; timeZone: string; workHours: { start: string; end: string }; calendar: string; content: string }

const recipientOf = (row: RosterRow, dir: string, calendar?: string): Recipient => ({
  id: row.id, email: `${row.id}@bench.example`, name: row.id, locale: 'en' as Recipient['locale'],
  timeZone: row.timeZone, sendAt: '07:30', workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  workHours: row.workHours, enabled: true,
  calendar: calendar ?? path.join(dir, row.calendar), content: path.join(dir, row.content),
});

const ZONES = ['Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'Europe/London'];
const pad = (n: number): string => String(n).padStart(2, '0');
const icsDate = (d: Date): string =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;

/** A year (2026) of a busy person's calendar: deterministic, so every run sees the same file. */
export function busyCalendar(seed: number): string {
  let state = seed * 7919 + 17;
  const rand = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Briefing bench busy//EN'];
  const event = (props: string[]): void => { lines.push('BEGIN:VEVENT', ...props, 'END:VEVENT'); };
  // 30 series: daily stand-ups, weekly 1:1s and syncs, biweekly reviews, monthly planning.
  const rules = ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', 'FREQ=WEEKLY;BYDAY=TU', 'FREQ=WEEKLY;BYDAY=MO,TH',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE', 'FREQ=MONTHLY;BYDAY=1MO', 'FREQ=WEEKLY;BYDAY=FR;COUNT=30',
    'FREQ=DAILY;INTERVAL=1;UNTIL=20260630T000000Z'];
  for (let s = 0; s < 30; s += 1) {
    const zone = ZONES[s % ZONES.length]!;
    const month = 1 + rand(3);
    const day = 1 + rand(27);
    const hour = 8 + rand(9);
    const minute = rand(2) * 30;
    const start = `2026${pad(month)}${pad(day)}T${pad(hour)}${pad(minute)}00`;
    const end = `2026${pad(month)}${pad(day)}T${pad(hour)}${pad(minute + 25)}00`;
    const uid = `series-${seed}-${s}@bench.example`;
    const exdates = Array.from({ length: 3 }, () => `2026${pad(month + 1 + rand(6))}${pad(1 + rand(27))}T${pad(hour)}${pad(minute)}00`);
    event([`UID:${uid}`, 'DTSTAMP:20251201T000000Z', `DTSTART;TZID=${zone}:${start}`, `DTEND;TZID=${zone}:${end}`,
      `RRULE:${rules[s % rules.length]}`, `EXDATE;TZID=${zone}:${exdates.join(',')}`,
      `SUMMARY:Series ${s}: ${['Stand-up', '1:1', 'Architecture sync', 'Review', 'Planning'][s % 5]}`,
      `LOCATION:Room ${s}`, 'ORGANIZER;CN=Grace Hopper:mailto:grace@bench.example',
      'ATTENDEE;CN=Ada:mailto:ada@bench.example', 'ATTENDEE;CN=Room 1;CUTYPE=ROOM:mailto:room1@bench.example',
      `DESCRIPTION:Join https://teams.microsoft.com/l/meetup-join/${seed}-${s}`]);
    // Two moved instances per series (same day one hour later).
    for (let k = 0; k < 2; k += 1) {
      const rid = `2026${pad(month + 1 + k)}${pad(day)}T${pad(hour)}${pad(minute)}00`;
      const moved = `2026${pad(month + 1 + k)}${pad(day)}T${pad(hour + 1)}${pad(minute)}00`;
      const movedEnd = `2026${pad(month + 1 + k)}${pad(day)}T${pad(hour + 1)}${pad(minute + 25)}00`;
      event([`UID:${uid}`, 'DTSTAMP:20251201T000000Z', `RECURRENCE-ID;TZID=${zone}:${rid}`,
        `DTSTART;TZID=${zone}:${moved}`, `DTEND;TZID=${zone}:${movedEnd}`, `SUMMARY:Series ${s} (moved)`]);
    }
  }
  // ~410 single meetings spread over the year, UTC and TZID, a few all-day.
  for (let e = 0; e < 410; e += 1) {
    const start = new Date(Date.UTC(2026, 0, 1) + rand(365) * 86_400_000 + (7 + rand(10)) * 3_600_000 + rand(4) * 900_000);
    const uid = `single-${seed}-${e}@bench.example`;
    if (e % 40 === 0) {
      const d = icsDate(start).slice(0, 8);
      event([`UID:${uid}`, 'DTSTAMP:20251201T000000Z', `DTSTART;VALUE=DATE:${d}`, `SUMMARY:Offsite ${e}`]);
      continue;
    }
    const end = new Date(start.getTime() + (1 + rand(4)) * 900_000);
    const zone = ZONES[e % ZONES.length]!;
    event([`UID:${uid}`, 'DTSTAMP:20251201T000000Z',
      ...(e % 2 ? [`DTSTART:${icsDate(start)}Z`, `DTEND:${icsDate(end)}Z`] : [`DTSTART;TZID=${zone}:${icsDate(start)}`, `DTEND;TZID=${zone}:${icsDate(end)}`]),
      `SUMMARY:Meeting ${e}`, ...(e % 3 ? [] : ['STATUS:CANCELLED']),
      'ORGANIZER:mailto:someone@bench.example', 'ATTENDEE:mailto:ada@bench.example']);
  }
  for (let t = 0; t < 8; t += 1) {
    lines.push('BEGIN:VTODO', `UID:todo-${seed}-${t}@bench.example`, 'DTSTAMP:20251201T000000Z',
      `DUE;VALUE=DATE:2026${pad(1 + rand(12))}${pad(1 + rand(27))}`, `SUMMARY:Task ${t}`,
      ...(t % 3 ? [] : ['STATUS:COMPLETED']), 'END:VTODO');
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

/** Weekdays from 2026-11-02 on, a different one per recipient (the bench calendars start in October). */
function dayFor(i: number): LocalDate {
  const week = Math.floor(i / 5) % 8;
  return addDays('2026-11-02', week * 7 + (i % 5));
}

async function measure(label: string, people: readonly Recipient[]): Promise<void> {
  if (ONLY && !label.startsWith(ONLY)) return;
  const source = createContentSource();
  const loadAll = async (): Promise<number> => {
    let meetings = 0;
    for (let i = 0; i < people.length; i += 1) meetings += (await source.load(people[i]!, dayFor(i))).meetings.length;
    return meetings;
  };
  const meetings = await loadAll(); // warm-up: JIT, zone caches
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < RUNS; r += 1) {
    const started = performance.now();
    const before = process.cpuUsage();
    await loadAll();
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000 / people.length);
    wall.push((performance.now() - started) / people.length);
  }
  const c = summarise(cpu);
  const w = summarise(wall);
  // CPU time of this process (user + system): what a worker pays per recipient. The file reads
  // run on libuv's threads and count too. Wall time moves with the machine's load.
  console.log(`  ${label.padEnd(34)} CPU ${c.median.toFixed(3)} ms per recipient (range ${c.min.toFixed(3)}–${c.max.toFixed(3)}, ${RUNS} runs; `
    + `wall ${w.median.toFixed(3)} ms; ${(meetings / people.length).toFixed(1)} meetings/day)`);
}

/** ~9.5 MB of ordinary single events over 26 years: the largest feed fetchSource accepts. */
function largeFeed(): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Briefing bench large//EN'];
  let size = 0;
  for (let i = 0; size < 9_500_000; i += 1) {
    const d = `${2000 + (i % 26)}${pad(1 + (i % 12))}${pad(1 + (i % 28))}`;
    const event = ['BEGIN:VEVENT', `UID:large-${i}@bench.example`, 'DTSTAMP:20260101T000000Z', `DTSTART:${d}T${pad(8 + (i % 9))}0000Z`,
      `DTEND:${d}T${pad(8 + (i % 9))}3000Z`, `SUMMARY:Meeting ${i}`, 'DESCRIPTION:A few words of agenda, as long as real ones are', 'END:VEVENT'];
    size += event.join('\r\n').length;
    lines.push(...event);
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

/**
 * The longest the event loop is held while a 10 MB feed is parsed and its day computed in
 * slices: a 1 ms timer notes the CPU time (process.cpuUsage) spent between two of its turns.
 * CPU time, because on a shared machine a wall-clock gap also counts time the process was
 * not running at all.
 */
async function measureLargeFeed(): Promise<void> {
  if (ONLY && !'large'.startsWith(ONLY)) return;
  const text = largeFeed();
  const holds: number[] = [];
  const totals: number[] = [];
  for (let r = 0; r < RUNS; r += 1) {
    let longest = 0;
    let last = process.cpuUsage();
    const timer = setInterval(() => {
      const used = process.cpuUsage(last);
      longest = Math.max(longest, (used.user + used.system) / 1000);
      last = process.cpuUsage();
    }, 1);
    const before = process.cpuUsage();
    await calendarDayInSlices(await parseCalendar(text, '/bench/large.ics'), '2026-11-24', 'Europe/Amsterdam');
    const used = process.cpuUsage(before);
    clearInterval(timer);
    holds.push(longest);
    totals.push((used.user + used.system) / 1000);
  }
  const h = summarise(holds);
  const t = summarise(totals);
  console.log(`  large feed (${(text.length / 1e6).toFixed(1)} MB, parse + day)      longest hold of the event loop ${h.median.toFixed(1)} ms CPU `
    + `(range ${h.min.toFixed(1)}–${h.max.toFixed(1)}); whole read ${t.median.toFixed(0)} ms CPU (range ${t.min.toFixed(0)}–${t.max.toFixed(0)}), ${RUNS} runs`);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'briefing-bench-content-'));
  try {
    const roster = JSON.parse(await readFile(await writeRoster(dir, N), 'utf8')) as RosterRow[];
    const typical = roster.map((row) => recipientOf(row, dir));
    const busy: Recipient[] = [];
    for (const [i, row] of roster.entries()) {
      const file = path.join(dir, 'calendars', `${row.id}-busy.ics`);
      await writeFile(file, busyCalendar(i));
      busy.push(recipientOf(row, dir, file));
    }
    const sharedFile = path.join(dir, 'calendars', 'team.ics');
    await writeFile(sharedFile, busyCalendar(1_000_003));
    const shared = roster.map((row) => recipientOf(row, dir, sharedFile));
    console.log(`bench:content — ${N} recipients, ${RUNS} runs after a warm-up; busy calendar ${(busyCalendar(0).length / 1024).toFixed(0)} KB`);
    await measure('typical (bench roster files)', typical);
    await measure('busy (own ~500-event calendar)', busy);
    await measure('shared (one ~500-event calendar)', shared);
    await measureLargeFeed();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Run only as a script, so the generator can be imported (e.g. to measure a parse's memory).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
