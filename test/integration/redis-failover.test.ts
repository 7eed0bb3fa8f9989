import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { countStatuses, createFaultStack, waitForFinal, waitForReceived, type FaultStack } from '../faults/support/fault-stack.ts';
import { until } from '../helpers/redis-servers.ts';
import { startSentinelSet, type SentinelTopology } from '../helpers/redis-topologies.ts';

const N = 400;

/**
 * A PRIVATE master + replica + sentinel (with passwords on both, as production has them):
 * the master is SIGKILLed mid-send, the sentinel promotes the replica, and a real
 * `briefing worker` finds the new master by itself.
 */
describe('a Sentinel failover in the middle of a send', () => {
  let dir: string;
  let topology: SentinelTopology;
  let fs: FaultStack | undefined;
  let http: RunningServer | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'briefing-failover-'));
    topology = await startSentinelSet({ dir, password: 'master-secret', sentinelPassword: 'sentinel-secret', downAfterMs: 1000 });
  }, 60_000);
  afterAll(async () => {
    await http?.close();
    await fs?.stop();
    await topology?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loses nothing, doubles nothing and mails no one who opted out before the kill', async () => {
    fs = await createFaultStack(N, { ...topology.env, JOB_LOCK_MS: '2000', HANDOVER_LEASE_MS: '3000' });
    http = await startServer(createApp({ services: fs.stack.services, logger: pino({ level: 'silent' }) }), 0, '127.0.0.1');
    const worker = await fs.startWorker();
    await fs.enqueueAll();

    // Opt-outs acknowledged (200) while their briefings are still queued: the last ones.
    const optedOut = fs.ids.slice(-10);
    for (const id of optedOut) {
      const res = await fetch(`http://127.0.0.1:${http.port}/unsubscribe/${fs.stack.services.tokens.sign(id)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      await res.arrayBuffer();
      expect(res.status, id).toBe(200);
    }

    await waitForReceived(fs, 60);
    // The worker really works on the Sentinel master (and not, say, on a default server).
    expect(String(await topology.master.admin().call('CLIENT', 'LIST'))).toMatch(/name=briefing-worker/);
    await topology.master.kill('SIGKILL');
    const atKill = fs.smtp.received.length;
    expect(atKill).toBeLessThan(N - optedOut.length); // it really was mid-send

    await until('the sentinel to promote the replica', async () => (await topology.currentMasterPort()) === topology.replica.port, 30_000);
    const outcomes = await waitForFinal(fs, fs.ids, 90_000);
    // The same worker process found the promoted replica by itself.
    expect(worker.logs.filter((l) => l.msg === 'worker started')).toHaveLength(1);
    expect(String(await topology.replica.admin().call('CLIENT', 'LIST'))).toMatch(/name=briefing-worker/);

    // Nothing lost: every briefing has a final outcome (checked by waitForFinal), and all
    // but those caught in the SMTP handover at the kill were sent or skipped as they should be.
    const counts = countStatuses(outcomes, fs.ids);
    expect(counts['skipped:opted-out']).toBe(optedOut.length);
    expect((counts.sent ?? 0) + (counts.failed ?? 0) + optedOut.length).toBe(N);
    expect(counts.failed ?? 0).toBeLessThanOrEqual(8); // WORKER_CONCURRENCY: at most the messages in the handover
    // Nothing doubled.
    const perAddress = fs.receivedPerAddress();
    expect([...perAddress.entries()].filter(([, n]) => n > 1)).toEqual([]);
    // No opted-out person mailed.
    for (const id of optedOut) expect(perAddress.has(fs.emailOf(id)), id).toBe(false);
    expect(fs.smtp.received.length).toBeGreaterThan(atKill);
  }, 150_000);
});
