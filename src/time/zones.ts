import { DateTime, IANAZone } from 'luxon';

/** Local calendar dates travel as `YYYY-MM-DD` strings; instants as `Date`. */
export type LocalDate = string;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

// Luxon builds an Intl.DateTimeFormat for every check (about 0.2 ms and 25 KB): a roster of
// 500,000 rows took minutes and gigabytes. There are a few hundred zones; remember the answers.
const zoneValidity = new Map<string, boolean>();
const MAX_REMEMBERED_ZONES = 2000;

export function isValidTimeZone(zone: string): boolean {
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  // Only IANA names: "UTC+1" style offsets do not follow DST and are almost always a mistake.
  const valid = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone) && IANAZone.isValidZone(zone);
  if (zoneValidity.size < MAX_REMEMBERED_ZONES) zoneValidity.set(zone, valid);
  return valid;
}

export { isLocalDate } from './local-date.ts';

export function isClockTime(text: string): boolean {
  return TIME_RE.test(text);
}

export function minutesOfClock(text: string): number {
  const m = TIME_RE.exec(text);
  if (!m) throw new Error(`"${text}" is not a time as HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function startOfLocalDay(date: LocalDate, zone: string): DateTime {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`"${date}" is not a date as YYYY-MM-DD`);
  return DateTime.fromObject({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, { zone }).startOf('day');
}

// Every event of every recipient asks for its day's bounds, and Luxon's zone maths costs
// ~20 µs a time: remember them per zone and date (a send day has a few of each).
const dayBounds = new Map<string, readonly [number, number]>();
const MAX_REMEMBERED_DAYS = 10_000;

/** The instants [start, end) that make up a local calendar day (23, 24 or 25 hours long). */
export function localDayBounds(date: LocalDate, zone: string): { start: Date; end: Date } {
  const key = `${zone}|${date}`;
  let bounds = dayBounds.get(key);
  if (!bounds) {
    const start = startOfLocalDay(date, zone);
    bounds = [start.toMillis(), start.plus({ days: 1 }).startOf('day').toMillis()];
    if (dayBounds.size >= MAX_REMEMBERED_DAYS) dayBounds.clear();
    dayBounds.set(key, bounds);
  }
  // Fresh Date objects: callers may keep or change them.
  return { start: new Date(bounds[0]), end: new Date(bounds[1]) };
}

/**
 * The instant a wall-clock time happens on a local date. A time skipped by a DST change
 * (spring forward) resolves to the first valid minute after the gap; a time that happens
 * twice (fall back) resolves to its first occurrence.
 */
export function zonedInstant(date: LocalDate, clock: string, zone: string): Date {
  // Every briefing asks for its work hours' bounds (Luxon: ~30 µs each): a day has few of them.
  const key = `${zone}|${date}|${clock}`;
  let instant = zonedInstants.get(key);
  if (instant === undefined) {
    instant = zonedInstantUncached(date, clock, zone).getTime();
    if (zonedInstants.size >= MAX_REMEMBERED_DAYS) zonedInstants.clear();
    zonedInstants.set(key, instant);
  }
  return new Date(instant);
}

const zonedInstants = new Map<string, number>();

function zonedInstantUncached(date: LocalDate, clock: string, zone: string): Date {
  const day = startOfLocalDay(date, zone);
  const wanted = minutesOfClock(clock);
  const naive = day.set({ hour: Math.floor(wanted / 60), minute: wanted % 60 });
  const reached = naive.hour * 60 + naive.minute;
  if (naive.toISODate() === date && reached === wanted) {
    // Luxon picks the earlier offset for an ambiguous time: that is the first occurrence.
    return naive.toJSDate();
  }
  // The wall time does not exist: walk forward minute by minute from the gap's start.
  let probe = day;
  for (let minute = 0; minute < 26 * 60; minute += 1) {
    probe = day.plus({ minutes: minute });
    if (probe.toISODate() !== date) break;
    if (probe.hour * 60 + probe.minute >= wanted) return probe.toJSDate();
  }
  return day.plus({ days: 1 }).startOf('day').toJSDate();
}

export function localDateOf(instant: Date, zone: string): LocalDate {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

export function weekdayOf(date: LocalDate): Weekday {
  return WEEKDAYS[startOfLocalDay(date, 'UTC').weekday - 1]!;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return startOfLocalDay(date, 'UTC').plus({ days }).toISODate()!;
}

/** A wall-clock time in a zone (month 1–12). A time skipped by DST moves forward past the gap. */
export function wallTimeInstant(
  wall: { year: number; month: number; day: number; hour: number; minute: number; second?: number },
  zone: string,
): Date {
  return DateTime.fromObject({ ...wall, second: wall.second ?? 0 }, { zone }).toJSDate();
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round(startOfLocalDay(to, 'UTC').diff(startOfLocalDay(from, 'UTC'), 'days').days);
}
