import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createContentSource, type ContentSource } from '../../src/content/content-source.ts';
import { createApp } from '../../src/http/create-app.ts';
import { createStore } from '../../src/store/store.ts';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startRedisServer, until, type RedisServer } from '../helpers/redis-servers.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';

const DATE = '2026-11-24';
const CONTENT = JSON.stringify({ tasks: [{ title: 'Read the durability report', due: DATE }] });

/**
 * Replication is asynchronous: a master that dies right after answering may take its last
 * writes with it. The handover mark and an acknowledged opt-out wait for a replica first.
 * DEBUG SLEEP on a PRIVATE replica (never the shared Redis) holds its acknowledgement back,
 * so the order of events shows whether a write waited for it.
 */
describe('writes that must survive a failover', () => {
  let dir: string;
  let master: RedisServer;
  let replica: RedisServer;
  let alone: RedisServer;
  let stack: TestStack | undefined;
  let smtp: SmtpReceiver | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'briefing-durability-'));
    master = await startRedisServer({ dir });
    replica = await startRedisServer({ dir, args: ['--replicaof', '127.0.0.1', String(master.port), '--enable-debug-command', 'local'] });
    alone = await startRedisServer({ dir });
    await until('the replica to be in sync', async () => /master_link_status:up/.test(String(await replica.admin().info('replication'))));
  }, 60_000);
  afterEach(async () => {
    await stack?.stop();
    await smtp?.close();
    stack = undefined;
    smtp = undefined;
  });
  afterAll(async () => {
    for (const s of [replica, master, alone]) await s?.kill();
    await rm(dir, { recursive: true, force: true });
  });

  /** Puts the replica to sleep for `seconds`; the flag turns true when it wakes. */
  async function holdReplica(seconds: number): Promise<{ awake: () => boolean; woke: Promise<unknown> }> {
    const admin = replica.admin();
    await admin.ping();
    let awake = false;
    const woke = admin.call('DEBUG', 'SLEEP', String(seconds)).then(() => (awake = true));
    return { awake: () => awake, woke };
  }

  it("answers an opt-out's 200 only once a replica has it", async () => {
    stack = await createTestStack({ REDIS_URL: master.url });
    await stack.importRoster([{ id: 'u-1', email: 'ada@example.com' }]);
    const app = createApp({ services: stack.services, logger: pino({ level: 'silent' }) });
    const held = await holdReplica(0.8);
    const res = await app.request(`/unsubscribe/${stack.services.tokens.sign('u-1')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(held.awake()).toBe(true);
    // Read on the replica itself, through the store: the opt-out is there.
    expect(await createStore(replica.admin(), { prefix: stack.config.prefix, retentionSeconds: 86_400 }).optouts.get('u-1')).not.toBeNull();
    await held.woke;
  });

  it('hands a message to SMTP only once a replica has its handover mark', async () => {
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ REDIS_URL: master.url, SMTP_URL: smtp.url });
    await stack.write('today.json', CONTENT);
    await stack.importRoster([{ id: 'u-1', email: 'ada@example.com', content: 'today.json' }]);
    const real = createContentSource();
    let held: { awake: () => boolean; woke: Promise<unknown> } | undefined;
    // The replica falls asleep after the first check, just before the handover.
    const content: ContentSource = {
      async load(recipient, date) {
        const day = await real.load(recipient, date);
        held = await holdReplica(0.8);
        return day;
      },
    };
    let awakeAtDelivery: boolean | undefined;
    const original = smtp.reply;
    smtp.reply = (rcpt, attempt) => {
      awakeAtDelivery = held?.awake();
      return original(rcpt, attempt);
    };
    await stack.startWorker({ content });
    await stack.services.enqueue(DATE, ['u-1'], 'all');
    expect((await waitForOutcomes(stack.services, DATE, ['u-1'])).get('u-1')?.status).toBe('sent');
    expect(awakeAtDelivery).toBe(true);
    await held?.woke;
  });

  it('costs nothing on a server without replicas: no WAIT is sent', async () => {
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ REDIS_URL: alone.url, SMTP_URL: smtp.url });
    await stack.write('today.json', CONTENT);
    await stack.importRoster([
      { id: 'u-1', email: 'ada@example.com', content: 'today.json' },
      { id: 'u-2', email: 'bob@example.com', content: 'today.json' },
    ]);
    await stack.services.optouts.optOut('u-2', 'link');
    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-1', 'u-2'], 'all');
    const outcomes = await waitForOutcomes(stack.services, DATE, ['u-1', 'u-2']);
    expect([outcomes.get('u-1')?.status, outcomes.get('u-2')?.status]).toEqual(['sent', 'skipped:opted-out']);
    expect(String(await alone.admin().info('commandstats'))).not.toMatch(/cmdstat_wait:/);
  });
});
