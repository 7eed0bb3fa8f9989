/**
 * RFC 5545 §3.3.10 RECUR values: parsing. Expansion is in rrule-expand.ts.
 */

export const FREQUENCIES = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export const SECONDLY = 0;
export const MINUTELY = 1;
export const HOURLY = 2;
export const DAILY = 3;
export const WEEKLY = 4;
export const MONTHLY = 5;
export const YEARLY = 6;

export interface WeekdayNum {
  /** 0 = Monday … 6 = Sunday. */
  readonly weekday: number;
  /** 0: every such weekday; ±n: the nth from the start or end of the month or year. */
  readonly nth: number;
}

export interface Rule {
  readonly freq: number;
  readonly interval: number;
  readonly count?: number;
  /** UNTIL as written (a DATE, a UTC DATE-TIME, or — against the RFC but in real feeds — a local one). */
  readonly until?: string;
  readonly bySecond?: readonly number[];
  readonly byMinute?: readonly number[];
  readonly byHour?: readonly number[];
  readonly byDay?: readonly WeekdayNum[];
  readonly byMonthDay?: readonly number[];
  readonly byYearDay?: readonly number[];
  readonly byWeekNo?: readonly number[];
  readonly byMonth?: readonly number[];
  readonly bySetPos?: readonly number[];
  /** 0 = Monday (the default) … 6 = Sunday. */
  readonly wkst: number;
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function numbers(text: string, min: number, max: number, allowNegative: boolean): number[] | string {
  const values: number[] = [];
  for (const part of text.split(',')) {
    if (!/^[+-]?\d{1,4}$/.test(part.trim())) return `"${part}" is not a number`;
    const n = Number(part);
    const size = Math.abs(n);
    if (size < min || size > max || (n < 0 && !allowNegative) || (n === 0 && min > 0)) return `${n} is out of range`;
    values.push(n);
  }
  return values;
}

function weekdayNums(text: string): WeekdayNum[] | string {
  const values: WeekdayNum[] = [];
  for (const part of text.split(',')) {
    const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/i.exec(part.trim());
    if (!m) return `"${part}" is not a weekday`;
    const nth = m[1] === undefined ? 0 : Number(m[1]);
    if (nth === 0 && m[1] !== undefined) return '0 is not an ordinal';
    if (Math.abs(nth) > 53) return `${nth} is out of range`;
    values.push({ weekday: WEEKDAYS.indexOf(m[2]!.toUpperCase()), nth });
  }
  return values;
}

/** A RECUR value, or a message naming the part that is wrong (never the value's text). */
export function parseRule(text: string): Rule | string {
  const parts = new Map<string, string>();
  for (const part of text.trim().split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 1) return 'a rule part without "="';
    const key = part.slice(0, eq).toUpperCase();
    if (parts.has(key)) return `${key} given twice`;
    parts.set(key, part.slice(eq + 1));
  }
  const freq = FREQUENCIES.indexOf((parts.get('FREQ') ?? '').toUpperCase() as (typeof FREQUENCIES)[number]);
  if (freq < 0) return parts.has('FREQ') ? 'FREQ is not a known frequency' : 'no FREQ';
  const rscale = parts.get('RSCALE');
  if (rscale !== undefined && rscale.toUpperCase() !== 'GREGORIAN') return 'RSCALE other than GREGORIAN is not supported';

  const rule: { -readonly [K in keyof Rule]: Rule[K] } = { freq, interval: 1, wkst: 0 };
  const lists: Array<[string, keyof Rule, number, number, boolean]> = [
    ['BYSECOND', 'bySecond', 0, 60, false], ['BYMINUTE', 'byMinute', 0, 59, false], ['BYHOUR', 'byHour', 0, 23, false],
    ['BYMONTHDAY', 'byMonthDay', 1, 31, true], ['BYYEARDAY', 'byYearDay', 1, 366, true],
    ['BYWEEKNO', 'byWeekNo', 1, 53, true], ['BYMONTH', 'byMonth', 1, 12, false], ['BYSETPOS', 'bySetPos', 1, 366, true],
  ];
  for (const [key, field, min, max, negative] of lists) {
    const value = parts.get(key);
    if (value === undefined) continue;
    const parsed = numbers(value, min, max, negative);
    if (typeof parsed === 'string') return `${key}: ${parsed}`;
    (rule as Record<string, unknown>)[field] = field === 'bySecond' ? parsed.map((s) => Math.min(s, 59)) : parsed;
  }
  const byDay = parts.get('BYDAY');
  if (byDay !== undefined) {
    const parsed = weekdayNums(byDay);
    if (typeof parsed === 'string') return `BYDAY: ${parsed}`;
    rule.byDay = parsed;
  }
  const interval = parts.get('INTERVAL');
  if (interval !== undefined) {
    if (!/^\d{1,9}$/.test(interval) || Number(interval) < 1) return 'INTERVAL is not a positive number';
    rule.interval = Number(interval);
  }
  const count = parts.get('COUNT');
  if (count !== undefined) {
    if (!/^\d{1,12}$/.test(count) || Number(count) < 1) return 'COUNT is not a positive number';
    rule.count = Number(count);
  }
  const until = parts.get('UNTIL');
  if (until !== undefined) rule.until = until;
  const wkst = parts.get('WKST');
  if (wkst !== undefined) {
    const day = WEEKDAYS.indexOf(wkst.toUpperCase());
    if (day < 0) return 'WKST is not a weekday';
    rule.wkst = day;
  }
  return rule;
}
