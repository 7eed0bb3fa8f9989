import type { VEvent } from 'node-ical';
import { IANAZone } from 'luxon';
import { isValidTimeZone } from '../time/zones.ts';

/**
 * A faster `event.rrule.between(from, to, true)` for the rules calendars are mostly made of:
 * FREQ=DAILY or WEEKLY, optional INTERVAL, plain BYDAY (no ordinals), UNTIL, WKST, timed
 * DTSTART in an IANA zone, and no DST change anywhere near the window. Everything else gives
 * `undefined`, and the caller asks rrule-temporal as before.
 *
 * Why: rrule-temporal runs on the Temporal polyfill (JSBI big integers) and cost ~1–2 ms
 * per series per day, the largest part of loading a recipient's content. With a constant UTC
 * offset over the window, a weekly 09:00 is plain arithmetic on day numbers.
 * test/unit/content/simple-recurrence.test.ts compares the two over generated rules.
 */

const DAY_MS = 86_400_000;
/** Windows wider than this (a many-week event) are left to the library. */
const MAX_SCAN_DAYS = 62;

interface SimpleRule {
  readonly weekly: boolean;
  readonly interval: number;
  /** Bit n set: ISO weekday n (1 = Monday … 7 = Sunday) matches. 0: any day (DAILY only). */
  readonly days: number;
  readonly wkst: number;
  readonly zone: string;
  /** The local date of DTSTART as days since 1970-01-01, and its wall-clock time in ms. */
  readonly startDay: number;
  readonly timeOfDayMs: number;
  readonly untilMs: number;
}

const WEEKDAY_NUMBER: Record<string, number> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };
/** Options that, when present, make a rule more than this path understands. */
const UNSUPPORTED = ['count', 'byHour', 'byMinute', 'bySecond', 'byMonth', 'byMonthDay', 'byYearDay',
  'byWeekNo', 'bySetPos', 'rDate', 'exDate', 'rscale', 'skip', 'includeDtstart'];
const KNOWN = new Set([...UNSUPPORTED, 'dtstart', 'tzid', 'freq', 'until', 'interval', 'wkst', 'byDay',
  'strict', 'maxIterations']);

/** node-ical 0.26 wraps an RRuleTemporal as `_rrule`; anything else means "not understood". */
interface TemporalLike {
  readonly year: number; readonly month: number; readonly day: number; readonly hour: number;
  readonly minute: number; readonly second: number; readonly millisecond: number;
  readonly microsecond: number; readonly nanosecond: number; readonly timeZoneId: string;
  readonly epochMilliseconds: number;
}

const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1; // day 0 was a Thursday

const rules = new WeakMap<object, SimpleRule | null>();

function ruleOf(event: VEvent): SimpleRule | null {
  const wrapper = event.rrule as unknown as { _rrule?: { options?: () => Record<string, unknown> } } | undefined;
  if (!wrapper) return null;
  let rule = rules.get(wrapper);
  if (rule === undefined) {
    rule = readRule(wrapper._rrule);
    rules.set(wrapper, rule);
  }
  return rule;
}

function readRule(rrule: { options?: () => Record<string, unknown> } | undefined): SimpleRule | null {
  if (typeof rrule?.options !== 'function') return null;
  const o = rrule.options();
  for (const [key, value] of Object.entries(o)) {
    if (!KNOWN.has(key)) return null;
    if (UNSUPPORTED.includes(key) && value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0)) return null;
  }
  if (o['freq'] !== 'DAILY' && o['freq'] !== 'WEEKLY') return null;
  const start = o['dtstart'] as TemporalLike | undefined;
  const zone = o['tzid'];
  if (!start || typeof zone !== 'string' || start.timeZoneId !== zone || !isValidTimeZone(zone)) return null;
  if (start.millisecond !== 0 || start.microsecond !== 0 || start.nanosecond !== 0) return null;
  const interval = o['interval'] ?? 1;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1 || interval > 8) return null;
  const wkst = WEEKDAY_NUMBER[typeof o['wkst'] === 'string' ? o['wkst'] : 'MO'];
  if (!wkst) return null;
  const until = o['until'] as TemporalLike | undefined;
  if (until !== undefined && typeof until?.epochMilliseconds !== 'number') return null;

  const startDay = Math.floor(Date.UTC(start.year, start.month - 1, start.day) / DAY_MS);
  let days = 0;
  const byDay = o['byDay'];
  if (byDay !== undefined) {
    if (!Array.isArray(byDay) || byDay.length === 0) return null;
    for (const token of byDay) {
      const n = typeof token === 'string' ? WEEKDAY_NUMBER[token] : undefined;
      if (!n) return null; // an ordinal (1MO, -1FR) or something unexpected
      days |= 1 << n;
    }
    // rrule-temporal's between() re-anchors DAILY;INTERVAL=n at a day BYDAY may not match and
    // then steps one day at a time, so its answer depends on the window: leave that to it.
    if (o['freq'] === 'DAILY' && interval > 1) return null;
  } else if (o['freq'] === 'WEEKLY') {
    days = 1 << isoWeekday(startDay);
  }
  // rrule-temporal leaves out a DTSTART that its own rule does not match; keep that case there.
  if (days !== 0 && !(days & (1 << isoWeekday(startDay)))) return null;
  return {
    weekly: o['freq'] === 'WEEKLY', interval, days, wkst, zone, startDay,
    timeOfDayMs: ((start.hour * 60 + start.minute) * 60 + start.second) * 1000,
    untilMs: until ? until.epochMilliseconds : Number.POSITIVE_INFINITY,
  };
}

// UTC offsets per zone and UTC day: a few zones, a few days, asked by every recipient.
const offsets = new Map<string, number>();
const MAX_REMEMBERED_OFFSETS = 50_000;

function offsetAt(zone: string, day: number): number {
  const key = `${zone}|${day}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(day * DAY_MS);
    if (offsets.size >= MAX_REMEMBERED_OFFSETS) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The one offset (minutes) in force on every day from `first` to `last`, or undefined if it changes. */
function steadyOffset(zone: string, first: number, last: number): number | undefined {
  const offset = offsetAt(zone, first);
  for (let day = first + 1; day <= last; day += 1) if (offsetAt(zone, day) !== offset) return undefined;
  return offset;
}

/**
 * The instances of `event`'s rule from `from` to `to` (both included), in order, exactly as
 * node-ical's `event.rrule.between(from, to, true)` gives them; undefined when this path
 * does not handle the rule or the window.
 */
export function simpleBetween(event: VEvent, from: Date, to: Date): Date[] | undefined {
  const rule = ruleOf(event);
  if (!rule) return undefined;
  const fromMs = from.getTime();
  const toMs = to.getTime();
  // Local dates whose instances could fall in the window (offsets are within ±14 h).
  const firstDay = Math.floor(fromMs / DAY_MS) - 1;
  const lastDay = Math.floor(toMs / DAY_MS) + 1;
  if (lastDay - firstDay > MAX_SCAN_DAYS) return undefined;
  // The library re-anchors up to one period (plus a week for WEEKLY) before the window and
  // steps from there in the rule's zone: a DST change anywhere in that stretch goes to it.
  const lookBack = rule.interval * (rule.weekly ? 7 : 1) + 8;
  const offset = steadyOffset(rule.zone, firstDay - lookBack, lastDay + 2);
  if (offset === undefined) return undefined;

  const result: Date[] = [];
  const startWeek = rule.startDay - ((isoWeekday(rule.startDay) - rule.wkst + 7) % 7);
  for (let day = Math.max(firstDay, rule.startDay); day <= lastDay; day += 1) {
    if (rule.days !== 0 && !(rule.days & (1 << isoWeekday(day)))) continue;
    if (rule.weekly) {
      const week = day - ((isoWeekday(day) - rule.wkst + 7) % 7);
      if (((week - startWeek) / 7) % rule.interval !== 0) continue;
    } else if ((day - rule.startDay) % rule.interval !== 0) {
      continue;
    }
    const instant = day * DAY_MS + rule.timeOfDayMs - offset * 60_000;
    if (instant > rule.untilMs || instant < fromMs || instant > toMs) continue;
    result.push(new Date(instant));
  }
  return result;
}
