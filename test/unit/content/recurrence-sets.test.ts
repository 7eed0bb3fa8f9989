import { describe, expect, it } from 'vitest';
import { calendarDay, parseCalendar } from '../../../src/content/calendar.ts';
import { clock } from './calendar-helpers.ts';
import { instancesBetween, oneEvent } from './recurrence-helpers.ts';

/**
 * The rest of RFC 5545 §3.8.5 (RDATE, EXDATE, EXRULE) and §3.3.6 (DURATION), each case
 * written here from the RFC's text; the expected dates are the RFC's reading of the lines.
 */
const AMS = 'Europe/Amsterdam';

describe('RDATE (§3.8.5.2)', () => {
  it('shows an event made only of RDATEs on each of them, in every value form', async () => {
    const ics = oneEvent([
      'DTSTART;TZID=Europe/Amsterdam:20260302T090000', 'DTEND;TZID=Europe/Amsterdam:20260302T100000',
      'RDATE;TZID=Europe/Amsterdam:20260304T090000,20260305T140000',
      'RDATE:20260306T080000Z',
      'RDATE;VALUE=PERIOD:20260309T120000Z/20260309T150000Z',
      'RDATE;VALUE=PERIOD:20260310T120000Z/PT30M',
    ]);
    expect(await instancesBetween(ics, '2026-03-01', '2026-03-12', AMS)).toEqual([
      '2026-03-02 09:00', '2026-03-04 09:00', '2026-03-05 14:00', '2026-03-06 09:00', '2026-03-09 13:00', '2026-03-10 13:00',
    ]);
    const calendar = await parseCalendar(ics, '/test/rdate.ics');
    const periodEnd = calendarDay(calendar, '2026-03-09', AMS).meetings[0]!;
    expect(clock(periodEnd.end, AMS)).toBe('16:00');
    const duration = calendarDay(calendar, '2026-03-10', AMS).meetings[0]!;
    expect(clock(duration.end, AMS)).toBe('13:30');
  });

  it('adds DATE RDATEs to an all-day series', async () => {
    const ics = oneEvent(['DTSTART;VALUE=DATE:20260302', 'RDATE;VALUE=DATE:20260320,20260401']);
    expect(await instancesBetween(ics, '2026-03-01', '2026-04-30', AMS)).toEqual(['2026-03-02 00:00', '2026-03-20 00:00', '2026-04-01 00:00']);
  });

  it('adds an RDATE to an RRULE and lets an EXDATE remove an RDATE', async () => {
    const ics = oneEvent([
      'DTSTART;TZID=Europe/Amsterdam:20260302T090000', 'DURATION:PT30M', 'RRULE:FREQ=WEEKLY;COUNT=3',
      'RDATE;TZID=Europe/Amsterdam:20260303T150000,20260304T150000', 'EXDATE;TZID=Europe/Amsterdam:20260304T150000',
    ]);
    expect(await instancesBetween(ics, '2026-03-01', '2026-03-31', AMS)).toEqual([
      '2026-03-02 09:00', '2026-03-03 15:00', '2026-03-09 09:00', '2026-03-16 09:00',
    ]);
  });
});

describe('EXDATE and EXRULE', () => {
  it('removes a DATE-valued EXDATE from a timed daily rule (ical.js samples/rdate_exdate.ics)', async () => {
    const ics = oneEvent(['DTSTART:20240609T030000Z', 'RRULE:FREQ=DAILY;INTERVAL=1;COUNT=4', 'EXDATE;VALUE=DATE:20240611']);
    expect(await instancesBetween(ics, '2024-06-08', '2024-06-14', 'UTC')).toEqual(['2024-06-09 03:00', '2024-06-10 03:00', '2024-06-12 03:00']);
  });

  it('removes an EXDATE written in UTC from a series in a zone, and every EXDATE of a list', async () => {
    const ics = oneEvent([
      'DTSTART;TZID=Europe/Amsterdam:20260302T090000', 'RRULE:FREQ=DAILY;COUNT=5',
      'EXDATE:20260303T080000Z', 'EXDATE;TZID=Europe/Amsterdam:20260305T090000,20260306T090000',
    ]);
    expect(await instancesBetween(ics, '2026-03-01', '2026-03-10', AMS)).toEqual(['2026-03-02 09:00', '2026-03-04 09:00']);
  });

  it('removes what an EXRULE (RFC 2445) matches', async () => {
    const ics = oneEvent(['DTSTART;TZID=Europe/Amsterdam:20260302T090000', 'RRULE:FREQ=DAILY;COUNT=10', 'EXRULE:FREQ=WEEKLY;BYDAY=SA,SU']);
    expect(await instancesBetween(ics, '2026-03-01', '2026-03-15', AMS)).toEqual([
      '2026-03-02 09:00', '2026-03-03 09:00', '2026-03-04 09:00', '2026-03-05 09:00', '2026-03-06 09:00',
      '2026-03-09 09:00', '2026-03-10 09:00', '2026-03-11 09:00',
    ]);
  });
});

describe('COUNT and UNTIL as feeds write them', () => {
  it('counts a DTSTART the rule does not produce as the first instance (§3.8.5.3)', async () => {
    // DTSTART is a Wednesday; the rule gives Mondays: Wednesday plus two Mondays make three.
    const ics = oneEvent(['DTSTART;TZID=Europe/Amsterdam:20260304T090000', 'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3']);
    expect(await instancesBetween(ics, '2026-03-01', '2026-03-31', AMS)).toEqual(['2026-03-04 09:00', '2026-03-09 09:00', '2026-03-16 09:00']);
  });

  it('includes the whole day of a DATE UNTIL on a timed series', async () => {
    const ics = oneEvent(['DTSTART;TZID=Europe/Amsterdam:20260302T170000', 'RRULE:FREQ=DAILY;UNTIL=20260304']);
    expect(await instancesBetween(ics, '2026-03-01', '2026-03-10', AMS)).toEqual(['2026-03-02 17:00', '2026-03-03 17:00', '2026-03-04 17:00']);
  });

  it('finds today in a daily rule with a COUNT of a billion that began in 1900', async () => {
    const ics = oneEvent(['DTSTART;TZID=Europe/Amsterdam:19000101T090000', 'DURATION:PT15M', 'RRULE:FREQ=DAILY;COUNT=1000000000']);
    expect(await instancesBetween(ics, '2026-11-24', '2026-11-25', AMS)).toEqual(['2026-11-24 09:00', '2026-11-25 09:00']);
  });
});

describe('DURATION (§3.3.6): days follow the wall clock, hours are exact', () => {
  it('ends a P1D event at the same clock time on the DST day, and a PT24H one an hour later', async () => {
    const calendar = await parseCalendar([
      'BEGIN:VCALENDAR', 'VERSION:2.0',
      'BEGIN:VEVENT', 'UID:nominal', 'DTSTART;TZID=Europe/Amsterdam:20260328T100000', 'DURATION:P1D', 'SUMMARY:P1D', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:exact', 'DTSTART;TZID=Europe/Amsterdam:20260328T100000', 'DURATION:PT24H', 'SUMMARY:PT24H', 'END:VEVENT',
      'END:VCALENDAR'].join('\r\n'), '/test/duration.ics');
    const sunday = calendarDay(calendar, '2026-03-29', AMS);
    expect(sunday.meetings.map((m) => [m.title, clock(m.end, AMS)])).toEqual([['P1D', '10:00'], ['PT24H', '11:00']]);
  });
});
