import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createServices, type Services } from '../../src/app/services.ts';
import { importRosterFile } from '../../src/recipients/import-roster.ts';
import { startWorker, type RunningWorker, type WorkerOptions } from '../../workers/start-worker.ts';
import type { Config } from '../../src/config.ts';
import { createRedisClient, type RedisClient } from '../../src/redis.ts';
import { deletePrefix } from './redis-cleanup.ts';
import { testConfig } from './test-config.ts';

/** Real Redis (own prefix), a real worker, a temp folder for roster files; torn down by `stop`. */
export interface TestStack {
  readonly config: Config;
  readonly services: Services;
  readonly dir: string;
  /** A plain connection, only for checks over every key of the stack (a refused import changes none). */
  readonly redis: RedisClient;
  worker?: RunningWorker;
  write(name: string, content: string): Promise<string>;
  importRoster(records: unknown[]): Promise<void>;
  startWorker(opts?: WorkerOptions): Promise<RunningWorker>;
  /** Deletes every key of this stack (its prefix only), as if it had just started. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function createTestStack(overrides: Record<string, string | undefined> = {}): Promise<TestStack> {
  const config = testConfig(overrides);
  const services = createServices(config, { name: 'test', blocking: true });
  // BullMQ writes each queue's meta key once it is ready: let that happen before a test
  // takes a snapshot of the stack's keys.
  await Promise.all([...services.sendQueues.all, services.scheduleQueue].map((q) => q.waitUntilReady()));
  const dir = await mkdtemp(join(tmpdir(), 'briefing-test-'));
  // Tests never reach into keys; this connection only deletes the stack's own ones.
  const cleanup = createRedisClient(config.redis, { name: 'test-cleanup' });
  const stack: TestStack = {
    config,
    services,
    dir,
    redis: cleanup,
    async write(name, content) {
      const file = join(dir, name);
      await writeFile(file, content);
      return file;
    },
    async importRoster(records) {
      const file = await stack.write(`roster-${Date.now()}.json`, JSON.stringify(records, null, 2));
      await importRosterFile(file, { defaultTimeZone: 'Europe/Amsterdam' }, services.roster);
    },
    async startWorker(opts) {
      stack.worker = await startWorker(services, pino({ level: 'silent' }), opts);
      return stack.worker;
    },
    async reset() {
      await deletePrefix(cleanup, config.prefix);
    },
    async stop() {
      await stack.worker?.close();
      await Promise.all(services.sendQueues.all.map((q) => q.obliterate({ force: true }).catch(() => undefined)));
      await deletePrefix(cleanup, config.prefix);
      await cleanup.quit();
      await services.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Waits until every given recipient has a final outcome for the date. */
export async function waitForOutcomes(services: Services, date: string, ids: string[], timeoutMs = 20_000) {
  const started = Date.now();
  for (;;) {
    const all = await services.outcomes.getMany(date, ids);
    const done = ids.every((id) => {
      const s = all.get(id)?.status;
      return s !== undefined && s !== 'pending' && s !== 'sending';
    });
    if (done) return all;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`outcomes not final after ${timeoutMs} ms: ${JSON.stringify(Object.fromEntries(all))}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
