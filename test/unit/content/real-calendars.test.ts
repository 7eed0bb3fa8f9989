import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { clock, dayOf, fixturePath, titles } from './calendar-helpers.ts';
import { instancesBetween } from './recurrence-helpers.ts';

/**
 * Calendars exported by real clients (test/fixtures/calendars/README.md says where each file
 * comes from), with what the producing client shows for them: the dates and times below are
 * read from the files by RFC 5545, not from our output.
 */
const between = async (fixture: string, from: string, to: string, zone: string): Promise<string[]> =>
  instancesBetween(await readFile(fixturePath(fixture), 'utf8'), from, to, zone);

describe('Thunderbird: a daily series with one instance moved and one given a location', () => {
  it('shows the moved instance at its new time and the edited one with its location', async () => {
    expect(await between('thunderbird-moved-instances.ics', '2025-04-22', '2025-04-29', 'Europe/London')).toEqual([
      '2025-04-23 09:00', '2025-04-24 11:00', '2025-04-25 09:00', '2025-04-26 09:00', '2025-04-27 09:00',
    ]);
    const friday = await dayOf('thunderbird-moved-instances.ics', '2025-04-25', 'Europe/London');
    expect(friday.meetings.map((m) => m.location)).toEqual(['new place']);
  });
});

describe('Exchange: an all-day weekly series whose instance moved to another day', () => {
  const BERLIN = 'Europe/Berlin';
  it('moves the Thursday of 26 February to Friday 27 February and keeps the others', async () => {
    expect(titles(await dayOf('exchange-all-day-moved.ics', '2026-02-26', BERLIN))).toEqual([]);
    const friday = await dayOf('exchange-all-day-moved.ics', '2026-02-27', BERLIN);
    expect(friday.meetings).toMatchObject([{ title: 'Exchange Recurring Test', allDay: true }]);
    expect(titles(await dayOf('exchange-all-day-moved.ics', '2026-02-24', BERLIN))).toEqual(['Exchange Recurring Test']);
    expect(titles(await dayOf('exchange-all-day-moved.ics', '2026-03-05', BERLIN))).toEqual(['Exchange Recurring Test']);
  });

  it('stops at UNTIL (the last instance is Thursday 13 August)', async () => {
    expect(titles(await dayOf('exchange-all-day-moved.ics', '2026-08-13', BERLIN))).toEqual(['Exchange Recurring Test']);
    expect(titles(await dayOf('exchange-all-day-moved.ics', '2026-08-18', BERLIN))).toEqual([]);
  });
});

describe('Zimbra: one event with two RRULEs (RFC 2445 allowed several)', () => {
  it('shows the union: every Monday from the weekly rule and every Sunday from the monthly one', async () => {
    expect(await between('zimbra-two-rrules.ics', '2012-03-20', '2012-04-10', 'America/Los_Angeles')).toEqual([
      '2012-03-26 11:00', '2012-04-01 11:00', '2012-04-02 11:00', '2012-04-08 11:00', '2012-04-09 11:00',
    ]);
  });

  it('ends both rules at UNTIL (Sunday 29 July is the last)', async () => {
    expect(await between('zimbra-two-rrules.ics', '2012-07-28', '2012-08-06', 'America/Los_Angeles')).toEqual(['2012-07-29 11:00']);
  });
});

describe('Google: an override written before its master', () => {
  it('shows three days with the middle one moved half an hour', async () => {
    expect(await between('google-override-first.ics', '2026-02-09', '2026-02-14', 'America/Denver')).toEqual([
      '2026-02-10 10:00', '2026-02-11 10:30', '2026-02-12 10:00',
    ]);
    const moved = await dayOf('google-override-first.ics', '2026-02-11', 'America/Denver');
    expect(titles(moved)).toEqual(['TEST RECURR 3 - MODIFIED']);
  });
});

describe('Google: the same master twice, only the second copy with an EXDATE', () => {
  const AMS = 'Europe/Amsterdam';
  it('shows each instance once and honours the EXDATE of either copy', async () => {
    const monday = await dayOf('google-duplicate-master.ics', '2026-03-09', AMS);
    expect(titles(monday)).toEqual(['Check-in', 'Weekly written in UTC']);
    expect(titles(await dayOf('google-duplicate-master.ics', '2026-03-11', AMS))).toEqual([]);
    expect(titles(await dayOf('google-duplicate-master.ics', '2026-03-18', AMS))).toEqual(['Check-in']);
  });

  it('reads floating and UTC times in the calendar\'s X-WR-TIMEZONE', async () => {
    // 14:30 floating in an Amsterdam calendar is 14:30 in Amsterdam, 09:30 in New York.
    const ny = await dayOf('google-duplicate-master.ics', '2026-03-10', 'America/New_York');
    expect(ny.meetings.map((m) => clock(m.start, 'America/New_York'))).toEqual(['09:30']);
    // 09:00Z is 10:00 in Amsterdam in winter; the weekly rule keeps 10:00 after 29 March.
    expect(await between('google-duplicate-master.ics', '2026-03-28', '2026-04-07', AMS)).toEqual([
      '2026-03-30 10:00', '2026-04-01 10:00', '2026-04-06 10:00',
    ]);
    const after = await dayOf('google-duplicate-master.ics', '2026-03-30', AMS);
    expect(after.meetings.find((m) => m.title === 'Weekly written in UTC')!.start.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });
});

describe('Apple Calendar: a two-weekly series with an EXDATE and an added RDATE, a multi-day event', () => {
  const AMS = 'Europe/Amsterdam';
  it('shows the series without the excluded Monday and with the added Thursday', async () => {
    expect(await between('apple-calendar.ics', '2026-03-01', '2026-05-01', AMS)
      .then((starts) => starts.filter((s) => !s.endsWith('00:00')))).toEqual([
      '2026-03-02 09:30', '2026-03-03 12:00', '2026-03-19 14:00', '2026-03-30 09:30', '2026-04-13 09:30', '2026-04-27 09:30',
    ]);
    const added = await dayOf('apple-calendar.ics', '2026-03-19', AMS);
    expect(added.meetings.map((m) => [m.title, clock(m.start, AMS), clock(m.end, AMS)])).toEqual([['Design review', '14:00', '14:45']]);
  });

  it('shows a three-day event (DTEND is exclusive) on each of its days, as all-day', async () => {
    for (const date of ['2026-04-06', '2026-04-07', '2026-04-08']) {
      expect((await dayOf('apple-calendar.ics', date, AMS)).meetings).toMatchObject([{ title: 'Conference in Lisbon', allDay: true }]);
    }
    expect(titles(await dayOf('apple-calendar.ics', '2026-04-09', AMS))).toEqual([]);
  });
});

describe('Nextcloud: the last weekday of each month (BYSETPOS=-1), and an all-day instance made timed', () => {
  const BERLIN = 'Europe/Berlin';
  it('shows the last weekday of each month, the EXDATE left out and the April one moved a day earlier', async () => {
    const starts = (await between('nextcloud-calendar.ics', '2026-03-01', '2026-07-31', BERLIN)).filter((s) => !s.endsWith('00:00'));
    expect(starts).toEqual(['2026-03-16 13:00', '2026-03-31 16:00', '2026-04-29 10:00', '2026-06-30 16:00', '2026-07-31 16:00']);
  });

  it('shows the all-day sprint planning as all-day, and its 16 March instance as a timed meeting', async () => {
    expect((await dayOf('nextcloud-calendar.ics', '2026-03-02', BERLIN)).meetings).toMatchObject([{ title: 'Sprint planning day', allDay: true }]);
    const moved = await dayOf('nextcloud-calendar.ics', '2026-03-16', BERLIN);
    expect(moved.meetings.map((m) => [m.title, m.allDay, clock(m.start, BERLIN), clock(m.end, BERLIN)]))
      .toEqual([['Sprint planning (afternoon only)', false, '13:00', '15:00']]);
  });
});

describe('Outlook/Exchange time zones', () => {
  it('reads a Windows zone name (Pacific Standard Time) with US DST dates', async () => {
    // 9 March 2026 is the day after the US change: 09:00 PDT is 16:00 UTC, 17:00 in Amsterdam
    // (Europe changes on 29 March).
    const day = await dayOf('outlook-windows-zones.ics', '2026-03-09', 'Europe/Amsterdam');
    expect(day.meetings.map((m) => [m.title, m.start.toISOString()])).toEqual([['Sync with Seattle', '2026-03-09T16:00:00.000Z']]);
  });

  it('reads a "Customized Time Zone" from its own VTIMEZONE rules', async () => {
    // Its rules are Central European: on 30 March 2026 (after the last Sunday of March) +02:00.
    const day = await dayOf('outlook-windows-zones.ics', '2026-03-30', 'UTC');
    expect(day.meetings.filter((m) => m.title === 'Board call').map((m) => m.start.toISOString())).toEqual(['2026-03-30T13:00:00.000Z']);
  });

  it('reads an old Outlook display name as its zone', async () => {
    const day = await dayOf('outlook-windows-zones.ics', '2026-03-31', 'UTC');
    expect(day.meetings.map((m) => [m.title, m.start.toISOString()])).toEqual([['Old Outlook zone name', '2026-03-31T09:00:00.000Z']]);
  });
});

describe('python recurring-ical-events bug-report calendars', () => {
  it('gives an RDATE;VALUE=PERIOD with a duration its own length', async () => {
    const first = await dayOf('rdate-period-duration.ics', '2024-09-12', 'UTC');
    const second = await dayOf('rdate-period-duration.ics', '2024-09-13', 'UTC');
    expect(first.meetings.map((m) => [clock(m.start, 'UTC'), clock(m.end, 'UTC')])).toEqual([['12:00', '13:00']]);
    expect(second.meetings.map((m) => [clock(m.start, 'UTC'), clock(m.end, 'UTC')])).toEqual([['12:00', '14:00']]);
  });

  it('moves this and every later instance with RANGE=THISANDFUTURE, across the DST change', async () => {
    expect(await between('thisandfuture-berlin.ics', '2026-03-26', '2026-04-03', 'Europe/Berlin')).toEqual([
      '2026-03-27 10:00', '2026-03-30 10:00', '2026-03-31 10:00', '2026-04-01 10:00',
    ]);
  });

  it('reads DTEND before DTSTART the other way round, as that library shows it', async () => {
    const day = await dayOf('swapped-start-end.ics', '2023-12-18', 'Europe/Paris');
    expect(day.meetings.map((m) => [clock(m.start, 'Europe/Paris'), clock(m.end, 'Europe/Paris')])).toEqual([['23:30', '23:45']]);
  });
});
