import { pino } from 'pino';
import type { Services } from '../../src/app/services.ts';
import { startFanOutWorker } from '../../workers/fan-out-worker.ts';
import { waitUntil } from './wait.ts';

/** Waits until no fan-out or send-all job is waiting, delayed or running (someone's worker took them all). */
export async function fanOutDrained(services: Pick<Services, 'fanOutQueue'>, timeoutMs = 20_000): Promise<void> {
  await waitUntil('the fan-out queue to drain', async () => {
    const counts = await services.fanOutQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).every((n) => n === 0) ? true : undefined;
  }, timeoutMs);
}

/** Runs the fan-out jobs queued so far in this process, as a worker process would, and waits for them. */
export async function fanOutNow(services: Services, opts: { now?: () => Date } = {}): Promise<void> {
  const worker = await startFanOutWorker(services, pino({ level: 'silent' }), opts);
  try {
    await fanOutDrained(services);
  } finally {
    await worker.close();
  }
}
