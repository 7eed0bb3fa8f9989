import { describe, expect, it } from 'vitest';
import type { Meeting } from '../../../src/content/briefing-day.ts';
import { findFocusTime } from '../../../src/content/focus-time.ts';
import { zonedInstant } from '../../../src/time/zones.ts';

const AMS = 'Europe/Amsterdam';
const WORK = { start: '09:00', end: '17:00' };

function meeting(date: string, start: string, end: string, zone = AMS, allDay = false): Meeting {
  return { title: 'M', start: zonedInstant(date, start, zone), end: zonedInstant(date, end, zone), allDay, attendeeCount: 0, organizerIsReader: false, needsReply: false };
}

describe('findFocusTime', () => {
  it('offers the whole working day when there are no meetings', () => {
    const slot = findFocusTime([], '2026-03-16', AMS, WORK);
    expect(slot).toEqual({ start: new Date('2026-03-16T08:00:00Z'), end: new Date('2026-03-16T16:00:00Z'), minutes: 480 });
  });

  it('offers nothing when back-to-back meetings fill the day', () => {
    const meetings = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'].map((start, i, all) =>
      meeting('2026-03-16', start, all[i + 1] ?? '17:00'));
    expect(findFocusTime(meetings, '2026-03-16', AMS, WORK)).toBeNull();
  });

  it('offers nothing when the only gaps are shorter than an hour', () => {
    const meetings = [meeting('2026-03-16', '09:30', '12:00'), meeting('2026-03-16', '12:45', '16:15')];
    expect(findFocusTime(meetings, '2026-03-16', AMS, WORK)).toBeNull();
  });

  it('picks the longest gap, the earliest on a tie, and ignores all-day events', () => {
    const meetings = [
      meeting('2026-03-16', '00:00', '00:00', AMS, true),
      meeting('2026-03-16', '11:00', '12:00'),
      meeting('2026-03-16', '10:30', '11:30'), // overlaps the one above
      meeting('2026-03-16', '14:00', '15:30'),
    ];
    // Gaps: 09:00–10:30 (90), 11:30? no: 12:00–14:00 (120), 15:30–17:00 (90).
    const slot = findFocusTime(meetings, '2026-03-16', AMS, WORK);
    expect(slot).toEqual({ start: zonedInstant('2026-03-16', '12:00', AMS), end: zonedInstant('2026-03-16', '14:00', AMS), minutes: 120 });
    const tie = findFocusTime([meeting('2026-03-16', '12:00', '14:00')], '2026-03-16', AMS, WORK);
    expect(tie?.start).toEqual(zonedInstant('2026-03-16', '09:00', AMS));
    expect(tie?.minutes).toBe(180);
  });

  it('counts real minutes on the night of a DST change', () => {
    // 29 March 2026: 02:00 becomes 03:00 in Amsterdam. Night-shift hours 00:00–06:00 are 5 real hours.
    const slot = findFocusTime([], '2026-03-29', AMS, { start: '00:00', end: '06:00' });
    expect(slot).toEqual({ start: new Date('2026-03-28T23:00:00Z'), end: new Date('2026-03-29T04:00:00Z'), minutes: 300 });
    const autumn = findFocusTime([], '2026-10-25', AMS, { start: '00:00', end: '06:00' });
    expect(autumn?.minutes).toBe(420);
  });

  it('places work hours on the local date for a recipient far from UTC', () => {
    const slot = findFocusTime([meeting('2026-03-16', '09:00', '13:00', 'Asia/Kolkata')], '2026-03-16', 'Asia/Kolkata', WORK);
    expect(slot).toEqual({ start: new Date('2026-03-16T07:30:00Z'), end: new Date('2026-03-16T11:30:00Z'), minutes: 240 });
  });
});
