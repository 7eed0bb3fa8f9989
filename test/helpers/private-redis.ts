import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './free-port.ts';

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** SIGKILLs it (Redis dies as in a crash) and waits for the exit. */
  kill(): Promise<void>;
}

/**
 * A redis-server of this test's own on a free loopback port, without persistence: for what
 * must never be done to the shared Redis (kill it, give it a password).
 */
export async function startPrivateRedis(opts: { password?: string } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (opts.password) args.push('--requirepass', opts.password);
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    // Another process took the port between freePort() and here: fail rather than talk to it.
    void exited.then(() => reject(new Error(`redis-server on port ${port} exited before it was ready:\n${output}`)));
  });
  const auth = opts.password ? `:${encodeURIComponent(opts.password)}@` : '';
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
