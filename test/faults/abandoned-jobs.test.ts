import { afterEach, describe, expect, it } from 'vitest';
import { createFaultStack, DATE, waitForFinal, type FaultStack } from './support/fault-stack.ts';
import { startSilentServer } from './support/silent-server.ts';

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('briefings whose worker died and that BullMQ gives up on', () => {
  let fs: FaultStack | undefined;
  let silent: Awaited<ReturnType<typeof startSilentServer>> | undefined;

  afterEach(async () => {
    await fs?.stop();
    await silent?.close();
    fs = silent = undefined;
  });

  it('gets a final outcome, not `pending` forever, when its worker is killed twice while preparing it', async () => {
    let requests = 0;
    silent = await startSilentServer(() => (requests += 1));
    fs = await createFaultStack(1, {}, { record: () => ({ calendar: `http://127.0.0.1:${silent!.port}/hangs.ics` }) });
    // Each worker takes the job and hangs on the calendar feed; kill it there, twice.
    for (let kill = 1; kill <= 2; kill += 1) {
      const worker = await fs.startWorker();
      if (kill === 1) await fs.enqueueAll();
      await waitFor(() => requests >= kill, `calendar request ${kill}`);
      worker.kill('SIGKILL');
      await worker.exited;
    }
    await fs.startWorker();
    const outcome = (await waitForFinal(fs, fs.ids, 20_000)).get(fs.ids[0]!)!;
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toMatch(/worker stopped .* while preparing/);
    // A failed outcome lets ops re-send it; the job BullMQ failed must not block that.
    await fs.stack.services.enqueue(DATE, fs.ids, 'recipient');
    expect(await fs.stack.services.sendQueues.all[0]!.getJobCounts('wait', 'active', 'delayed')).not.toEqual({ wait: 0, active: 0, delayed: 0 });
  }, 60_000);

  it('is recorded `unknown` ("delivery unknown") when its worker dies during the SMTP handover of its last attempt', async () => {
    silent = await startSilentServer();
    fs = await createFaultStack(1, { SMTP_URL: `smtp://127.0.0.1:${silent.port}`, SEND_ATTEMPTS: '1', HANDOVER_LEASE_MS: '60000' });
    const worker = await fs.startWorker();
    await fs.enqueueAll();
    await waitFor(async () => (await fs!.outcomes()).get(fs!.ids[0]!)?.status === 'sending', 'the handover mark');
    worker.kill('SIGKILL');
    await worker.exited;
    await fs.startWorker();
    const outcome = (await waitForFinal(fs, fs.ids, 20_000)).get(fs.ids[0]!)!;
    expect(outcome).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/^delivery unknown.*--force$/) });
  }, 60_000);
});
