import fc from 'fast-check';
import type { VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { calendarDay, parseCalendar, type ParsedCalendar } from '../../../src/content/calendar.ts';
import { simpleBetween } from '../../../src/content/simple-recurrence.ts';
import { addDays } from '../../../src/time/zones.ts';

// The fast path must give exactly what rrule-temporal gives. Dates cluster around the DST
// changes of 2026 (New York 8 Mar / 1 Nov, Europe 29 Mar / 25 Oct, Auckland 5 Apr / 27 Sep)
// so the look-back and the fall-back to the library are exercised, not just quiet weeks.
const ZONES = ['Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];
const RECIPIENT_ZONES = [...ZONES, 'UTC', 'Asia/Tokyo'];
const PIVOTS = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-27', '2026-10-25', '2026-11-01', '2026-07-01'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

const compact = (date: string): string => date.replaceAll('-', '');
const pad = (n: number): string => String(n).padStart(2, '0');

const seriesArb = fc.record({
  form: fc.constantFrom('tzid', 'tzid', 'tzid', 'utc', 'floating'),
  zone: fc.constantFrom(...ZONES),
  pivot: fc.constantFrom(...PIVOTS),
  startOffset: fc.integer({ min: -120, max: 10 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.constantFrom(0, 15, 30, 45),
  durationMin: fc.constantFrom(0, 15, 30, 60, 90, 600, 1500),
  freq: fc.constantFrom('DAILY', 'WEEKLY'),
  interval: fc.constantFrom(1, 1, 2, 3),
  byDay: fc.subarray(DAYS, { maxLength: 5 }),
  wkst: fc.option(fc.constantFrom('MO', 'SU', 'WE'), { nil: undefined }),
  untilDays: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
  count: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  exdates: fc.array(fc.integer({ min: 0, max: 160 }), { maxLength: 3 }),
  overrides: fc.array(fc.record({ at: fc.integer({ min: 0, max: 160 }), shiftMin: fc.integer({ min: -600, max: 2000 }) }), { maxLength: 2 }),
});
type Series = typeof seriesArb extends fc.Arbitrary<infer T> ? T : never;

function stamp(s: Series, date: string, hour: number, minute: number): string {
  const value = `${compact(date)}T${pad(hour)}${pad(minute)}00`;
  if (s.form === 'utc') return `:${value}Z`;
  if (s.form === 'floating') return `:${value}`;
  return `;TZID=${s.zone}:${value}`;
}

function ics(series: readonly Series[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN'];
  series.forEach((s, i) => {
    const start = addDays(s.pivot, s.startOffset);
    const endMinutes = s.hour * 60 + s.minute + s.durationMin;
    const endDate = addDays(start, Math.floor(endMinutes / 1440));
    const rule = [`FREQ=${s.freq}`, ...(s.interval > 1 ? [`INTERVAL=${s.interval}`] : []),
      ...(s.byDay.length ? [`BYDAY=${s.byDay.join(',')}`] : []), ...(s.wkst ? [`WKST=${s.wkst}`] : []),
      ...(s.untilDays !== undefined ? [`UNTIL=${compact(addDays(start, s.untilDays))}T120000Z`] : []),
      ...(s.count !== undefined && s.untilDays === undefined ? [`COUNT=${s.count}`] : [])].join(';');
    const uid = `s${i}@test`;
    lines.push('BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', `DTSTART${stamp(s, start, s.hour, s.minute)}`,
      `DTEND${stamp(s, endDate, Math.floor(endMinutes / 60) % 24, endMinutes % 60)}`, `RRULE:${rule}`, `SUMMARY:Series ${i}`);
    for (const ex of s.exdates) lines.push(`EXDATE${stamp(s, addDays(start, ex), s.hour, s.minute)}`);
    lines.push('END:VEVENT');
    for (const o of s.overrides) {
      const original = addDays(start, o.at);
      const moved = s.hour * 60 + s.minute + o.shiftMin;
      const movedDate = addDays(original, Math.floor(moved / 1440));
      const m = ((moved % 1440) + 1440) % 1440;
      lines.push('BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', `RECURRENCE-ID${stamp(s, original, s.hour, s.minute)}`,
        `DTSTART${stamp(s, movedDate, Math.floor(m / 60), m % 60)}`, `SUMMARY:Series ${i} moved`, 'END:VEVENT');
    }
  });
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

/** The same calendar with every rule hidden behind a plain `between`: only the library path. */
function libraryOnly(calendar: ParsedCalendar): ParsedCalendar {
  const events = calendar.events.map((event) => {
    if (!event.rrule) return event;
    const rrule = event.rrule;
    return { ...event, rrule: { between: (a: Date, b: Date, inc: boolean) => rrule.between(a, b, inc) } } as unknown as VEvent;
  });
  return { events, todos: calendar.todos };
}

describe('simple recurrence fast path', () => {
  it('gives exactly the instances rrule-temporal gives, over generated rules, zones and windows', async () => {
    let taken = 0;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(seriesArb, fc.integer({ min: -40, max: 40 }), fc.integer({ min: 0, max: 30 }), async (s, dayOffset, hours) => {
        const calendar = await parseCalendar(ics([s]), '/test/generated.ics');
        const event = calendar.events[0]!;
        const from = new Date(`${addDays(s.pivot, dayOffset)}T00:00:00Z`);
        from.setUTCMinutes(s.minute * 7); // windows that do not start on the hour
        const to = new Date(from.getTime() + hours * 3_600_000);
        const fast = simpleBetween(event, from, to);
        compared += 1;
        if (fast === undefined) return;
        taken += 1;
        expect(fast.map((d) => d.toISOString())).toEqual(event.rrule!.between(from, to, true).map((d) => d.toISOString()));
      }),
      { numRuns: 400 },
    );
    // About a third of the generated cases take the fast path (COUNT, DAILY;INTERVAL>1 with
    // BYDAY and DST weeks go to the library): enough that the comparison means something.
    expect(taken).toBeGreaterThan(compared / 6);
  });

  it('leaves the day unchanged: meetings with EXDATEs and moved instances are the same as through the library', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(seriesArb, { minLength: 1, maxLength: 4 }), fc.constantFrom(...PIVOTS),
        fc.integer({ min: -30, max: 60 }), fc.constantFrom(...RECIPIENT_ZONES), async (series, pivot, offset, zone) => {
          const calendar = await parseCalendar(ics(series), '/test/generated.ics');
          const date = addDays(pivot, offset);
          expect(calendarDay(calendar, date, zone)).toEqual(calendarDay(libraryOnly(calendar), date, zone));
        }),
      { numRuns: 200 },
    );
  });

  it('hands rules it does not understand to the library', async () => {
    const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:m@test', 'DTSTAMP:20260101T000000Z',
      'DTSTART;TZID=Europe/Amsterdam:20260105T090000', 'RRULE:FREQ=MONTHLY;BYDAY=1MO', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:c@test', 'DTSTAMP:20260101T000000Z',
      'DTSTART;TZID=Europe/Amsterdam:20260105T090000', 'RRULE:FREQ=WEEKLY;COUNT=3', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const calendar = await parseCalendar(text, '/test/monthly.ics');
    for (const event of calendar.events) {
      expect(simpleBetween(event, new Date('2026-02-01T00:00:00Z'), new Date('2026-02-03T00:00:00Z'))).toBeUndefined();
    }
    expect(calendarDay(calendar, '2026-02-02', 'Europe/Amsterdam').meetings).toHaveLength(1);
  });
});
