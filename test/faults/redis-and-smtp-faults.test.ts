import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { countStatuses, createFaultStack, waitForFinal, waitForReceived, type FaultStack } from './support/fault-stack.ts';

describe('Redis and the SMTP server misbehaving during a send', () => {
  let fs: FaultStack | undefined;

  afterEach(async () => {
    await fs?.stop();
    fs = undefined;
  });

  it('completes the send with nothing lost or doubled after Redis stops taking writes for 2 s, twice', async () => {
    // The lock is longer than the pause, as in production (30 s against a blip of seconds).
    fs = await createFaultStack(400, { JOB_LOCK_MS: '5000', HANDOVER_LEASE_MS: '6000' });
    await fs.startWorker();
    await fs.enqueueAll();
    const admin = new Redis(fs.stack.config.redisUrl, { connectionName: 'fault-test-pause' });
    try {
      for (const after of [50, 200]) {
        await waitForReceived(fs, after);
        // Other test files share this Redis: keep the pause short and always lift it.
        try {
          await admin.call('CLIENT', 'PAUSE', '2000', 'WRITE');
          const during = fs.smtp.received.length;
          await new Promise((r) => setTimeout(r, 2000));
          // Nothing can be recorded sent while Redis refuses writes, so at most the in-flight ones arrived.
          expect(fs.smtp.received.length - during).toBeLessThanOrEqual(8);
        } finally {
          await admin.call('CLIENT', 'UNPAUSE');
        }
      }
    } finally {
      admin.disconnect();
    }
    const outcomes = await waitForFinal(fs, fs.ids, 60_000);
    expect(countStatuses(outcomes, fs.ids)).toEqual({ sent: 400 });
    expect(fs.smtp.received).toHaveLength(400);
    expect(fs.receivedPerAddress().size).toBe(400);
  }, 120_000);

  it('delivers everything once the SMTP server stops answering 451, retrying with back-off', async () => {
    const RETRY_BASE_MS = 300;
    fs = await createFaultStack(60, { RETRY_BASE_MS: String(RETRY_BASE_MS), SEND_ATTEMPTS: '10' });
    const attemptsAt = new Map<string, number[]>();
    let outageEndsAt = Number.POSITIVE_INFINITY;
    fs.smtp.reply = (rcpt) => {
      const list = attemptsAt.get(rcpt[0]!) ?? [];
      list.push(Date.now());
      attemptsAt.set(rcpt[0]!, list);
      if (outageEndsAt === Number.POSITIVE_INFINITY) outageEndsAt = Date.now() + 1500;
      return Date.now() < outageEndsAt ? { code: 451, message: '4.3.0 Try again later' } : undefined;
    };
    await fs.startWorker();
    await fs.enqueueAll();

    // While the server refuses, the briefings wait as `pending` with the reply as the reason.
    const pendingSeen = await pollUntil(async () => {
      const all = await fs!.outcomes();
      return [...all.values()].find((o) => o.status === 'pending' && /451/.test(o.reason ?? ''));
    }, 10_000);
    expect(pendingSeen?.reason).toMatch(/^retrying after: 451 4\.3\.0 Try again later \(attempt \d+ of 10\)$/);

    const outcomes = await waitForFinal(fs, fs.ids, 60_000);
    expect(countStatuses(outcomes, fs.ids)).toEqual({ sent: 60 });
    expect(fs.smtp.received).toHaveLength(60);
    expect([...fs.receivedPerAddress().values()].every((n) => n === 1)).toBe(true);
    const refused = [...fs.smtp.refusals.values()].reduce((a, b) => a + b, 0);
    expect(refused).toBeGreaterThan(0);
    // Back-off: no retry came sooner than the first retry delay after the refusal before it.
    for (const times of attemptsAt.values()) {
      for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(RETRY_BASE_MS);
    }
  }, 90_000);

  it('records a 550 for one mailbox as failed with the reply, without retrying it, and sends the others', async () => {
    fs = await createFaultStack(30);
    const bad = fs.emailOf(fs.ids[7]!);
    fs.smtp.reply = (rcpt) => (rcpt.includes(bad) ? { code: 550, message: '5.1.1 <' + bad + '>: mailbox unavailable' } : undefined);
    await fs.startWorker();
    await fs.enqueueAll();
    const outcomes = await waitForFinal(fs, fs.ids, 30_000);
    expect(countStatuses(outcomes, fs.ids)).toEqual({ sent: 29, failed: 1 });
    expect(outcomes.get(fs.ids[7]!)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/550 5\.1\.1 <r-00007@example\.test>: mailbox unavailable/) });
    expect(fs.smtp.refusals.get(bad)).toBe(1);
    expect(fs.smtp.received).toHaveLength(29);
    expect(fs.receivedPerAddress().has(bad)).toBe(false);
  }, 60_000);
});

async function pollUntil<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

