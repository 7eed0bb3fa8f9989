import { isValidTimeZone } from '../../time/zones.ts';
import type { IcsComponent } from './ics-parse.ts';
import { createZoneResolver } from './resolve-zone.ts';
import { buildSeries, firstProp, type Series } from './series.ts';
import { ianaZone, type WallZone } from './zone.ts';

/** A calendar ready to answer "what is on this day", for any reader and any day. */
export interface CalendarModel {
  /** Single events of at most two days, sorted by start (a day's are found by binary search). */
  readonly singles: readonly Series[];
  /** Everything else: recurring series, series with overrides, long events. */
  readonly series: readonly Series[];
  /** UIDs of events that cannot be read at all (no or a bad DTSTART, a broken RRULE). */
  readonly unreadable: readonly string[];
  readonly todos: readonly IcsComponent[];
  readonly calendarZone: WallZone | null;
  readonly zoneOf: (tzid: string) => WallZone | undefined;
}

const SINGLE_REACH_MS = 2 * 86_400_000;
/** Components built between pauses of the slicing driver (well under a millisecond). */
const COMPONENTS_PER_STEP = 64;

const hasCount = (series: Series): boolean => series.rules.some((r) => r.plan.rule.count !== undefined);

const isCancelled = (component: IcsComponent): boolean => firstProp(component, 'STATUS')?.value.trim().toUpperCase() === 'CANCELLED';

/**
 * Groups the VEVENTs by UID and builds each series. An event that cannot be read is named
 * in `unreadable` and the rest stand; a cancelled series is left out.
 */
export function* modelSteps(root: IcsComponent): Generator<void, CalendarModel, void> {
  const xwr = firstProp(root, 'X-WR-TIMEZONE')?.value.trim();
  const calendarZone = xwr && isValidTimeZone(xwr) ? ianaZone(xwr) : null;
  const zoneOf = createZoneResolver(root.children.filter((c) => c.type === 'VTIMEZONE'));
  const groups = new Map<string, IcsComponent[]>();
  const todos: IcsComponent[] = [];
  let anonymous = 0;
  let seen = 0;
  for (const component of root.children) {
    if ((seen += 1) % 4096 === 0) yield;
    if (component.type === 'VTODO') todos.push(component);
    if (component.type !== 'VEVENT') continue;
    const uid = firstProp(component, 'UID')?.value.trim() || `(event without UID #${(anonymous += 1)})`;
    const group = groups.get(uid);
    if (group) group.push(component);
    else groups.set(uid, [component]);
  }
  const singles: Series[] = [];
  const series: Series[] = [];
  const unreadable: string[] = [];
  let sinceStep = 0;
  for (const [uid, components] of groups) {
    if ((sinceStep += components.length) >= COMPONENTS_PER_STEP) {
      sinceStep = 0;
      yield;
    }
    let built: Series;
    try {
      built = buildSeries(uid, components, { zoneOf, calendarZone });
    } catch {
      unreadable.push(uid);
      continue;
    }
    if (built.hasMaster && isCancelled(built.master)) continue;
    const single = built.hasMaster && built.rules.length === 0 && built.rdates.length === 0 && built.overrides.length === 0;
    if (single && built.reachMs <= SINGLE_REACH_MS) singles.push(built);
    else series.push(built);
  }
  singles.sort((a, b) => a.start.wall - b.start.wall);
  // Rules without COUNT start at the day they are asked for and cost little; a COUNT rule
  // walks from its DTSTART. Reading the cheap ones first keeps a feed's ordinary meetings
  // when a flood of costly rules spends the calendar's budget (the sort is stable).
  series.sort((a, b) => Number(hasCount(a)) - Number(hasCount(b)));
  return { singles, series, unreadable, todos, calendarZone, zoneOf };
}
