import { afterEach, describe, expect, it } from 'vitest';
import { countStatuses, createFaultStack, waitForFinal, waitForReceived, type FaultStack } from './support/fault-stack.ts';

const CONCURRENCY = 8;

describe('worker processes that die, stop or run side by side', () => {
  let fs: FaultStack | undefined;

  afterEach(async () => {
    await fs?.stop();
    fs = undefined;
  });

  it('after a SIGKILL mid-way through 2,000 sends and a restart, mails everyone once, except at most the messages in SMTP handover', async () => {
    fs = await createFaultStack(2000, { WORKER_CONCURRENCY: String(CONCURRENCY) });
    const first = await fs.startWorker();
    await fs.enqueueAll();
    await waitForReceived(fs, 600);
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const atKill = await fs.outcomes();
    const inHandover = fs.ids.filter((id) => atKill.get(id)?.status === 'sending');
    expect(inHandover.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(fs.smtp.received.length).toBeLessThan(2000); // it really died mid-way

    await fs.startWorker();
    const outcomes = await waitForFinal(fs, fs.ids, 90_000);
    const perAddress = fs.receivedPerAddress();

    // None doubled.
    const doubled = [...perAddress].filter(([, n]) => n > 1);
    expect(doubled).toEqual([]);
    // None lost: everyone has a final outcome, and every `sent` one arrived.
    for (const id of fs.ids) {
      const o = outcomes.get(id)!;
      if (o.status === 'sent') expect(perAddress.get(fs.emailOf(id)), id).toBe(1);
      else {
        expect(o.status, id).toBe('unknown');
        expect(o.reason, id).toMatch(/^delivery unknown/);
      }
    }
    // The only exception: the messages that were in the handover at the kill, at most WORKER_CONCURRENCY.
    const unknown = fs.ids.filter((id) => outcomes.get(id)!.status === 'unknown');
    expect(unknown.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(inHandover).toEqual(expect.arrayContaining(unknown));
  }, 150_000);

  it('with two workers at once and `send` re-run during the send, mails each address exactly once', async () => {
    fs = await createFaultStack(600);
    await Promise.all([fs.startWorker(), fs.startWorker()]);
    await fs.enqueueAll();
    // Re-runs while the send is under way: jobs that finished are queued again and must be
    // stopped by the gate, whichever worker takes them.
    for (let i = 0; i < 5; i += 1) {
      await new Promise((r) => setTimeout(r, 300));
      await fs.stack.services.enqueue('2026-11-24', fs.ids, 'recipient');
    }
    const outcomes = await waitForFinal(fs, fs.ids, 90_000);
    expect(countStatuses(outcomes, fs.ids)).toEqual({ sent: 600 });
    // Let any stray re-queued job run before counting.
    await new Promise((r) => setTimeout(r, 1000));
    const perAddress = fs.receivedPerAddress();
    expect(perAddress.size).toBe(600);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    expect(fs.smtp.received).toHaveLength(600);
  }, 120_000);

  it('on SIGTERM finishes the in-flight sends and leaves nothing half-done; a restart sends the rest once', async () => {
    fs = await createFaultStack(400);
    const worker = await fs.startWorker();
    await fs.enqueueAll();
    await waitForReceived(fs, 100);
    worker.kill('SIGTERM');
    const exit = await Promise.race([
      worker.exited,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no exit 30 s after SIGTERM; last log lines: ${JSON.stringify(worker.logs.slice(-5))}`)), 30_000),
      ),
    ]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(worker.logs.some((l) => l.msg === 'stopped')).toBe(true);

    const afterStop = await fs.outcomes();
    const statuses = countStatuses(afterStop, fs.ids);
    expect(statuses.sending ?? 0).toBe(0); // no handover left open
    expect(await fs.stack.services.sendQueue.getActiveCount()).toBe(0);
    // Every recipient marked sent got the message; none got it without being marked sent.
    const received = new Set(fs.smtp.received.flatMap((m) => m.to));
    const sentIds = fs.ids.filter((id) => afterStop.get(id)?.status === 'sent');
    expect(sentIds.length).toBe(received.size);
    expect(sentIds.every((id) => received.has(fs!.emailOf(id)))).toBe(true);
    expect(sentIds.length).toBeLessThan(400);

    await fs.startWorker();
    const outcomes = await waitForFinal(fs, fs.ids, 60_000);
    expect(countStatuses(outcomes, fs.ids)).toEqual({ sent: 400 });
    expect([...fs.receivedPerAddress().values()].every((n) => n === 1)).toBe(true);
    expect(fs.smtp.received).toHaveLength(400);
  }, 120_000);
});
