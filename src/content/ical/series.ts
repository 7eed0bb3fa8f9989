import { DAY_MS } from './civil.ts';
import type { IcsComponent, IcsProperty } from './ics-parse.ts';
import { parseDuration, parsePeriods, parseTime, parseTimes, type IcsDuration, type IcsTime } from './ics-values.ts';
import { parseRule } from './rrule.ts';
import { planRule, type CountMemo } from './rrule-expand.ts';
import { instantOf, UTC_ZONE, wallOf, type WallZone } from './zone.ts';

/**
 * One recurring or single event as the reader keeps it after parsing: every time turned into
 * a wall-clock reading of the series' own zone (or floating), rules planned, EXDATEs and
 * RECURRENCE-IDs keyed by that reading. Building it never expands anything.
 */

/** A time in a zone; `zone: null` is floating (read in the calendar's or the reader's zone). */
export interface Placed {
  readonly wall: number;
  readonly zone: WallZone | null;
  readonly allDay: boolean;
}

/**
 * Exact milliseconds (DTEND − DTSTART) or a nominal DURATION whose days follow the wall clock.
 * `endsAtStart`: DTEND came before DTSTART, so the instance runs from DTSTART − exactMs to
 * DTSTART (the two fields read the other way round, as python's recurring-ical-events does).
 */
export type Length = { readonly exactMs: number; readonly endsAtStart?: true } | IcsDuration;

export interface RuleUse {
  readonly plan: ReturnType<typeof planRule>;
  readonly memo: CountMemo;
}

export interface Override {
  readonly component: IcsComponent;
  /** RECURRENCE-ID as a wall reading of the series zone, or a day number when it is a DATE. */
  readonly key: number;
  readonly keyIsDate: boolean;
  /** RANGE=THISANDFUTURE (§3.8.4.4): this and every later instance follow it. */
  readonly thisAndFuture: boolean;
  readonly start: Placed;
  readonly length: Length;
}

export interface Series {
  readonly uid: string;
  /** The master component, or the first override when the feed has no master (an invitation to one instance). */
  readonly master: IcsComponent;
  readonly hasMaster: boolean;
  readonly start: Placed;
  readonly length: Length;
  readonly rules: readonly RuleUse[];
  readonly exrules: readonly RuleUse[];
  readonly rdates: readonly { readonly start: Placed; readonly length: Length }[];
  readonly exdateWalls: ReadonlySet<number>;
  readonly exdateDays: ReadonlySet<number>;
  /** Sorted by their own start. */
  readonly overrides: readonly Override[];
  /** By overrideKey(): which instance each replaces. */
  readonly overrideByKey: ReadonlyMap<string, Override>;
  /** RANGE=THISANDFUTURE overrides, by RECURRENCE-ID. */
  readonly rangeOverrides: readonly Override[];
  /** Longest length of an instance (ms, generous), to widen a window backwards. */
  readonly reachMs: number;
  readonly overrideReachMs: number;
}

export interface SeriesContext {
  readonly zoneOf: (tzid: string) => WallZone | undefined;
  /** The feed's X-WR-TIMEZONE, for reading its floating times (Google, Apple). */
  readonly calendarZone: WallZone | null;
}

/** Why an event cannot be read; `uid` names it in skippedUids. */
export class UnreadableEvent extends Error {
  constructor(readonly uid: string, problem: string) {
    super(problem);
  }
}

const propsNamed = (component: IcsComponent, name: string): IcsProperty[] => component.props.filter((p) => p.name === name);
export const firstProp = (component: IcsComponent, name: string): IcsProperty | undefined =>
  component.props.find((p) => p.name === name);

function place(time: IcsTime, context: SeriesContext): Placed {
  if (time.form === 'date') return { wall: time.wall, zone: null, allDay: true };
  if (time.form === 'utc') {
    // A feed with X-WR-TIMEZONE (Google, Apple) means its UTC times in that zone: a weekly
    // 09:00Z written in winter stays at its local clock time after the DST change, as the
    // x-wr-timezone library (used by python's recurring-ical-events) reads it.
    const zone = context.calendarZone;
    return zone ? { wall: wallOf(zone, time.wall), zone, allDay: false } : { wall: time.wall, zone: UTC_ZONE, allDay: false };
  }
  if (time.form === 'zoned') {
    const zone = context.zoneOf(time.tzid!);
    if (zone) return { wall: time.wall, zone, allDay: false };
  }
  return { wall: time.wall, zone: context.calendarZone, allDay: false };
}

/** `time` as a wall reading of `zone` (the series zone); floating stays as written. */
function wallIn(zone: WallZone | null, placed: Placed): number {
  if (!zone || !placed.zone || placed.zone === zone || placed.allDay) return placed.wall;
  return wallOf(zone, instantOf(placed.zone, placed.wall));
}

function lengthOf(component: IcsComponent, start: Placed, context: SeriesContext, uid: string): Length {
  const end = firstProp(component, 'DTEND') ?? firstProp(component, 'DUE');
  const endTime = end && parseTime(end.value, end.params);
  if (endTime) {
    const placedEnd = place(endTime, context);
    if (start.allDay) return { days: Math.max(1, Math.round((placedEnd.wall - start.wall) / DAY_MS)), ms: 0 };
    const a = start.zone ? instantOf(start.zone, start.wall) : start.wall;
    const b = placedEnd.zone && start.zone ? instantOf(placedEnd.zone, placedEnd.wall) : placedEnd.wall;
    // RFC 5545 forbids DTEND before DTSTART; exporters that write it swapped the two fields.
    return b < a ? { exactMs: a - b, endsAtStart: true } : { exactMs: b - a };
  }
  if (end) throw new UnreadableEvent(uid, 'DTEND cannot be read');
  const duration = firstProp(component, 'DURATION');
  if (duration) {
    const parsed = parseDuration(duration.value);
    if (!parsed) throw new UnreadableEvent(uid, 'DURATION cannot be read');
    if (parsed.days < 0 || parsed.ms < 0) return { days: Math.abs(parsed.days), ms: Math.abs(parsed.ms) };
    return start.allDay ? { days: Math.max(1, parsed.days + Math.ceil(parsed.ms / DAY_MS)), ms: 0 } : parsed;
  }
  // §3.6.1: no DTEND and no DURATION — a DATE lasts one day, a DATE-TIME no time at all.
  return start.allDay ? { days: 1, ms: 0 } : { exactMs: 0 };
}

const reachOf = (length: Length): number => ('exactMs' in length ? length.exactMs : length.days * DAY_MS + length.ms + 2 * 3_600_000);

function startOf(component: IcsComponent, context: SeriesContext, uid: string): Placed {
  const starts = propsNamed(component, 'DTSTART');
  if (starts.length !== 1) throw new UnreadableEvent(uid, starts.length === 0 ? 'no DTSTART' : 'DTSTART given more than once');
  const time = parseTime(starts[0]!.value, starts[0]!.params);
  if (!time) throw new UnreadableEvent(uid, 'DTSTART cannot be read');
  return place(time, context);
}

function untilWall(until: string | undefined, start: Placed): number {
  if (until === undefined) return Number.POSITIVE_INFINITY;
  const time = parseTime(until, null);
  if (!time) return Number.NEGATIVE_INFINITY; // unreadable UNTIL: only DTSTART remains
  // A DATE UNTIL on a timed series includes that whole day, as Google and Outlook read it.
  if (time.form === 'date') return start.allDay ? time.wall : time.wall + DAY_MS - 1;
  if (time.form === 'utc' && start.zone) return wallOf(start.zone, time.wall);
  return time.wall;
}

function rulesOf(component: IcsComponent, name: string, start: Placed, uid: string): RuleUse[] {
  return propsNamed(component, name).map((p) => {
    const rule = parseRule(p.value);
    if (typeof rule === 'string') throw new UnreadableEvent(uid, `${name}: ${rule}`);
    return {
      plan: planRule(rule, start.wall, untilWall(rule.until, start)),
      memo: { periodStart: Number.POSITIVE_INFINITY, index: 0, counted: 0, startHandled: false },
    };
  });
}

function overrideOf(component: IcsComponent, series: Placed, context: SeriesContext, uid: string): Override {
  const rid = firstProp(component, 'RECURRENCE-ID')!;
  const time = parseTime(rid.value, rid.params);
  if (!time) throw new UnreadableEvent(uid, 'RECURRENCE-ID cannot be read');
  const start = startOf(component, context, uid);
  const placedRid = place(time, context);
  const keyIsDate = time.form === 'date';
  return {
    component,
    key: keyIsDate ? Math.floor(time.wall / DAY_MS) : wallIn(series.zone, placedRid),
    keyIsDate,
    thisAndFuture: rid.params?.['RANGE']?.toUpperCase() === 'THISANDFUTURE',
    start,
    length: lengthOf(component, start, context, uid),
  };
}

/**
 * Bounds on one UID, so that building it is cheap whatever the feed holds: ten years of a
 * daily meeting with every instance moved is ~3,650 overrides; an EXDATE is ~16 characters.
 */
export const MAX_COMPONENTS_PER_UID = 10_000;
export const MAX_DATE_CHARS_PER_UID = 400_000;

// Most events have no EXDATE, RDATE or override: they share these instead of empty ones each.
const NONE: readonly never[] = [];
const NO_WALLS: ReadonlySet<number> = new Set();
const NO_OVERRIDES: ReadonlyMap<string, Override> = new Map();

const RECURRENCE_PROPERTIES = new Set(['RRULE', 'RDATE', 'EXDATE', 'EXRULE', 'RECURRENCE-ID']);
const isPlainSingle = (component: IcsComponent): boolean => !component.props.some((p) => RECURRENCE_PROPERTIES.has(p.name));

/** Most events of a feed: one VEVENT, no recurrence. */
function singleSeries(uid: string, master: IcsComponent, context: SeriesContext): Series {
  const start = startOf(master, context, uid);
  const length = lengthOf(master, start, context, uid);
  return {
    uid, master, hasMaster: true, start, length, rules: NONE, exrules: NONE, rdates: NONE,
    exdateWalls: NO_WALLS, exdateDays: NO_WALLS, overrides: NONE, overrideByKey: NO_OVERRIDES, rangeOverrides: NONE,
    reachMs: reachOf(length), overrideReachMs: 0,
  };
}

/** The index of the first of `items` (sorted by start) that starts at or after `wall`. */
export function firstStartingFrom<T extends { readonly start: Placed }>(items: readonly T[], wall: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start.wall < wall) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const overrideKey = (keyIsDate: boolean, key: number): string => `${keyIsDate ? 'd' : 't'}${key}`;

const sequenceOf = (component: IcsComponent): number => Number(firstProp(component, 'SEQUENCE')?.value ?? 0) || 0;

/**
 * The series of one UID: its masters (several copies of one master are merged: the highest
 * SEQUENCE wins, and the EXDATEs and RDATEs of copies at that SEQUENCE all apply) and its
 * RECURRENCE-ID overrides (for one RECURRENCE-ID, the highest SEQUENCE, then the last, wins).
 */
export function buildSeries(uid: string, components: readonly IcsComponent[], context: SeriesContext): Series {
  if (components.length === 1 && isPlainSingle(components[0]!)) return singleSeries(uid, components[0]!, context);
  if (components.length > MAX_COMPONENTS_PER_UID) throw new UnreadableEvent(uid, 'too many RECURRENCE-ID overrides');
  let dateChars = 0;
  for (const c of components) for (const p of c.props) if (p.name === 'EXDATE' || p.name === 'RDATE') dateChars += p.value.length;
  if (dateChars > MAX_DATE_CHARS_PER_UID) throw new UnreadableEvent(uid, 'too many EXDATEs or RDATEs');
  const masters = components.filter((c) => !firstProp(c, 'RECURRENCE-ID'));
  const instances = components.filter((c) => firstProp(c, 'RECURRENCE-ID'));
  const top = Math.max(...masters.map(sequenceOf));
  const winners = masters.filter((c) => sequenceOf(c) === top);
  const master = winners.at(-1) ?? instances[0]!;
  const hasMaster = winners.length > 0;
  const start = startOf(master, context, uid);
  const length = lengthOf(master, start, context, uid);
  const seriesZone = start.zone;

  // Every instance is keyed by its wall reading in the series zone (an RDATE in UTC included).
  const inSeriesZone = (placed: Placed): Placed =>
    placed.allDay || !seriesZone ? placed : { wall: wallIn(seriesZone, placed), zone: seriesZone, allDay: false };
  const exdateWalls = new Set<number>();
  const exdateDays = new Set<number>();
  const rdates: { start: Placed; length: Length }[] = [];
  for (const copy of hasMaster ? winners : []) {
    for (const p of propsNamed(copy, 'EXDATE')) {
      for (const time of parseTimes(p.value, p.params)) {
        if (time.form === 'date' || start.allDay) exdateDays.add(Math.floor(time.wall / DAY_MS));
        else exdateWalls.add(wallIn(seriesZone, place(time, context)));
      }
    }
    for (const p of propsNamed(copy, 'RDATE')) {
      if (p.params?.['VALUE']?.toUpperCase() === 'PERIOD' || p.value.includes('/')) {
        for (const period of parsePeriods(p.value, p.params)) {
          const from = place(period.start, context);
          const to = period.end && place(period.end, context);
          const periodLength: Length = to
            ? { exactMs: Math.abs((to.zone ? instantOf(to.zone, to.wall) : to.wall) - (from.zone ? instantOf(from.zone, from.wall) : from.wall)) }
            : period.duration!;
          rdates.push({ start: inSeriesZone(from), length: periodLength });
        }
        continue;
      }
      for (const time of parseTimes(p.value, p.params)) {
        const placed = place(time, context);
        // An RDATE of the other value type than DTSTART: a DATE on a timed series keeps the series' time of day.
        const fixed: Placed = placed.allDay && !start.allDay
          ? { wall: placed.wall + (start.wall - Math.floor(start.wall / DAY_MS) * DAY_MS), zone: seriesZone, allDay: false }
          : !placed.allDay && start.allDay ? { wall: Math.floor(placed.wall / DAY_MS) * DAY_MS, zone: null, allDay: true } : inSeriesZone(placed);
        rdates.push({ start: fixed, length });
      }
    }
  }

  const byKey = new Map<string, Override>();
  for (const component of instances) {
    const override = overrideOf(component, start, context, uid);
    const id = overrideKey(override.keyIsDate, override.key);
    const known = byKey.get(id);
    if (!known || sequenceOf(component) >= sequenceOf(known.component)) byKey.set(id, override);
  }
  const overrides = byKey.size === 0 ? NONE : [...byKey.values()].sort((a, b) => a.start.wall - b.start.wall);
  const rangeOverrides = overrides.filter((o) => o.thisAndFuture).sort((a, b) => a.key - b.key);
  let reachMs = reachOf(length);
  for (const r of rdates) reachMs = Math.max(reachMs, reachOf(r.length));
  const overrideReachMs = overrides.reduce((most, o) => Math.max(most, reachOf(o.length)), 0);
  return {
    uid, master, hasMaster, start, length,
    // Several RRULEs (RFC 2445 allowed them; feeds still carry them) make one set together.
    rules: hasMaster ? rulesOf(master, 'RRULE', start, uid) : [],
    exrules: hasMaster ? rulesOf(master, 'EXRULE', start, uid) : [],
    rdates: rdates.length === 0 ? NONE : rdates,
    exdateWalls: exdateWalls.size === 0 ? NO_WALLS : exdateWalls,
    exdateDays: exdateDays.size === 0 ? NO_WALLS : exdateDays,
    overrides,
    overrideByKey: byKey.size === 0 ? NO_OVERRIDES : byKey,
    rangeOverrides: rangeOverrides.length === 0 ? NONE : rangeOverrides,
    reachMs, overrideReachMs,
  };
}
