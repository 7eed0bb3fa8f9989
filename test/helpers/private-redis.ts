import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRedis } from '../../src/redis.ts';
import { freePort } from './free-port.ts';

export interface PrivateRedis {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A redis-server of the test's own on a free loopback port, for what must never be done to
 * the shared one (SCRIPT FLUSH, CLIENT PAUSE, SHUTDOWN). Nothing is kept on disk.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  const probe = createRedis(url, { name: 'private-redis-probe' });
  probe.on('error', () => undefined);
  try {
    const started = Date.now();
    for (;;) {
      try {
        await probe.ping();
        break;
      } catch (err) {
        if (Date.now() - started > 10_000) throw new Error(`redis-server on port ${port} did not answer: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } finally {
    probe.disconnect();
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}
