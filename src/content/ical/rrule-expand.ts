import { DAY_MS, civilFromDays, daysFromCivil, isLeapYear, monthLength, weekdayOf } from './civil.ts';
import { DAILY, HOURLY, MINUTELY, MONTHLY, WEEKLY, YEARLY, type Rule, type WeekdayNum } from './rrule.ts';
import type { Budget } from './budget.ts';

/**
 * The instances of one RRULE (or EXRULE) in a window of wall-clock time, RFC 5545 §3.3.10
 * and §3.8.5.3, computed the way RFC 5545 describes (and python-dateutil implements): per
 * period of FREQ, the days the BYxxx parts allow, times the times they allow, then BYSETPOS.
 *
 * Cost is bounded by what the window needs, not by the age of the rule: without COUNT the
 * walk starts at the period that holds the window; with COUNT it walks from DTSTART, counting,
 * resumes from a memo of the last walk, and gives up when the Budget runs out. Every step
 * is charged to the Budget, so no rule, however hostile, runs unbounded.
 */

/** A window with more instances than this is not a calendar but an attack: the event is left out. */
export const MAX_WINDOW_INSTANCES = 2000;

/** Times of day one rule may name (BYHOUR × BYMINUTE × BYSECOND): every minute of a day. */
export const MAX_TIMES_PER_DAY = 1440;

export class TooManyInstances extends Error {
  constructor() {
    super('more recurrence instances in one day than a briefing shows');
  }
}

interface Plan {
  readonly rule: Rule;
  readonly start: number;
  readonly startDay: number;
  readonly y0: number;
  readonly m0: number;
  readonly weekStart0: number;
  readonly untilWall: number;
  /** Bit m (1–12) set: month allowed; 0: any. */
  readonly monthMask: number;
  /** Bit w set: that weekday is allowed on every occurrence of it. */
  readonly weekdayMask: number;
  /** The same weekdays of ordinal entries (used as plain weekdays outside MONTHLY/YEARLY). */
  readonly nthWeekdayMask: number;
  readonly nth: readonly WeekdayNum[];
  readonly hasByDay: boolean;
  readonly byMonthDay?: readonly number[];
  readonly byYearDay?: readonly number[];
  readonly byWeekNo?: readonly number[];
  readonly bySetPos?: readonly number[];
  /** FREQ ≥ DAILY: the times of day (ms), ascending. Sub-daily: offsets inside one period. */
  readonly times: readonly number[];
  /** Sub-daily only: allowed hour / minute / second of a period's start (null: any). */
  readonly hours: ReadonlySet<number> | null;
  readonly minutes: ReadonlySet<number> | null;
  readonly seconds: ReadonlySet<number> | null;
}

/** State of a COUNT walk, so the next window (the next recipient, the next day) resumes it. */
export interface CountMemo {
  periodStart: number;
  index: number;
  counted: number;
  startHandled: boolean;
}

const mask = (values: readonly number[] | undefined): number => (values ?? []).reduce((m, v) => m | (1 << v), 0);
const product = (a: readonly number[], b: readonly number[], c: readonly number[]): number[] => {
  const out: number[] = [];
  for (const x of a) for (const y of b) for (const z of c) out.push(x + y + z);
  return out.sort((p, q) => p - q);
};

/**
 * Fixes a rule to its DTSTART: the BYxxx defaults of RFC 5545 (a MONTHLY rule without a day
 * part repeats on DTSTART's day of the month, …) and the time parts. `untilWall` is UNTIL
 * read as a wall-clock time of the series (Infinity when there is none).
 */
export function planRule(rule: Rule, start: number, untilWall: number): Plan {
  const startDay = Math.floor(start / DAY_MS);
  const tod = start - startDay * DAY_MS;
  const { year: y0, month: m0, day: d0 } = civilFromDays(startDay);
  const h0 = Math.floor(tod / 3_600_000);
  const mi0 = Math.floor(tod / 60_000) % 60;
  const s0 = Math.floor(tod / 1000) % 60;
  const noDayPart = !rule.byWeekNo && !rule.byYearDay && !rule.byMonthDay && !rule.byDay;
  let byMonth = rule.byMonth;
  let byMonthDay = rule.byMonthDay;
  let byDay = rule.byDay;
  if (noDayPart && rule.freq === YEARLY) {
    byMonthDay = [d0];
    byMonth ??= [m0];
  } else if (noDayPart && rule.freq === MONTHLY) {
    byMonthDay = [d0];
  } else if (noDayPart && rule.freq === WEEKLY) {
    byDay = [{ weekday: weekdayOf(startDay), nth: 0 }];
  }
  const hoursList = rule.byHour ?? (rule.freq <= HOURLY ? undefined : [h0]);
  const minutesList = rule.byMinute ?? (rule.freq <= MINUTELY ? undefined : [mi0]);
  const secondsList = rule.bySecond ?? (rule.freq === 0 ? undefined : [s0]);
  const asMs = (list: readonly number[] | undefined, unit: number): number[] => (list ?? [0]).map((v) => v * unit);
  const perDay = (hoursList?.length ?? 1) * (minutesList?.length ?? 1) * (secondsList?.length ?? 1);
  // More times a day than a briefing could list would only cost memory (24 × 60 × 60 of them).
  if (perDay > MAX_TIMES_PER_DAY) throw new TooManyInstances();
  let times: number[];
  if (rule.freq >= DAILY) times = product(asMs(hoursList, 3_600_000), asMs(minutesList, 60_000), asMs(secondsList, 1000));
  else if (rule.freq === HOURLY) times = product([0], asMs(minutesList ?? [mi0], 60_000), asMs(secondsList ?? [s0], 1000));
  else if (rule.freq === MINUTELY) times = asMs(secondsList ?? [s0], 1000).sort((a, b) => a - b);
  else times = [0];
  const plain = (byDay ?? []).filter((d) => d.nth === 0).map((d) => d.weekday);
  const nth = (byDay ?? []).filter((d) => d.nth !== 0);
  return {
    rule, start, startDay, y0, m0, untilWall,
    weekStart0: startDay - ((weekdayOf(startDay) - rule.wkst + 7) % 7),
    monthMask: mask(byMonth),
    weekdayMask: mask(plain),
    nthWeekdayMask: mask(nth.map((d) => d.weekday)),
    nth,
    hasByDay: byDay !== undefined,
    ...(byMonthDay && { byMonthDay }),
    ...(rule.byYearDay && { byYearDay: rule.byYearDay }),
    ...(rule.byWeekNo && rule.freq === YEARLY && { byWeekNo: rule.byWeekNo }),
    ...(rule.bySetPos && { bySetPos: rule.bySetPos }),
    times,
    // Sub-daily rules filter by BYHOUR etc. (a limit, §3.3.10's table); their own unit is expanded.
    hours: rule.freq <= HOURLY && rule.byHour ? new Set(rule.byHour) : null,
    minutes: rule.freq <= MINUTELY && rule.byMinute ? new Set(rule.byMinute) : null,
    seconds: rule.freq === 0 && rule.bySecond ? new Set(rule.bySecond) : null,
  };
}

// ---- which days a period allows ------------------------------------------------------------

interface WeekNumber { readonly year: number; readonly week: number }

/** The week (starting on `wkst`) that holds `day`, numbered as RFC 5545 §3.3.10 BYWEEKNO says. */
function weekNumberOf(day: number, wkst: number): WeekNumber {
  const weekStart = day - ((weekdayOf(day) - wkst + 7) % 7);
  // A week belongs to the year that holds at least four of its days: the year of its 4th day.
  const fourth = weekStart + 3;
  const year = civilFromDays(fourth).year;
  return { year, week: Math.floor((fourth - daysFromCivil(year, 1, 1)) / 7) + 1 };
}

function weeksInYear(year: number, wkst: number): number {
  const last = weekNumberOf(daysFromCivil(year, 12, 31), wkst);
  return last.year === year ? last.week : weekNumberOf(daysFromCivil(year, 12, 24), wkst).week;
}

const matchesIndex = (list: readonly number[], value: number, size: number): boolean => {
  for (const n of list) if (n > 0 ? n === value : size + 1 + n === value) return true;
  return false;
};

function dayAllowed(plan: Plan, day: number, ordinals: 'year' | 'month' | 'none'): boolean {
  const { year, month, day: dom } = civilFromDays(day);
  if (plan.monthMask && !(plan.monthMask & (1 << month))) return false;
  const mLen = monthLength(year, month);
  if (plan.byMonthDay && !matchesIndex(plan.byMonthDay, dom, mLen)) return false;
  const yearLen = isLeapYear(year) ? 366 : 365;
  const needDoy = plan.byYearDay || (plan.nth.length > 0 && ordinals === 'year');
  const doy = needDoy ? day - daysFromCivil(year, 1, 1) + 1 : 0;
  if (plan.byYearDay && !matchesIndex(plan.byYearDay, doy, yearLen)) return false;
  if (plan.byWeekNo) {
    const { year: weekYear, week } = weekNumberOf(day, plan.rule.wkst);
    if (!matchesIndex(plan.byWeekNo, week, weeksInYear(weekYear, plan.rule.wkst))) return false;
  }
  if (!plan.hasByDay) return true;
  const weekday = weekdayOf(day);
  if (plan.weekdayMask & (1 << weekday)) return true;
  if (!(plan.nthWeekdayMask & (1 << weekday))) return false;
  if (ordinals === 'none') return true;
  const [index, size] = ordinals === 'year' ? [doy, yearLen] : [dom, mLen];
  const fromStart = Math.floor((index - 1) / 7) + 1;
  const fromEnd = -(Math.floor((size - index) / 7) + 1);
  return plan.nth.some((d) => d.weekday === weekday && (d.nth === fromStart || d.nth === fromEnd));
}

function periodDays(plan: Plan, index: number, budget: Budget): number[] {
  const days: number[] = [];
  const take = (first: number, last: number, ordinals: 'year' | 'month' | 'none'): void => {
    budget.spend(last - first + 1);
    for (let d = first; d <= last; d += 1) if (dayAllowed(plan, d, ordinals)) days.push(d);
  };
  switch (plan.rule.freq) {
    case YEARLY: {
      const year = plan.y0 + index;
      const ordinals = plan.monthMask ? 'month' : 'year';
      if (plan.monthMask && !plan.byWeekNo) {
        for (let m = 1; m <= 12; m += 1) {
          if (plan.monthMask & (1 << m)) take(daysFromCivil(year, m, 1), daysFromCivil(year, m, monthLength(year, m)), ordinals);
        }
      } else {
        take(daysFromCivil(year, 1, 1), daysFromCivil(year, 12, 31), ordinals);
      }
      break;
    }
    case MONTHLY: {
      const months = plan.y0 * 12 + plan.m0 - 1 + index;
      const year = Math.floor(months / 12);
      const month = (months % 12) + 1;
      if (plan.monthMask && !(plan.monthMask & (1 << month))) break;
      take(daysFromCivil(year, month, 1), daysFromCivil(year, month, monthLength(year, month)), 'month');
      break;
    }
    case WEEKLY: {
      const first = plan.weekStart0 + index * 7;
      take(first, first + 6, 'none');
      break;
    }
    default:
      take(plan.startDay + index, plan.startDay + index, 'none');
  }
  return days;
}

function periodStartWall(plan: Plan, index: number): number {
  switch (plan.rule.freq) {
    case YEARLY: return daysFromCivil(plan.y0 + index, 1, 1) * DAY_MS;
    case MONTHLY: {
      const months = plan.y0 * 12 + plan.m0 - 1 + index;
      return daysFromCivil(Math.floor(months / 12), (months % 12) + 1, 1) * DAY_MS;
    }
    case WEEKLY: return (plan.weekStart0 + index * 7) * DAY_MS;
    default: return (plan.startDay + index) * DAY_MS;
  }
}

/** The first period index (a multiple of INTERVAL) whose period can hold `wall`. */
function indexAt(plan: Plan, wall: number): number {
  const day = Math.floor(wall / DAY_MS);
  let raw: number;
  switch (plan.rule.freq) {
    case YEARLY: raw = civilFromDays(day).year - plan.y0; break;
    case MONTHLY: {
      const { year, month } = civilFromDays(day);
      raw = year * 12 + month - (plan.y0 * 12 + plan.m0);
      break;
    }
    case WEEKLY: raw = Math.floor((day - plan.weekStart0) / 7); break;
    default: raw = day - plan.startDay;
  }
  const interval = plan.rule.interval;
  return Math.max(0, Math.floor(raw / interval) * interval);
}

function setPositions(size: number, positions: readonly number[]): number[] {
  const picked = new Set<number>();
  for (const p of positions) {
    const i = p > 0 ? p - 1 : size + p;
    if (i >= 0 && i < size) picked.add(i);
  }
  return [...picked].sort((a, b) => a - b);
}

// ---- the walk ------------------------------------------------------------------------------

/** Collects instances in order, applying DTSTART, UNTIL, COUNT and the window. */
class Collector {
  readonly found: number[] = [];
  counted: number;
  startHandled: boolean;
  done = false;

  constructor(private readonly plan: Plan, private readonly from: number, private readonly to: number, memo: CountMemo | null) {
    this.counted = memo?.counted ?? 0;
    this.startHandled = memo?.startHandled ?? false;
  }

  /** One candidate, in ascending order. */
  offer(wall: number): void {
    const { plan } = this;
    if (wall < plan.start) return;
    if (wall > plan.untilWall || wall > this.to) {
      this.done = true;
      return;
    }
    const count = plan.rule.count;
    if (count !== undefined) {
      // "The DTSTART property value always counts as the first occurrence" (§3.8.5.3).
      if (!this.startHandled) {
        this.startHandled = true;
        if (wall !== plan.start) this.counted += 1;
      }
      if (this.counted >= count) {
        this.done = true;
        return;
      }
      this.counted += 1;
    }
    if (wall >= this.from) {
      this.found.push(wall);
      if (this.found.length > MAX_WINDOW_INSTANCES) throw new TooManyInstances();
    }
  }
}

/**
 * Wall times of the rule's instances from `from` to `to` (both included), ascending.
 * DTSTART itself is not added here unless the rule produces it (the caller adds it to the set).
 */
export function expandRule(plan: Plan, from: number, to: number, budget: Budget, memo?: CountMemo): number[] {
  const counting = plan.rule.count !== undefined;
  const resume = counting && memo && memo.periodStart <= from ? memo : null;
  const out = new Collector(plan, from, to, resume);
  if (plan.rule.freq < DAILY) {
    expandSubDaily(plan, from, to, budget, out, counting, memo, resume);
    return out.found;
  }
  const interval = plan.rule.interval;
  let index = resume ? resume.index : counting ? 0 : indexAt(plan, Math.max(from, plan.start));
  const times = plan.times;
  const firstTime = times[0]!;
  const lastTime = times[times.length - 1]!;
  const uniform = counting ? instancesPerPeriod(plan) : 0;
  for (; !out.done; index += interval) {
    if (uniform > 0 && index > 0 && out.startHandled) {
      // Every period gives the same number of instances: skip whole periods before the
      // window by arithmetic (a daily COUNT rule from 1900 is 46,000 periods).
      const skip = Math.min(Math.floor((indexAt(plan, from) - index) / interval) - 1,
        Math.floor((plan.rule.count! - out.counted - 1) / uniform));
      if (skip > 0 && periodStartWall(plan, index + skip * interval) <= plan.untilWall) {
        index += skip * interval;
        out.counted += skip * uniform;
      }
    }
    const periodStart = periodStartWall(plan, index);
    if (periodStart > to || periodStart > plan.untilWall) break;
    if (memo && counting && periodStart <= from) {
      Object.assign(memo, { periodStart, index, counted: out.counted, startHandled: out.startHandled });
    }
    budget.spend(1);
    const days = periodDays(plan, index, budget);
    if (days.length === 0) continue;
    if (plan.bySetPos) {
      const size = days.length * times.length;
      for (const i of setPositions(size, plan.bySetPos)) {
        out.offer(days[Math.floor(i / times.length)]! * DAY_MS + times[i % times.length]!);
        if (out.done) break;
      }
      continue;
    }
    for (const day of days) {
      const base = day * DAY_MS;
      if (base + lastTime < plan.start) continue;
      if (counting && base + lastTime < from && base + firstTime > plan.start) {
        // A whole day before the window: count it without looking at each time.
        budget.spend(1);
        if (!out.startHandled) {
          out.startHandled = true;
          out.counted += 1; // DTSTART came before, on a day the rule did not produce
        }
        if (base + lastTime > plan.untilWall) {
          for (const t of times) out.offer(base + t);
        } else if (out.counted + times.length >= plan.rule.count!) {
          for (const t of times) out.offer(base + t);
        } else {
          out.counted += times.length;
        }
        if (out.done) break;
        continue;
      }
      budget.spend(times.length);
      for (const t of times) {
        out.offer(base + t);
        if (out.done) break;
      }
      if (out.done) break;
    }
  }
  return out.found;
}

/**
 * Instances in every period when that number never changes (DAILY or WEEKLY with at most
 * plain weekdays, no month or day-of-month limits, no BYSETPOS), else 0.
 */
function instancesPerPeriod(plan: Plan): number {
  if (plan.monthMask || plan.byMonthDay || plan.byYearDay || plan.byWeekNo || plan.bySetPos || plan.nth.length > 0) return 0;
  if (plan.rule.freq === DAILY) return plan.hasByDay ? 0 : plan.times.length;
  if (plan.rule.freq !== WEEKLY) return 0;
  let weekdays = 0;
  for (let w = 0; w < 7; w += 1) if (plan.weekdayMask & (1 << w)) weekdays += 1;
  return weekdays * plan.times.length;
}

const UNIT_MS = [1000, 60_000, 3_600_000];

function expandSubDaily(
  plan: Plan, from: number, to: number, budget: Budget, out: Collector,
  counting: boolean, memo: CountMemo | undefined, resume: CountMemo | null,
): void {
  const unit = UNIT_MS[plan.rule.freq]!;
  const interval = plan.rule.interval;
  const startUnit = Math.floor(plan.start / unit);
  let day = resume ? resume.index : counting ? plan.startDay : Math.max(plan.startDay, Math.floor(from / DAY_MS));
  for (; !out.done; day += 1) {
    const dayStart = day * DAY_MS;
    if (dayStart > to || dayStart > plan.untilWall) break;
    if (memo && counting && dayStart <= from) {
      Object.assign(memo, { periodStart: dayStart, index: day, counted: out.counted, startHandled: out.startHandled });
    }
    budget.spend(1);
    if (!dayAllowed(plan, day, 'none')) continue;
    const firstUnit = dayStart / unit;
    const lastUnit = firstUnit + DAY_MS / unit - 1;
    const offset = (((startUnit - firstUnit) % interval) + interval) % interval;
    for (let u = firstUnit + offset; u <= lastUnit && !out.done; u += interval) {
      budget.spend(1);
      const wall = u * unit;
      const inDay = wall - dayStart;
      if (plan.hours && !plan.hours.has(Math.floor(inDay / 3_600_000))) continue;
      if (plan.minutes && !plan.minutes.has(Math.floor(inDay / 60_000) % 60)) continue;
      if (plan.seconds && !plan.seconds.has(Math.floor(inDay / 1000) % 60)) continue;
      const offsets = plan.bySetPos ? setPositions(plan.times.length, plan.bySetPos).map((i) => plan.times[i]!) : plan.times;
      budget.spend(offsets.length);
      for (const t of offsets) {
        out.offer(wall + t);
        if (out.done) break;
      }
    }
  }
}
