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

/** TZID as written, without surrounding quotes or spaces. */
export function cleanTzid(tzid: string): string {
  const first = tzid.charCodeAt(0);
  const last = tzid.charCodeAt(tzid.length - 1);
  if (first > 32 && first !== 34 && last > 32 && last !== 34) return tzid;
  return tzid.trim().replace(/^"(.*)"$/, '$1').trim();
}

/** The number written in `text` from `from` for `n` digits, or -1. */
function digits(text: string, from: number, n: number): number {
  let value = 0;
  for (let i = from; i < from + n; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * A DATE (`19970714`) or DATE-TIME (`19970714T133000`, `…Z`, with TZID: zoned), or
 * undefined when the text is neither. Hand-written rather than a regular expression: every
 * DTSTART, DTEND, EXDATE and RECURRENCE-ID of a feed goes through here.
 */
export function parseTime(raw: string, params: Readonly<Record<string, string>> | null): IcsTime | undefined {
  const text = raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32 ? raw.trim() : raw;
  const length = text.length;
  if (length !== 8 && length !== 15 && length !== 16 && length !== 13 && length !== 14) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 4, 2);
  const day = digits(text, 6, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) return undefined;
  const dayMs = daysFromCivil(year, month, day) * DAY_MS;
  if (length === 8) return { wall: dayMs, form: 'date' };
  if ((text.charCodeAt(8) | 32) !== 116) return undefined; // 'T'
  if (params?.['VALUE']?.toUpperCase() === 'DATE') return undefined; // VALUE=DATE with a time
  const withSeconds = length >= 15;
  const utc = length === 16 || length === 14;
  if (utc && (text.charCodeAt(length - 1) | 32) !== 122) return undefined; // 'Z'
  const hour = digits(text, 9, 2);
  const minute = digits(text, 11, 2);
  const second = withSeconds ? digits(text, 13, 2) : 0;
  // Second 60 is a leap second (§3.3.12): read as the last second of the minute.
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return undefined;
  const wall = dayMs + ((hour * 60 + minute) * 60 + Math.min(second, 59)) * 1000;
  if (utc) return { wall, form: 'utc' };
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
