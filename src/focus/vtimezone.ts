import { DateTime } from 'luxon';

const DAY_MS = 86_400_000;

/** One change of UTC offset: at `at`, the zone goes from `from` to `to` minutes east of UTC. */
interface Transition {
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

const offsetAt = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).offset;

/** Every offset change in [from, to), found day by day, then to the minute by halving. */
function transitions(zone: string, from: number, to: number): Transition[] {
  const found: Transition[] = [];
  let before = offsetAt(from, zone);
  for (let day = from; day < to; day += DAY_MS) {
    const next = Math.min(day + DAY_MS, to);
    const after = offsetAt(next, zone);
    if (after === before) continue;
    let lo = day;
    let hi = next;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(mid, zone) === before) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, from: before, to: after });
    before = after;
  }
  return found;
}

/** "+0100" for 60 minutes east of UTC. */
function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** A local date-time as iCalendar writes it (19700101T000000), from an instant and an offset. */
function localStamp(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

/**
 * A VTIMEZONE for an IANA zone, valid for a year either side of `around` (RFC 5545 §3.6.5):
 * one STANDARD or DAYLIGHT observance per offset change in that window, each with its onset
 * in the local time before the change (as the RFC defines DTSTART there), and one observance
 * from 1970 for the offset in force before the window. Written from the zone data rather
 * than with RRULEs, so it is right for zones whose rules changed. A calendar client that
 * knows the zone by its TZID may use its own data instead; both agree on the instants.
 */
export function vtimezone(zone: string, around: Date): string[] {
  const from = around.getTime() - 366 * DAY_MS;
  const to = around.getTime() + 366 * DAY_MS;
  const initial = offsetAt(from, zone);
  const changes = transitions(zone, from, to);
  const standardOffset = Math.min(initial, ...changes.map((c) => c.to));
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', start: string, fromOffset: number, toOffset: number, at: number) => [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    `TZOFFSETFROM:${utcOffset(fromOffset)}`,
    `TZOFFSETTO:${utcOffset(toOffset)}`,
    `TZNAME:${DateTime.fromMillis(at, { zone }).offsetNameShort ?? utcOffset(toOffset)}`,
    `END:${kind}`,
  ];
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  lines.push(...observance(initial > standardOffset ? 'DAYLIGHT' : 'STANDARD', '19700101T000000', initial, initial, from));
  for (const c of changes) {
    lines.push(...observance(c.to > standardOffset ? 'DAYLIGHT' : 'STANDARD', localStamp(c.at, c.from), c.from, c.to, c.at));
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
