import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { mastersOf, deletePrefix } from '../helpers/redis-cleanup.ts';
import { redisMode } from '../helpers/redis-mode.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';

/**
 * The connection layer on its own, in every mode (vitest projects single, sentinel and
 * cluster): what works on a Redis Cluster even before the key layout for slots, because
 * each command touches one key.
 */
describe(`Redis connections (${redisMode()})`, () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await createTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('talks to the kind of Redis the configuration names', async () => {
    expect(stack.config.redis.kind).toBe(redisMode());
    await stack.services.orgSwitch.pause();
    expect(await stack.services.orgSwitch.isPaused()).toBe(true);
    await stack.services.orgSwitch.resume();
    expect(await stack.services.orgSwitch.isPaused()).toBe(false);
  });

  it('gives a CLI process the same choice', async () => {
    const paused = await runCli(['pause'], cliEnv(stack.config));
    expect(paused.code, paused.stderr).toBe(0);
    expect(await stack.services.orgSwitch.isPaused()).toBe(true);
    const resumed = await runCli(['resume'], cliEnv(stack.config));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await stack.services.orgSwitch.isPaused()).toBe(false);
  });

  it('reports ready on /readyz', async () => {
    const app = createApp({ services: stack.services, logger: pino({ level: 'silent' }) });
    expect((await app.request('/readyz')).status).toBe(200);
  });

  it("cleans up a test's keys on every master", async () => {
    const prefix = `${stack.config.prefix}-spread`;
    // Keys without a hash tag land on every master of a cluster.
    await Promise.all(Array.from({ length: 60 }, (_, i) => stack.redis.set(`${prefix}:k${i}`, '1')));
    const count = async () => {
      let n = 0;
      for (const node of mastersOf(stack.redis)) n += (await node.keys(`${prefix}:*`)).length;
      return n;
    };
    expect(await count()).toBe(60);
    await deletePrefix(stack.redis, prefix);
    expect(await count()).toBe(0);
  });
});
