import type { VEvent } from 'node-ical';
import {
  addDays,
  daysBetween,
  isValidTimeZone,
  localDateOf,
  localDayBounds,
  wallTimeInstant,
  type LocalDate,
} from '../time/zones.ts';
import { simpleBetween } from './simple-recurrence.ts';

/** node-ical's dates: an instant, plus the TZID it was written in or a date-only mark. */
type ICalDate = Date & { tz?: string; dateOnly?: true };
/** A base event or one of its RECURRENCE-ID overrides (node-ical stores them as plain copies). */
export type EventRecord = Omit<VEvent, 'recurrences'>;

export interface Occurrence {
  /** The component that describes this occurrence: the override when there is one. */
  readonly event: EventRecord;
  readonly start: Date;
  readonly end: Date;
  readonly allDay: boolean;
}

/** More instances than this in one day (an every-minute rule) are not worth a briefing line each. */
export const MAX_INSTANCES_PER_DAY = 200;

/**
 * The occurrences of one VEVENT that overlap the local `date` in `zone`.
 *
 * We do not use node-ical's expandRecurringEvent: it reads all-day boundaries with the host's
 * time zone, and it only finds an overridden instance when the *original* date falls in the
 * window, so an instance moved onto this day from another day would be missed. Instead the
 * rule is asked only for the day's window (rrule-temporal jumps straight there for rules
 * without COUNT), and overrides are placed by their own DTSTART.
 * Throws when the rule cannot be expanded (rrule-temporal's 10 000-iteration cap).
 */
export function occurrencesOn(event: VEvent, date: LocalDate, zone: string): Occurrence[] {
  const start = event.start as ICalDate;
  const allDay = event.datetype === 'date' || start.dateOnly === true;
  return allDay ? allDayOccurrences(event, date, zone) : timedOccurrences(event, date, zone);
}

function isValidDate(value: unknown): value is ICalDate {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function overridesOf(event: VEvent): EventRecord[] {
  // Each override is stored under two keys (date and ISO instant): keep one of each.
  return [...new Set(Object.values(event.recurrences ?? {}))];
}

// ---- timed events ------------------------------------------------------------------------

/**
 * A time without TZID or Z is "floating": the same wall-clock time wherever the reader is
 * (RFC 5545 §3.3.5). node-ical builds it in the host's zone; we re-read its wall-clock parts
 * in the recipient's zone so the answer does not depend on where the server runs.
 */
function realInstant(value: ICalDate, zone: string): Date {
  if (value.tz) return value;
  return wallTimeInstant(
    { year: value.getFullYear(), month: value.getMonth() + 1, day: value.getDate(),
      hour: value.getHours(), minute: value.getMinutes(), second: value.getSeconds() },
    zone,
  );
}

function timedOccurrences(event: VEvent, date: LocalDate, zone: string): Occurrence[] {
  const day = localDayBounds(date, zone);
  const dayStart = day.start.getTime();
  const dayEnd = day.end.getTime();
  const baseStart = event.start as ICalDate;
  const duration = isValidDate(event.end) ? Math.max(0, event.end.getTime() - baseStart.getTime()) : 0;
  const overlaps = (s: number, e: number): boolean => s < dayEnd && (e > dayStart || (e === s && s >= dayStart));
  const result: Occurrence[] = [];
  const add = (record: EventRecord, s: Date, e: Date): void => {
    if (overlaps(s.getTime(), e.getTime())) result.push({ event: record, start: s, end: e, allDay: false });
  };

  if (!event.rrule) {
    const s = realInstant(baseStart, zone);
    add(event, s, new Date(s.getTime() + duration));
    return result;
  }

  // A floating rule runs in UTC from node-ical's host-zone DTSTART; shift its results back to
  // wall-clock parts and widen the window by a day either side to cover any zone offset.
  const floating = !baseStart.tz;
  const shift = floating
    ? Date.UTC(baseStart.getFullYear(), baseStart.getMonth(), baseStart.getDate(),
      baseStart.getHours(), baseStart.getMinutes(), baseStart.getSeconds()) - baseStart.getTime()
    : 0;
  const margin = floating ? 27 * 3_600_000 : 0;
  const toReal = (instant: Date): Date => {
    if (!floating) return instant;
    const wall = new Date(instant.getTime() + shift);
    return wallTimeInstant(
      { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(),
        hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds() },
      zone,
    );
  };

  const ruleZone = baseStart.tz && isValidTimeZone(baseStart.tz) ? baseStart.tz : zone;
  const dateOnlyExdates = new Set(
    Object.entries(event.exdate ?? {}).filter(([, value]) => (value as ICalDate).dateOnly).map(([key]) => key),
  );
  const from = new Date(dayStart - duration - margin);
  const to = new Date(dayEnd + margin);
  const instants = (simpleBetween(event, from, to) ?? event.rrule.between(from, to, true))
    .slice(0, MAX_INSTANCES_PER_DAY);
  for (const instant of instants) {
    const iso = instant.toISOString();
    if (event.exdate?.[iso] || (dateOnlyExdates.size > 0 && dateOnlyExdates.has(localDateOf(instant, ruleZone)))) continue;
    if (event.recurrences?.[iso]) continue; // placed below, by the override's own time
    const s = toReal(instant);
    add(event, s, new Date(s.getTime() + duration));
  }

  for (const override of overridesOf(event)) {
    if (!isValidDate(override.start)) continue;
    const s = realInstant(override.start, zone);
    const e = isValidDate(override.end) && override.end.getTime() >= override.start.getTime()
      ? new Date(s.getTime() + (override.end.getTime() - override.start.getTime()))
      : new Date(s.getTime() + duration);
    add(override, s, e);
  }
  return result;
}

// ---- all-day events ----------------------------------------------------------------------

/** The calendar date a DATE value names (node-ical builds it at host-local midnight). */
function dateOf(value: ICalDate): LocalDate {
  if (!value.dateOnly && value.tz && isValidTimeZone(value.tz)) return localDateOf(value, value.tz);
  const y = value.getFullYear();
  return `${String(y).padStart(4, '0')}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
}

function spanDays(record: EventRecord, fallback: number): number {
  if (!isValidDate(record.start) || !isValidDate(record.end)) return fallback;
  return Math.max(1, daysBetween(dateOf(record.start), dateOf(record.end)));
}

function allDayOccurrences(event: VEvent, date: LocalDate, zone: string): Occurrence[] {
  const span = spanDays(event, 1);
  const result: Occurrence[] = [];
  const add = (record: EventRecord, first: LocalDate, days: number): void => {
    if (first > date || addDays(first, days) <= date) return;
    result.push({
      event: record,
      start: localDayBounds(first, zone).start,
      end: localDayBounds(addDays(first, days), zone).start,
      allDay: true,
    });
  };

  if (!event.rrule) {
    add(event, dateOf(event.start as ICalDate), span);
    return result;
  }

  // rrule-temporal anchors date-only rules at UTC midnight, whatever the host zone.
  const from = new Date(`${addDays(date, -(span - 1))}T00:00:00Z`);
  const to = new Date(`${date}T00:00:00Z`);
  for (const instant of event.rrule.between(from, to, true).slice(0, MAX_INSTANCES_PER_DAY)) {
    const key = dateOf(instant as ICalDate);
    if (event.exdate?.[key] || event.recurrences?.[key]) continue;
    add(event, key, span);
  }
  for (const override of overridesOf(event)) {
    if (isValidDate(override.start)) add(override, dateOf(override.start), spanDays(override, span));
  }
  return result;
}
