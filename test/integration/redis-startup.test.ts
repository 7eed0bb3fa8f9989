import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countStatuses, createFaultStack, waitForFinal, type FaultStack } from '../faults/support/fault-stack.ts';
import { freePort } from '../helpers/free-port.ts';
import { startRedisServer, type RedisServer } from '../helpers/redis-servers.ts';
import { runCli } from '../helpers/run-cli.ts';

const KEYS = { UNSUBSCRIBE_KEYS: 'k1:test-secret-0123456789abcdefghijklmnopqrstuvwxyz', NODE_ENV: 'test' };

// CLIENT PAUSE … ALL freezes every client: never on the shared Redis, always on a private one.
describe('start-up while Redis is briefly away', () => {
  let dir: string;
  let redis: RedisServer;
  let fs: FaultStack | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'briefing-startup-'));
    redis = await startRedisServer({ dir });
  });
  afterEach(async () => {
    await fs?.stop();
    fs = undefined;
  });
  afterAll(async () => {
    await redis?.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it('a worker started during a 4 s Redis freeze waits for it, then sends every queued briefing exactly once', async () => {
    fs = await createFaultStack(300, { REDIS_URL: redis.url });
    await fs.enqueueAll();
    // However long the worker takes to boot, the freeze starts as its first connection arrives.
    const door = await freezeOnFirstConnection(redis);
    try {
      const worker = await fs.startWorker({ LOG_LEVEL: 'info', REDIS_URL: `redis://127.0.0.1:${door.port}` });
      expect(worker.logs.filter((l) => l.msg === 'Redis not answering yet: waiting (REDIS_STARTUP_TIMEOUT)').length).toBeGreaterThan(0);
      const outcomes = await waitForFinal(fs, fs.ids, 60_000);
      expect(countStatuses(outcomes, fs.ids)).toEqual({ sent: 300 });
      expect(fs.smtp.received).toHaveLength(300);
      expect([...fs.receivedPerAddress().values()].every((n) => n === 1)).toBe(true);
    } finally {
      await door.close();
    }
  }, 90_000);
});

/**
 * A TCP relay to `server` that freezes it (CLIENT PAUSE 4000 ALL) when the first client
 * connects, before passing that client's bytes on: what a worker sees that starts as a
 * restart or failover begins.
 */
async function freezeOnFirstConnection(server: RedisServer): Promise<{ port: number; close(): Promise<void> }> {
  let frozen: Promise<unknown> | undefined;
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    client.pause();
    frozen ??= server.admin().call('CLIENT', 'PAUSE', '4000', 'ALL');
    void frozen.then(() => {
      const upstream = connect(server.port, '127.0.0.1', () => {
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined).on('close', () => (client.destroy(), upstream.destroy()));
      }
    });
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: (relay.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        relay.close(() => resolve());
      }),
  };
}

describe('Redis not there at all', () => {
  it('a CLI command fails at once with our message, whatever REDIS_STARTUP_TIMEOUT says', async () => {
    const port = await freePort();
    const r = await runCli(['status', '--date', '2026-11-24'], { ...KEYS, REDIS_URL: `redis://app:hunter2@127.0.0.1:${port}`, REDIS_STARTUP_TIMEOUT: '5m' }, { timeoutMs: 15_000 });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`REDIS_URL=redis://***@127.0.0.1:${port}: connection refused — is Redis running?`);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('names the variables of the mode in use: Sentinel', async () => {
    const port = await freePort();
    const r = await runCli(['status', '--date', '2026-11-24'], { ...KEYS, REDIS_SENTINELS: `127.0.0.1:${port}`, REDIS_SENTINEL_MASTER: 'redis://:hunter2@mymaster' }, { timeoutMs: 15_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`REDIS_SENTINELS=127.0.0.1:${port} REDIS_SENTINEL_MASTER=redis://:***@mymaster: no sentinel answered — is Redis running?`);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('`worker` and `serve` try again with back-off, one log line per attempt, and exit 1 once REDIS_STARTUP_TIMEOUT is spent', async () => {
    const port = await freePort();
    for (const command of ['worker', 'serve']) {
      const r = await runCli([command], { ...KEYS, REDIS_CLUSTER_NODES: `redis://127.0.0.1:${port}`, REDIS_STARTUP_TIMEOUT: '2s', PORT: '0' }, { timeoutMs: 20_000 });
      expect(r.timedOut, command).toBe(false);
      expect(r.code, command).toBe(1);
      expect(r.stderr, command).toMatch(new RegExp(`REDIS_CLUSTER_NODES=redis://127\\.0\\.0\\.1:${port}: (no cluster node answered|connection refused) — is Redis running\\?`));
      const attempts = r.stdout
        .split('\n')
        .filter((line) => line.includes('Redis not answering yet'))
        .map((line) => JSON.parse(line) as { attempt: number; retryInMs: number });
      // 0.5 s, then 1 s, then what is left of the 2 s: two or three attempts.
      expect(attempts.length, command).toBeGreaterThanOrEqual(2);
      expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i + 1));
    }
  }, 60_000);
});
