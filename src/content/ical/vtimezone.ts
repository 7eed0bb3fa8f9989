import { Budget } from './budget.ts';
import { DAY_MS, civilFromDays, daysFromCivil } from './civil.ts';
import type { IcsComponent } from './ics-parse.ts';
import { parseTime, parseTimes, parseUtcOffset } from './ics-values.ts';
import { parseRule } from './rrule.ts';
import { expandRule, planRule } from './rrule-expand.ts';
import type { WallZone } from './zone.ts';

/**
 * A zone defined by the feed's own VTIMEZONE (RFC 5545 §3.6.5), for TZIDs that name no IANA
 * or Windows zone (Outlook's "Customized Time Zone", Lotus Notes' own names). Each STANDARD
 * or DAYLIGHT observance starts at its DTSTART (a wall time in TZOFFSETFROM) and repeats by
 * its RRULE or RDATEs; the offset at an instant is the TZOFFSETTO of the latest onset.
 */

interface Observance {
  readonly start: number;
  readonly from: number;
  readonly to: number;
  readonly onsetsIn: (firstWall: number, lastWall: number) => number[];
}

const first = (component: IcsComponent, name: string) => component.props.find((p) => p.name === name);

function observanceOf(component: IcsComponent): Observance | undefined {
  const start = first(component, 'DTSTART');
  const from = parseUtcOffset(first(component, 'TZOFFSETFROM')?.value ?? '');
  const to = parseUtcOffset(first(component, 'TZOFFSETTO')?.value ?? '');
  const startTime = start && parseTime(start.value, null);
  if (!startTime || from === undefined || to === undefined) return undefined;
  const rdates = component.props.filter((p) => p.name === 'RDATE').flatMap((p) => parseTimes(p.value, p.params)).map((t) => t.wall);
  const ruleText = first(component, 'RRULE')?.value;
  const rule = ruleText === undefined ? undefined : parseRule(ruleText);
  let plan: ReturnType<typeof planRule> | undefined;
  if (rule && typeof rule !== 'string') {
    const until = rule.until === undefined ? undefined : parseTime(rule.until, null);
    const untilWall = !until ? Number.POSITIVE_INFINITY : until.form === 'utc' ? until.wall + from * 60_000 : until.wall;
    plan = planRule(rule, startTime.wall, untilWall);
  }
  return {
    start: startTime.wall, from, to,
    onsetsIn: (firstWall, lastWall) => {
      const walls = [startTime.wall, ...rdates].filter((w) => w >= firstWall && w <= lastWall);
      if (plan) walls.push(...expandRule(plan, firstWall, lastWall, Budget.of(200_000, 50)));
      return walls;
    },
  };
}

export function vtimezoneZone(component: IcsComponent, name: string): WallZone | undefined {
  const observances = component.children
    .filter((c) => c.type === 'STANDARD' || c.type === 'DAYLIGHT')
    .map(observanceOf)
    .filter((o): o is Observance => o !== undefined)
    .sort((a, b) => a.start - b.start);
  if (observances.length === 0) return undefined;
  const years = new Map<number, { at: number; to: number; from: number }[]>();
  const onsetsAround = (year: number) => {
    let onsets = years.get(year);
    if (!onsets) {
      const firstWall = daysFromCivil(year - 1, 1, 1) * DAY_MS;
      const lastWall = daysFromCivil(year + 1, 1, 1) * DAY_MS - 1;
      onsets = observances
        .flatMap((o) => o.onsetsIn(firstWall, lastWall).map((wall) => ({ at: wall - o.from * 60_000, to: o.to, from: o.from })))
        .sort((a, b) => a.at - b.at);
      if (years.size > 400) years.clear();
      years.set(year, onsets);
    }
    return onsets;
  };
  // A hostile observance rule (FREQ=SECONDLY…) runs out of budget once; the zone then keeps
  // its standard offset instead of paying for the rule again on every time read.
  let broken = false;
  const fallback = (observances.find((o) => o.to <= o.from) ?? observances[0]!).to;
  return {
    name,
    offsetAt(utc) {
      if (broken) return fallback;
      let onsets;
      try {
        onsets = onsetsAround(civilFromDays(Math.floor(utc / DAY_MS)).year);
      } catch {
        broken = true;
        return fallback;
      }
      let offset: number | undefined;
      for (const onset of onsets) {
        if (onset.at > utc) {
          offset ??= onset.from; // before the year's first change: what that change changes from
          break;
        }
        offset = onset.to;
      }
      if (offset !== undefined) return offset;
      // No change within two years (a zone without DST): the latest observance begun by then.
      const begun = observances.filter((o) => o.start - o.from * 60_000 <= utc).at(-1);
      return begun ? begun.to : observances[0]!.from;
    },
  };
}
