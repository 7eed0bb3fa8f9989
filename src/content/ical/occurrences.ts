import type { Budget } from './budget.ts';
import { DAY_MS } from './civil.ts';
import type { IcsComponent } from './ics-parse.ts';
import { expandRule, TooManyInstances } from './rrule-expand.ts';
import { firstStartingFrom, overrideKey, type Length, type Override, type Placed, type Series } from './series.ts';
import { instantOf, type WallZone } from './zone.ts';

/** One instance as the briefing shows it: the component that describes it and its instants. */
export interface Occurrence {
  /** The override when this instance has one, else the master. */
  readonly event: IcsComponent;
  readonly start: Date;
  readonly end: Date;
  readonly allDay: boolean;
}

/** The reader's day: its number (days since 1970-01-01) and its instants [start, end). */
export interface DayWindow {
  readonly day: number;
  readonly start: number;
  readonly end: number;
  /** Instants where the reader's all-day dates begin: `dayStart(n)` for day number n. */
  readonly dayStart: (day: number) => number;
}

/** More instances than this in one day (an every-minute rule) are not worth a briefing line each. */
export const MAX_INSTANCES_PER_DAY = 200;

const ZONE_MARGIN_MS = 14 * 3_600_000; // UTC offsets lie within −12 h … +14 h

function endOf(startInstant: number, wall: number, length: Length, zone: WallZone): number {
  if ('exactMs' in length) return startInstant + length.exactMs;
  // §3.3.6: days of a DURATION are nominal (the same clock time on a later date), the rest exact.
  const dayEnd = length.days === 0 ? startInstant : instantOf(zone, wall + length.days * DAY_MS);
  return dayEnd + length.ms;
}

/**
 * Places instances and keeps those that overlap the window. An instance that ends when it
 * starts (no DTEND) shows on the day it starts.
 */
class DayCollector {
  readonly found: Occurrence[] = [];

  constructor(private readonly window: DayWindow, private readonly floatingZone: WallZone) {}

  add(event: IcsComponent, at: Placed, length: Length): void {
    const w = this.window;
    if (at.allDay) {
      const first = Math.floor(at.wall / DAY_MS);
      const days = 'exactMs' in length ? Math.max(1, Math.ceil(length.exactMs / DAY_MS)) : Math.max(1, length.days);
      if (first > w.day || first + days <= w.day) return;
      this.push({ event, start: new Date(w.dayStart(first)), end: new Date(w.dayStart(first + days)), allDay: true });
      return;
    }
    const zone = at.zone ?? this.floatingZone;
    const start = instantOf(zone, at.wall);
    const end = endOf(start, at.wall, length, zone);
    const [s, e] = 'endsAtStart' in length ? [start - length.exactMs, start] : [start, end];
    if (s < w.end && (e > w.start || (e === s && s >= w.start))) this.push({ event, start: new Date(s), end: new Date(e), allDay: false });
  }

  private push(occurrence: Occurrence): void {
    this.found.push(occurrence);
    if (this.found.length > MAX_INSTANCES_PER_DAY) throw new TooManyInstances();
  }
}

/** The latest THISANDFUTURE override at or before the instance at `wall`. */
function rangeOverrideFor(series: Series, wall: number): Override | undefined {
  let found: Override | undefined;
  for (const o of series.rangeOverrides) {
    const key = o.keyIsDate ? o.key * DAY_MS : o.key;
    if (key > wall) break;
    found = o;
  }
  return found;
}

/**
 * The occurrences of one series that overlap the reader's day (RFC 5545 §3.8.5: DTSTART,
 * RRULEs, RDATEs, minus EXRULEs and EXDATEs; then RECURRENCE-ID overrides, which are placed
 * by their own DTSTART, so an instance moved onto this day from another day is found).
 * Throws OverBudget or TooManyInstances; the caller leaves the event out and names it.
 */
export function occurrencesOn(series: Series, window: DayWindow, floatingZone: WallZone, budget: Budget): Occurrence[] {
  const out = new DayCollector(window, floatingZone);
  let shiftReach = 0;
  for (const o of series.rangeOverrides) shiftReach = Math.max(shiftReach, Math.abs(o.start.wall - (o.keyIsDate ? o.key * DAY_MS : o.key)));
  const allDay = series.start.allDay;
  const from = allDay ? window.day * DAY_MS - series.reachMs - shiftReach
    : window.start - series.reachMs - ZONE_MARGIN_MS - shiftReach;
  const to = allDay ? window.day * DAY_MS + shiftReach : window.end + ZONE_MARGIN_MS + shiftReach;

  if (series.hasMaster) {
    const instances = new Map<number, Length>();
    if (series.start.wall >= from && series.start.wall <= to) instances.set(series.start.wall, series.length);
    for (const rule of series.rules) {
      for (const wall of expandRule(rule.plan, from, to, budget, rule.memo)) if (!instances.has(wall)) instances.set(wall, series.length);
    }
    for (const rdate of series.rdates) {
      budget.spend(1);
      if (rdate.start.wall >= from && rdate.start.wall <= to) instances.set(rdate.start.wall, rdate.length);
    }
    for (const rule of series.exrules) for (const wall of expandRule(rule.plan, from, to, budget, rule.memo)) instances.delete(wall);
    for (const [wall, length] of instances) {
      budget.spend(1);
      if (series.exdateWalls.has(wall) || series.exdateDays.has(Math.floor(wall / DAY_MS))) continue;
      if (series.overrideByKey.has(overrideKey(false, wall)) || series.overrideByKey.has(overrideKey(true, Math.floor(wall / DAY_MS)))) continue;
      const range = series.rangeOverrides.length > 0 ? rangeOverrideFor(series, wall) : undefined;
      if (range) {
        // §3.8.4.4 THISANDFUTURE: later instances move as the override moved, and take its details.
        const keyWall = range.keyIsDate ? range.key * DAY_MS : range.key;
        const placed: Placed = { wall: wall + (range.start.wall - keyWall), zone: range.start.zone ?? series.start.zone, allDay: range.start.allDay };
        out.add(range.component, placed, range.length);
        continue;
      }
      out.add(series.master, { wall, zone: series.start.zone, allDay }, length);
    }
  }

  // Overrides, by their own start (a moved instance shows where it moved to).
  const lowest = Math.min(window.start, window.day * DAY_MS) - ZONE_MARGIN_MS - series.overrideReachMs;
  const highest = Math.max(window.end, (window.day + 1) * DAY_MS) + ZONE_MARGIN_MS;
  for (let i = firstStartingFrom(series.overrides, lowest); i < series.overrides.length; i += 1) {
    const o = series.overrides[i]!;
    if (o.start.wall > highest) break;
    budget.spend(1);
    out.add(o.component, o.start, o.length);
  }
  return out.found;
}
