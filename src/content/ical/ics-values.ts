import { DAY_MS, daysFromCivil, monthLength } from './civil.ts';

/**
 * RFC 5545 §3.3 value types. A DATE-TIME is kept as its wall-clock reading plus how to read
 * it: `utc` (…Z), `zoned` (TZID), `floating` (neither: the same clock time wherever the
 * reader is, §3.3.5) or `date` (a DATE, §3.3.4).
 */
export type TimeForm = 'date' | 'utc' | 'zoned' | 'floating';

export interface IcsTime {
  /** The wall-clock reading as milliseconds (see civil.ts). */
  readonly wall: number;
  readonly form: TimeForm;
  readonly tzid?: string;
}

const DATE_TIME_RE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?$/i;

/** TZID as written, without quotes and Mozilla's old "/mozilla.org/…/" prefix. */
export function cleanTzid(tzid: string): string {
  return tzid.trim().replace(/^"(.*)"$/, '$1').trim();
}

export function parseTime(text: string, params: Readonly<Record<string, string>> | null): IcsTime | undefined {
  const m = DATE_TIME_RE.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) return undefined;
  const dayMs = daysFromCivil(year, month, day) * DAY_MS;
  if (m[4] === undefined) return { wall: dayMs, form: 'date' };
  if (params?.['VALUE']?.toUpperCase() === 'DATE') return undefined; // VALUE=DATE with a time
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Second 60 is a leap second (§3.3.12): read as the last second of the minute.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const wall = dayMs + ((hour * 60 + minute) * 60 + Math.min(second, 59)) * 1000;
  if (m[7]) return { wall, form: 'utc' };
  const tzid = params?.['TZID'];
  return tzid ? { wall, form: 'zoned', tzid: cleanTzid(tzid) } : { wall, form: 'floating' };
}

/** A comma-separated list (EXDATE, RDATE); values that cannot be read are dropped. */
export function parseTimes(text: string, params: Readonly<Record<string, string>> | null): IcsTime[] {
  const times: IcsTime[] = [];
  for (const part of text.split(',')) {
    const time = parseTime(part, params);
    if (time) times.push(time);
  }
  return times;
}

/** A nominal part (days, which follow the wall clock across DST) and an exact part (ms). */
export interface IcsDuration {
  readonly days: number;
  readonly ms: number;
}

const DURATION_RE = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

export function parseDuration(text: string): IcsDuration | undefined {
  const m = DURATION_RE.exec(text.trim());
  if (!m || text.trim().toUpperCase().endsWith('T') || !/\d/.test(text)) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const days = (Number(m[2] ?? 0) * 7 + Number(m[3] ?? 0)) * sign;
  const ms = ((Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0)) * 60 + Number(m[6] ?? 0)) * 1000 * sign;
  return { days, ms };
}

/** RFC 5545 §3.3.9 PERIOD: `start/end` or `start/duration`. */
export interface IcsPeriod {
  readonly start: IcsTime;
  readonly end?: IcsTime;
  readonly duration?: IcsDuration;
}

export function parsePeriods(text: string, params: Readonly<Record<string, string>> | null): IcsPeriod[] {
  const periods: IcsPeriod[] = [];
  for (const part of text.split(',')) {
    const [from, to] = part.split('/');
    const start = from === undefined ? undefined : parseTime(from, params);
    if (!start || to === undefined) continue;
    const end = parseTime(to, params);
    if (end) {
      periods.push({ start, end });
      continue;
    }
    const duration = parseDuration(to);
    if (duration) periods.push({ start, duration });
  }
  return periods;
}

/** `+0100`, `-0530`, `+013000` → minutes east of UTC. */
export function parseUtcOffset(text: string): number | undefined {
  const m = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(text.trim());
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60;
  return m[1] === '-' ? -minutes : minutes;
}

/** §3.3.11 TEXT: backslash escapes. */
export function unescapeText(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
