import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/store.ts';
import { freePort } from '../helpers/free-port.ts';
import { startPrivateRedis } from '../helpers/private-redis.ts';
import { BIN, FROM_SOURCE, runCli } from '../helpers/run-cli.ts';

const ROSTER = fileURLToPath(new URL('../../examples/roster.json', import.meta.url));
const KEYS = 'k1:test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const IOREDIS_WORDS = /max retries|maxRetriesPerRequest|Connection is closed|ECONNREFUSED/;

/** Every command that talks to Redis, with arguments that would otherwise get it that far. */
const COMMANDS: readonly (readonly string[])[] = [
  ['recipients', 'import', ROSTER],
  ['recipients', 'list'],
  ['send', '--date', '2026-11-24', '--all'],
  ['send', '--date', '2026-11-24', '--recipient', 'u-1001'],
  ['status', '--date', '2026-11-24'],
  ['pause'],
  ['resume'],
  ['render', '--recipient', 'u-1001', '--date', '2026-11-24'],
  ['token', 'u-1001'],
  ['optouts', 'list'],
  ['optouts', 'export'],
  ['optouts', 'add', 'u-1001'],
  ['optouts', 'remove', 'u-1001'],
  ['schedule', 'next', '--recipient', 'u-1001'],
  ['start'],
  ['serve'],
  ['worker'],
];

describe('a CLI command while Redis is down says so in our words', () => {
  let closedPort: number;
  beforeAll(async () => {
    // Nothing listens there: connections are refused.
    closedPort = await freePort();
  });

  describe.concurrent('connection refused', () => {
    for (const args of COMMANDS) {
      it(`briefing ${args.join(' ')}`, async () => {
        const url = `redis://127.0.0.1:${closedPort}`;
        // The long-running ones wait REDIS_STARTUP_TIMEOUT for Redis (a failover): not long here.
        const result = await runCli([...args], { REDIS_URL: url, UNSUBSCRIBE_KEYS: KEYS, PORT: '0', BRIEFING_PREFIX: 'redis-down-test', REDIS_STARTUP_TIMEOUT: '1s' });
        expect(result.timedOut).toBe(false);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`briefing: REDIS_URL=${url}: connection refused — is Redis running? (docker compose up redis, or redis-server)\n`);
        expect(result.stderr).not.toMatch(IOREDIS_WORDS);
        // The long-running commands log the retries as JSON on stdout; the others print nothing there.
        if (!['start', 'serve', 'worker'].includes(args[0]!)) expect(result.stdout).toBe('');
      });
    }
  });

  describe('a server that accepts connections and never answers', () => {
    let server: Server;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      server = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    it('gives up after 3 s with "no answer" and exits instead of waiting on the connection', async () => {
      const url = `redis://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await runCli(['recipients', 'list'], { REDIS_URL: url }, { timeoutMs: 15_000 });
      expect(result.timedOut).toBe(false);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe(`briefing: REDIS_URL=${url}: no answer within 3 s — is Redis running? (docker compose up redis, or redis-server)\n`);
    });
  });

  it('says that Redis refused the credentials when it wants a password', async () => {
    const redis = await startPrivateRedis({ password: 'a-password-of-this-test' });
    try {
      const url = `redis://127.0.0.1:${redis.port}`;
      const result = await runCli(['recipients', 'list'], { REDIS_URL: url });
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(/^briefing: REDIS_URL=redis:\/\/127\.0\.0\.1:\d+: Redis refused the credentials \(put the right ones in the URL/);
      const wrong = await runCli(['recipients', 'list'], { REDIS_URL: `redis://:not-it@127.0.0.1:${redis.port}` });
      // The password is not printed.
      expect(wrong.stderr).toMatch(/^briefing: REDIS_URL=redis:\/\/\*\*\*@127\.0\.0\.1:\d+: Redis refused the credentials/);
      expect(wrong.stderr).not.toContain('not-it');
    } finally {
      await redis.kill();
    }
  });

  it('says that Redis stopped answering when it goes away in the middle of a command', async () => {
    const redis = await startPrivateRedis();
    try {
      const prefix = 'redis-gone-test';
      const client = new Redis(redis.url);
      // An audit log of 30 reads (of 1,000 entries), so that `optouts export` has more to read when Redis dies.
      const { optouts } = createStore(client, { prefix, retentionSeconds: 86_400 });
      for (let batch = 0; batch < 30; batch++) {
        await Promise.all(Array.from({ length: 1000 }, (_, i) => optouts.optOut(`u-${batch}-${i}`, 'link')));
      }
      client.disconnect();

      const child = spawn(process.execPath, [BIN, 'optouts', 'export'], {
        env: { PATH: process.env.PATH ?? '', ...FROM_SOURCE, REDIS_URL: redis.url, BRIEFING_PREFIX: prefix, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      let rows = 0;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (rows += chunk.split('\n').length - 1));
      // Writes to a pipe block on Linux: while this end does not read, the export waits at its
      // first full pipe, its Redis reads not done. Then Redis dies, and the export goes on.
      await new Promise((resolve) => child.stdout.once('data', resolve));
      child.stdout.pause();
      await redis.kill();
      child.stdout.resume();
      expect(await exited).toBe(1);
      expect(rows).toBeLessThan(30_001);
      expect(stderr).toMatch(
        /^briefing: REDIS_URL=redis:\/\/127\.0\.0\.1:\d+: Redis stopped answering during the command \((connection refused|the connection was reset|no answer)\) — is Redis running\? \(docker compose up redis, or redis-server\); run the command again once it answers\n$/,
      );
      expect(stderr).not.toMatch(IOREDIS_WORDS);
    } finally {
      await redis.kill();
    }
  });
});
