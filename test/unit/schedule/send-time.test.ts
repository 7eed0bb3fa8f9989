import { describe, expect, it } from 'vitest';
import { nextSends, sendInstant } from '../../../src/schedule/send-time.ts';
import { dueSends } from '../../../src/schedule/due-groups.ts';
import { WEEKDAYS } from '../../../src/time/zones.ts';

const EVERY_DAY = [...WEEKDAYS];
const MON_FRI = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const iso = (d: Date) => d.toISOString();

describe('send instants around DST changes (2026)', () => {
  it.each([
    // zone, date, sendAt, expected UTC instant, why
    ['Europe/Amsterdam', '2026-03-28', '07:30', '2026-03-28T06:30:00.000Z', 'CET the day before spring forward'],
    ['Europe/Amsterdam', '2026-03-29', '07:30', '2026-03-29T05:30:00.000Z', 'CEST on the day of the change'],
    ['Europe/Amsterdam', '2026-03-29', '02:30', '2026-03-29T01:00:00.000Z', 'a time in the gap goes at 03:00, the first valid minute'],
    ['Europe/Amsterdam', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z', 'a time that happens twice goes at its first occurrence (CEST)'],
    ['Europe/Amsterdam', '2026-10-26', '07:30', '2026-10-26T06:30:00.000Z', 'back to CET'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:00:00.000Z', 'gap: 03:00 EDT'],
    ['America/New_York', '2026-03-09', '07:30', '2026-03-09T11:30:00.000Z', 'EDT'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', 'overlap: first occurrence, EDT'],
    ['America/New_York', '2026-11-02', '07:30', '2026-11-02T12:30:00.000Z', 'EST'],
    ['Asia/Kolkata', '2026-03-29', '07:30', '2026-03-29T02:00:00.000Z', '+05:30, no DST'],
    ['Asia/Kolkata', '2026-10-25', '07:30', '2026-10-25T02:00:00.000Z', '+05:30, no DST'],
    ['Pacific/Auckland', '2026-04-05', '02:30', '2026-04-04T13:30:00.000Z', 'overlap in April: first occurrence, NZDT'],
    ['Pacific/Auckland', '2026-04-06', '07:30', '2026-04-05T19:30:00.000Z', 'NZST after the April change'],
    ['Pacific/Auckland', '2026-09-27', '02:30', '2026-09-26T14:00:00.000Z', 'gap in September: 03:00 NZDT'],
    ['Pacific/Auckland', '2026-09-28', '07:30', '2026-09-27T18:30:00.000Z', 'NZDT after the September change'],
  ])('%s %s %s → %s (%s)', (zone, date, sendAt, expected) => {
    expect(iso(sendInstant(date, sendAt, zone))).toBe(expected);
  });
});

describe('nextSends: what the scheduler will use', () => {
  it('skips days that are not workdays and crosses spring forward in Amsterdam', () => {
    const r = { timeZone: 'Europe/Amsterdam', sendAt: '07:30', workdays: MON_FRI };
    const sends = nextSends(r, new Date('2026-03-27T06:00:00Z'), 3);
    expect(sends.map((s) => [s.date, iso(s.at)])).toEqual([
      ['2026-03-27', '2026-03-27T06:30:00.000Z'],
      ['2026-03-30', '2026-03-30T05:30:00.000Z'],
      ['2026-03-31', '2026-03-31T05:30:00.000Z'],
    ]);
  });

  it('starts after a send time that has already passed today', () => {
    const r = { timeZone: 'Asia/Kolkata', sendAt: '07:30', workdays: MON_FRI };
    const [first] = nextSends(r, new Date('2026-11-24T02:00:01Z'), 1);
    expect(first).toEqual({ date: '2026-11-25', at: new Date('2026-11-25T02:00:00Z') });
  });

  it('includes a local date that begins before the UTC date does (Auckland is ahead of UTC)', () => {
    const r = { timeZone: 'Pacific/Auckland', sendAt: '07:30', workdays: MON_FRI };
    // 2026-11-22T20:00Z is Monday 23 November 09:00 in Auckland: the next is Tuesday's.
    const [first] = nextSends(r, new Date('2026-11-22T20:00:00Z'), 1);
    expect(first?.date).toBe('2026-11-24');
    expect(iso(first!.at)).toBe('2026-11-23T18:30:00.000Z');
  });

  it('returns nothing for someone with no workdays', () => {
    expect(nextSends({ timeZone: 'UTC', sendAt: '07:30', workdays: [] }, new Date(), 5)).toEqual([]);
  });
});

describe('dueSends: which groups a tick fans out', () => {
  const ams = { timeZone: 'Europe/Amsterdam', sendAt: '02:30' };
  const nyc = { timeZone: 'America/New_York', sendAt: '01:30' };

  it('finds a send time that happens twice exactly once, over the whole fall-back night', () => {
    const since = new Date('2026-10-24T20:00:00Z');
    const now = new Date('2026-10-25T06:00:00Z');
    const due = dueSends([ams], { since, now }, 24 * 3600_000);
    expect(due.map((d) => [d.date, iso(d.at)])).toEqual([['2026-10-25', '2026-10-25T00:30:00.000Z']]);
  });

  it('walks tick by tick through the New York overlap and fans out once', () => {
    let since = new Date('2026-11-01T04:00:00Z');
    const found: string[] = [];
    for (let t = since.getTime() + 30_000; t <= Date.parse('2026-11-01T08:00:00Z'); t += 30_000) {
      const now = new Date(t);
      found.push(...dueSends([nyc], { since, now }, 7_200_000).map((d) => `${d.date} ${iso(d.at)}`));
      since = now;
    }
    expect(found).toEqual(['2026-11-01 2026-11-01T05:30:00.000Z']);
  });

  it('sends within CATCH_UP and marks older ones missed', () => {
    const group = { timeZone: 'Asia/Kolkata', sendAt: '07:30' }; // 02:00Z
    const now = new Date('2026-11-24T04:00:00Z');
    const due = dueSends([group], { since: new Date('2026-11-22T00:00:00Z'), now }, 2 * 3600_000);
    expect(due.map((d) => [d.date, d.action])).toEqual([
      ['2026-11-22', 'missed'],
      ['2026-11-23', 'missed'],
      ['2026-11-24', 'send'],
    ]);
  });

  it('finds nothing when no send time passed in the window', () => {
    const due = dueSends([ams, nyc], { since: new Date('2026-11-24T12:00:00Z'), now: new Date('2026-11-24T12:00:30Z') }, 7_200_000);
    expect(due).toEqual([]);
  });
});
