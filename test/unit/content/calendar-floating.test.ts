import { describe, expect, it } from 'vitest';
import { clock, dayOf } from './calendar-helpers.ts';

describe('floating times (no TZID, no Z) are wall-clock times wherever the reader is', () => {
  it.each(['Europe/Amsterdam', 'Asia/Kolkata', 'America/New_York'])('shows a 12:30 lunch at 12:30 in %s', async (zone) => {
    const day = await dayOf('floating-and-overnight.ics', '2026-03-16', zone);
    const lunch = day.meetings.find((meeting) => meeting.title === 'Lunch (floating time)')!;
    expect(clock(lunch.start, zone)).toBe('12:30');
    expect(clock(lunch.end, zone)).toBe('13:30');
  });

  it('keeps a floating weekly 07:00 at 07:00 after the DST change', async () => {
    for (const date of ['2026-03-23', '2026-03-30']) {
      const day = await dayOf('floating-and-overnight.ics', date, 'Europe/Amsterdam');
      const gym = day.meetings.filter((meeting) => meeting.title === 'Gym (floating, weekly)');
      expect(gym.map((meeting) => clock(meeting.start, 'Europe/Amsterdam'))).toEqual(['07:00']);
    }
  });
});

describe('a recurring meeting that runs past midnight', () => {
  it('shows on both the day it starts and the day it ends', async () => {
    const sunday = await dayOf('floating-and-overnight.ics', '2026-03-15', 'Europe/Amsterdam');
    const monday = await dayOf('floating-and-overnight.ics', '2026-03-16', 'Europe/Amsterdam');
    const tuesday = await dayOf('floating-and-overnight.ics', '2026-03-17', 'Europe/Amsterdam');
    const pick = (day: typeof sunday) => day.meetings.filter((meeting) => meeting.title === 'Overnight maintenance');
    expect(pick(sunday).map((meeting) => clock(meeting.start, 'Europe/Amsterdam'))).toEqual(['23:00']);
    expect(pick(monday).map((meeting) => clock(meeting.end, 'Europe/Amsterdam'))).toEqual(['01:30']);
    expect(pick(tuesday)).toEqual([]);
  });
});
