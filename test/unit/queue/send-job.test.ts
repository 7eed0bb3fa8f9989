import { describe, expect, it } from 'vitest';
import { parseSendJob, sendJobData, sendJobId } from '../../../src/queue/send-job.ts';
import { jobOptions } from '../../../src/queue/enqueue-briefings.ts';

// Redis keeps a hash compact (listpack, ~300 B for a queued job instead of ~870 B) only while
// every value is at most `hash-max-listpack-value` (64) bytes: what BullMQ stores of a send job.
const LISTPACK_VALUE = 64;

describe('a send job as stored', () => {
  it('keeps every stored field within a compact hash for a big roster and a far date', () => {
    const id = sendJobId('2099-12-31', 127, 36 ** 4 - 1);
    const data = JSON.stringify(sendJobData({ date: '2099-12-31', seq: 36 ** 4 - 1, zone: 399, trigger: 'schedule', dueAt: Date.parse('2099-12-31T06:30:00Z') }));
    const opts = JSON.stringify({ ...jobOptions(50, id) });
    expect(id.length).toBeLessThanOrEqual(12);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(LISTPACK_VALUE);
    expect(Buffer.byteLength(opts)).toBeLessThanOrEqual(LISTPACK_VALUE);
  });

  it('is one id per roster entry and day', () => {
    expect(sendJobId('2026-11-24', 17, 7812)).toBe(sendJobId('2026-11-24', 17, 7812));
    expect(new Set([sendJobId('2026-11-24', 17, 7812), sendJobId('2026-11-25', 17, 7812), sendJobId('2026-11-24', 18, 7812), sendJobId('2026-11-24', 17, 7813)]).size).toBe(4);
  });

  it('reads back what was queued, and the jobs an earlier version queued', () => {
    const data = sendJobData({ date: '2026-11-24', seq: 3, zone: 2, trigger: 'recipient', dueAt: 1_795_501_800_000, force: true });
    expect(parseSendJob({ name: 'u-1', data })).toEqual({
      ok: true,
      job: { recipientId: 'u-1', date: '2026-11-24', seq: 3, zone: 2, trigger: 'recipient', dueAt: 1_795_501_800_000, force: true },
    });
    const earlier = { recipientId: 'u-1', date: '2026-11-24', trigger: 'schedule', seq: 3, timeZone: 'Europe/Amsterdam', dueAt: 1_795_501_800_000 };
    expect(parseSendJob({ name: 'briefing', data: earlier })).toEqual({
      ok: true,
      job: { recipientId: 'u-1', date: '2026-11-24', seq: 3, zone: 'Europe/Amsterdam', trigger: 'schedule', dueAt: 1_795_501_800_000 },
    });
    expect(parseSendJob({ name: 'u-1', data: { d: 'tomorrow', q: 1, z: 0, t: 's' } })).toMatchObject({ ok: false });
  });
});
