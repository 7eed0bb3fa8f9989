/**
 * Three iCalendar readers side by side, in one process, on the same texts: parse one
 * calendar and find one day's instances, as the worker does per recipient. CPU time
 * (process.cpuUsage: user + system) per calendar, median and range of the runs — wall time
 * means little on a shared machine.
 *  - ours: src/content/ical (parseCalendar + calendarDay);
 *  - node-ical 0.26 (the reader before): parseICS + expandRecurringEvent for the day;
 *  - ical.js 2 (Mozilla's): parse, then each event's iterator from DTSTART to the day (ical.js
 *    has no way to start an iterator near a date).
 * The typical calendar is the pipeline bench's; the busy one is bench:content's year of ~500 events.
 *
 *   npm run bench:calendar-readers [-- --runs=7 --n=200]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ical from 'node-ical';
import ICAL from 'ical.js';
import { calendarDay, parseCalendar } from '../src/content/calendar.ts';
import { intOption, summarise } from './bench-stats.ts';
import { busyCalendar } from './content.ts';
import { writeRoster } from './pipeline-fixtures.ts';

const RUNS = intOption('runs', 'BENCH_RUNS', 7);
const N = intOption('n', 'BENCH_N', 200);
const DATE = '2026-11-17';
const ZONE = 'Europe/Amsterdam';
const FROM = new Date('2026-11-16T23:00:00Z');
const TO = new Date('2026-11-17T23:00:00Z');

type Reader = (text: string) => Promise<number>;

const readers: Record<string, Reader> = {
  ours: async (text) => calendarDay(await parseCalendar(text, '/bench.ics'), DATE, ZONE).meetings.length,
  'node-ical': async (text) => {
    let count = 0;
    for (const component of Object.values(ical.sync.parseICS(text))) {
      if (component?.type !== 'VEVENT') continue;
      try {
        count += ical.expandRecurringEvent(component, { from: FROM, to: TO }).length;
      } catch {
        // a rule node-ical cannot expand: left out, as the reader before did
      }
    }
    return count;
  },
  'ical.js': async (text) => {
    let count = 0;
    const root = new ICAL.Component(ICAL.parse(text));
    const until = ICAL.Time.fromJSDate(TO, true);
    const since = ICAL.Time.fromJSDate(FROM, true);
    for (const vevent of root.getAllSubcomponents('vevent')) {
      const event = new ICAL.Event(vevent);
      if (event.isRecurrenceException()) continue;
      const it = event.iterator();
      for (let next = it.next(), steps = 0; next && steps < 10_000; next = it.next(), steps += 1) {
        if (next.compare(until) > 0) break;
        if (next.compare(since) >= 0) count += 1;
      }
    }
    return count;
  },
};

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'briefing-bench-readers-'));
  try {
    const roster = JSON.parse(await readFile(await writeRoster(dir, N), 'utf8')) as { calendar: string }[];
    const typical = await Promise.all(roster.map((row) => readFile(path.join(dir, row.calendar), 'utf8')));
    const busy = Array.from({ length: Math.max(4, Math.round(N / 20)) }, (_, i) => busyCalendar(i));
    console.log(`bench:calendar-readers — CPU ms per calendar (parse + one day), ${RUNS} runs after a warm-up`);
    for (const [label, texts] of [['typical', typical], ['busy year', busy]] as const) {
      for (const [name, read] of Object.entries(readers)) {
        for (const text of texts.slice(0, 3)) await read(text); // warm-up
        const runs: number[] = [];
        for (let r = 0; r < RUNS; r += 1) {
          const before = process.cpuUsage();
          for (const text of texts) await read(text);
          const used = process.cpuUsage(before);
          runs.push((used.user + used.system) / 1000 / texts.length);
        }
        const s = summarise(runs);
        console.log(`  ${label.padEnd(10)} ${name.padEnd(10)} ${s.median.toFixed(3)} ms (range ${s.min.toFixed(3)}–${s.max.toFixed(3)}; ${texts.length} calendars)`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
