import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/redis.ts';
import { luaScript } from '../../src/redis-script.ts';
import { freePort } from '../helpers/free-port.ts';

// SCRIPT FLUSH drops every script of every client: on the shared Redis it made other test
// runs' EVALSHA fail mid-test (and their fallback EVAL arrive late). So a private server.
describe('Lua scripts run by SHA', () => {
  let server: ChildProcess;
  let redis: ReturnType<typeof createRedis>;

  beforeAll(async () => {
    const port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    redis = createRedis(`redis://127.0.0.1:${port}`);
    redis.on('error', () => undefined); // refused until the server listens
    for (let i = 0; (await redis.ping().catch(() => null)) !== 'PONG'; i++) {
      if (i > 100) throw new Error('the private redis-server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    redis.disconnect();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  });

  it('works on first use and again after Redis forgot every script (restart, SCRIPT FLUSH)', async () => {
    const incr = luaScript(`return redis.call('INCRBY', KEYS[1], ARGV[1])`);
    expect(await incr(redis, ['n'], [2])).toBe(2);
    expect(await incr(redis, ['n'], [3])).toBe(5);
    await redis.script('FLUSH');
    expect(await incr(redis, ['n'], [4])).toBe(9);
  });
});
