import { describe, expect, it } from 'vitest';
import { whyNoOutcome } from '../../../src/delivery/no-outcome-reason.ts';
import type { Weekday } from '../../../src/time/zones.ts';

// Ivo: Amsterdam (UTC+1 in December), 07:00 on weekdays. 2026-12-02 is a Wednesday: 07:00 there is 06:00Z.
const ivo = { timeZone: 'Europe/Amsterdam', sendAt: '07:00', workdays: ['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[] };
const at = (iso: string) => new Date(iso);

describe('why someone on the roster has no outcome for a date', () => {
  it('says not a workday on a day off, whatever the clock', () => {
    expect(whyNoOutcome(ivo, '2026-11-29', { now: at('2026-12-02T12:00:00Z'), firstTick: 0 }))
      .toMatchObject({ kind: 'not-workday', reason: 'not a workday (workdays: mon tue wed thu fri)' });
  });

  it('says before they joined when the send time passed before their import', () => {
    const r = { ...ivo, joined: '2026-12-02T06:30:00.000Z' };
    expect(whyNoOutcome(r, '2026-12-02', { now: at('2026-12-02T12:00:00Z'), firstTick: 0 }).kind).toBe('before-joined');
    expect(whyNoOutcome(r, '2026-12-03', { now: at('2026-12-02T12:00:00Z'), firstTick: 0 }).kind).toBe('not-due-yet');
  });

  it('says not due yet, with the send time in their zone, until it has passed', () => {
    expect(whyNoOutcome(ivo, '2026-12-02', { now: at('2026-12-02T05:59:00Z'), firstTick: 0 }))
      .toMatchObject({ kind: 'not-due-yet', reason: 'not due yet: goes out at 07:00 Europe/Amsterdam (2026-12-02T06:00:00.000Z)' });
  });

  it('says missed before start-up when the send time passed before the scheduler first ran, or it never ran', () => {
    const clock = { now: at('2026-12-02T12:00:00Z'), firstTick: Date.parse('2026-12-02T08:00:00Z') };
    expect(whyNoOutcome(ivo, '2026-12-02', clock)).toMatchObject({ kind: 'missed-before-start-up', reason: expect.stringContaining('before the scheduler first ran (2026-12-02T08:00:00.000Z)') });
    expect(whyNoOutcome(ivo, '2026-12-02', { ...clock, firstTick: null })).toMatchObject({ kind: 'missed-before-start-up', reason: expect.stringContaining('no scheduler has ever run') });
  });

  it('says not queued when it was due while the scheduler ran, and how to send it', () => {
    const clock = { now: at('2026-12-02T12:00:00Z'), firstTick: Date.parse('2026-11-01T00:00:00Z') };
    expect(whyNoOutcome(ivo, '2026-12-02', clock)).toMatchObject({
      kind: 'not-queued',
      reason: expect.stringMatching(/^not queued: due at 07:00 Europe\/Amsterdam .*briefing send --date 2026-12-02 --recipient ID/),
    });
  });
});
