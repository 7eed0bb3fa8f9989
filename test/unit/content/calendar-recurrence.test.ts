import { describe, expect, it } from 'vitest';
import { clock, dayOf, titles } from './calendar-helpers.ts';

const AMS = 'Europe/Amsterdam';

describe('weekly meeting with an EXDATE, a moved instance and a cancelled instance', () => {
  it('shows the regular instance at 09:00 local with its details', async () => {
    const day = await dayOf('outlook-week.ics', '2026-03-02', AMS);
    expect(day.meetings).toHaveLength(1);
    const [standup] = day.meetings;
    expect(standup).toMatchObject({
      title: 'Team standup',
      allDay: false,
      location: 'Room Turing',
      onlineUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
      organizer: 'Ada Lovelace',
      attendeeCount: 2,
    });
    expect(clock(standup!.start, AMS)).toBe('09:00');
    expect(clock(standup!.end, AMS)).toBe('09:15');
  });

  it('shows nothing on the EXDATE', async () => {
    expect(titles(await dayOf('outlook-week.ics', '2026-03-09', AMS))).toEqual([]);
  });

  it('moves the overridden instance to its new day and time', async () => {
    expect(titles(await dayOf('outlook-week.ics', '2026-03-16', AMS))).toEqual([]);
    const tuesday = await dayOf('outlook-week.ics', '2026-03-17', AMS);
    expect(titles(tuesday)).toEqual(['Team standup (moved)']);
    expect(clock(tuesday.meetings[0]!.start, AMS)).toBe('14:00');
    expect(clock(tuesday.meetings[0]!.end, AMS)).toBe('14:30');
    expect(tuesday.meetings[0]!.location).toBe('Room Hopper');
  });

  it('leaves out an instance cancelled by its override, and keeps the next one', async () => {
    expect(titles(await dayOf('outlook-week.ics', '2026-03-23', AMS))).toEqual([]);
    const next = await dayOf('outlook-week.ics', '2026-03-30', AMS);
    expect(titles(next)).toEqual(['Team standup']);
    // 30 March is after the switch to summer time: still 09:00 on the wall clock.
    expect(clock(next.meetings[0]!.start, AMS)).toBe('09:00');
    expect(next.meetings[0]!.start.toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('leaves out a cancelled event', async () => {
    const monday = await dayOf('outlook-week.ics', '2026-03-16', AMS);
    expect(titles(monday)).not.toContain('Canceled: Retro');
  });

  it('stops at UNTIL', async () => {
    expect(titles(await dayOf('outlook-week.ics', '2026-06-29', AMS))).toEqual(['Team standup']);
    expect(titles(await dayOf('outlook-week.ics', '2026-07-06', AMS))).toEqual([]);
  });
});

describe('all-day events', () => {
  it('shows an all-day event on its date only, as all-day', async () => {
    const friday = await dayOf('outlook-week.ics', '2026-03-20', AMS);
    expect(friday.meetings).toHaveLength(1);
    expect(friday.meetings[0]).toMatchObject({ title: 'Team offsite', allDay: true });
    expect(friday.meetings[0]!.start.toISOString()).toBe('2026-03-19T23:00:00.000Z');
    expect(titles(await dayOf('outlook-week.ics', '2026-03-19', AMS))).toEqual([]);
    expect(titles(await dayOf('outlook-week.ics', '2026-03-21', AMS))).toEqual([]);
  });

  it('keeps the all-day date for a recipient far from the calendar zone', async () => {
    const day = await dayOf('outlook-week.ics', '2026-03-20', 'Pacific/Auckland');
    expect(titles(day)).toEqual(['Team offsite']);
    expect(day.meetings[0]!.allDay).toBe(true);
  });
});

describe('daily 09:00 Europe/Amsterdam meeting across DST changes (Google TZID, no VTIMEZONE)', () => {
  it('is at 09:00 local on the spring-forward day', async () => {
    const day = await dayOf('google-zones.ics', '2026-03-29', AMS);
    const planning = day.meetings.find((meeting) => meeting.title === 'Morning planning')!;
    expect(clock(planning.start, AMS)).toBe('09:00');
    expect(planning.start.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(planning.onlineUrl).toBe('https://meet.google.com/abc-defg-hij');
    expect(planning.location).toBeUndefined();
  });

  it('is at 09:00 local on the fall-back day', async () => {
    const day = await dayOf('google-zones.ics', '2026-10-25', AMS);
    const planning = day.meetings.find((meeting) => meeting.title === 'Morning planning')!;
    expect(clock(planning.start, AMS)).toBe('09:00');
    expect(planning.start.toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('is at the converted time for a New York recipient', async () => {
    // New York moved to summer time on 8 March and moves back on 1 November.
    const spring = await dayOf('google-zones.ics', '2026-03-29', 'America/New_York');
    expect(spring.meetings.map((m) => clock(m.start, 'America/New_York'))).toEqual(['03:00']);
    const autumn = await dayOf('google-zones.ics', '2026-10-25', 'America/New_York');
    expect(autumn.meetings.map((m) => clock(m.start, 'America/New_York'))).toEqual(['04:00']);
  });
});
