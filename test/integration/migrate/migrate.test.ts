import { afterEach, describe, expect, it } from 'vitest';
import { Worker } from 'bullmq';
import { shardOf, SHARDS } from '../../../src/store/shards.ts';
import { writeLegacyInstallation, type LegacyInstallation } from '../../helpers/legacy-installation.ts';
import { legacyVersion } from '../../helpers/legacy-version.ts';
import { keysUnder, snapshotKeys } from '../../helpers/key-snapshot.ts';
import { cliEnv, runCli } from '../../helpers/run-cli.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../helpers/smtp-receiver.ts';
import { createTestStack, waitForOutcomes, type TestStack } from '../../helpers/stack.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { expectEverythingMoved } from './expect-migrated.ts';
import { asSingle } from '../../helpers/redis-cleanup.ts';

// The earlier installations are written by test/helpers/legacy-installation.ts through the
// earlier version's own writes (test/helpers/legacy-version.ts: copied from commit 09a10b8,
// its header names the file of each).

const RECIPIENTS = 400;

describe('briefing migrate', () => {
  let stack: TestStack | undefined;
  let receiver: SmtpReceiver | undefined;
  afterEach(async () => {
    await stack?.stop();
    await receiver?.close();
    stack = receiver = undefined;
  });

  const install = async (opts: { paused?: boolean; smtp?: boolean } = {}): Promise<[TestStack, LegacyInstallation]> => {
    if (opts.smtp) receiver = await startSmtpReceiver();
    stack = await createTestStack(receiver ? { SMTP_URL: receiver.url } : {});
    const legacy = await writeLegacyInstallation(asSingle(stack.redis), stack.config.prefix, { recipients: RECIPIENTS, dir: stack.dir, paused: opts.paused });
    return [stack, legacy];
  };
  const migrate = (s: TestStack, ...args: string[]) => runCli(['migrate', ...args], cliEnv(s.config), { timeoutMs: 90_000 });

  it('moves every recipient, opt-out, audit entry, outcome and count; a worker then sends each re-queued briefing once and skips the opted-out', async () => {
    const [s, legacy] = await install({ smtp: true });
    const refused = await runCli(['status', '--date', legacy.dates.today], cliEnv(s.config));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/earlier layout.*briefing migrate/s);

    const run = await migrate(s);
    expect(run.stderr).not.toMatch(/briefing: /);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${RECIPIENTS} recipients`);
    expect(run.stdout).toContain('is in the new data layout now');
    await expectEverythingMoved(s, legacy);

    await s.startWorker();
    const queued = [...legacy.queued.waiting, ...legacy.queued.delayed, ...legacy.queued.active];
    const final = await waitForOutcomes(s.services, legacy.dates.today, queued, 60_000);
    await waitUntil('the send queues to drain', async () => {
      const counts = await Promise.all(s.services.sendQueues.all.map((q) => q.getJobCounts('wait', 'active', 'delayed')));
      return counts.every((c) => (c.wait ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0) ? true : undefined;
    }, 30_000);
    const received = receiver!.received.map((m) => m.to.join(',')).sort();
    expect(received).toEqual(legacy.shouldReceive.map((id) => `${id}@example.com`).sort());
    for (const id of queued) {
      const expected = legacy.outcomes.get(legacy.dates.today)!.get(id)?.status === 'sent' ? 'sent'
        : legacy.optOuts.has(id) ? 'skipped:opted-out'
        : legacy.queued.active.includes(id) ? 'unknown'
        : !legacy.roster.find((r) => r.id === id)!.enabled ? 'skipped:disabled' : 'sent';
      expect(final.get(id)?.status, id).toBe(expected);
    }
  }, 180_000);

  it('keeps a paused organisation paused, in every shard, until `briefing resume`', async () => {
    const [s, legacy] = await install({ paused: true });
    expect((await migrate(s)).code).toBe(0);
    expect(await s.services.orgSwitch.pausedSince()).toBe(legacy.pausedSince);
    // One person per shard whom nothing else stops (not opted out, enabled): the send gate of
    // each shard reads that shard's copy of the switch.
    const probes = new Map<number, string>();
    for (const r of legacy.roster) if (r.enabled && !legacy.optOuts.has(r.id) && !probes.has(shardOf(r.id))) probes.set(shardOf(r.id), r.id);
    expect(probes.size).toBe(SHARDS);
    const targets = [...(await s.services.roster.getMany([...probes.values()])).values()];
    const gate = () => Promise.all(targets.map((t) => s.services.outcomes.gate('2099-01-04', t, 'check')));
    expect((await gate()).map((v) => v.kind)).toEqual(targets.map(() => 'held'));
    expect((await runCli(['resume'], cliEnv(s.config))).code).toBe(0);
    expect((await gate()).map((v) => v.kind)).toEqual(targets.map(() => 'ok'));
  }, 120_000);

  it('--dry-run prints what it would move and changes nothing', async () => {
    const [s, legacy] = await install();
    // The stack's own services wrote their queues' meta keys: drop them, so that a dry run
    // that opened this layout's queues (and wrote them again) would show below.
    const queueKeys = (await keysUnder(asSingle(s.redis), s.config.prefix)).filter((k) => /:\{(send\.\d+|schedule)\}:/.test(k));
    expect(queueKeys.length).toBeGreaterThan(0);
    await asSingle(s.redis).unlink(...queueKeys);
    const before = await snapshotKeys(asSingle(s.redis), s.config.prefix);
    const run = await migrate(s, '--dry-run');
    expect(run.code).toBe(0);
    const jobs = legacy.queued.waiting.length + legacy.queued.delayed.length + legacy.queued.active.length;
    expect(run.stdout).toContain(`${RECIPIENTS} recipients`);
    expect(run.stdout).toContain(`opt-outs    ${legacy.optOuts.size} (`);
    expect(run.stdout).toContain(`${legacy.audit.length} entries`);
    expect(run.stdout).toContain(`${jobs} briefings queued again`);
    expect(run.stdout).toContain('their counts only');
    expect(run.stdout).toContain('nothing was changed');
    expect(await snapshotKeys(asSingle(s.redis), s.config.prefix)).toEqual(before);
  }, 90_000);

  it('refuses while a worker of the earlier version is attached to its queues, and changes nothing', async () => {
    const [s] = await install();
    // The earlier `briefing worker` (commit 09a10b8, workers/start-worker.ts): a BullMQ worker on "send".
    const connection = asSingle(s.redis).duplicate({ maxRetriesPerRequest: null });
    const worker = new Worker('send', null, { connection, prefix: s.config.prefix, autorun: false });
    try {
      await new Promise<void>((resolve) => worker.once('ready', () => resolve()));
      const before = await snapshotKeys(asSingle(s.redis), s.config.prefix);
      for (const args of [['--dry-run'], []]) {
        const run = await migrate(s, ...args);
        expect(run.code, args.join(' ')).toBe(1);
        expect(run.stderr).toMatch(/1 worker of the earlier version is attached.*stop the workers first/);
        expect(run.stderr).toContain('nothing was changed');
      }
      expect(await snapshotKeys(asSingle(s.redis), s.config.prefix)).toEqual(before);
    } finally {
      await worker.close();
      await connection.quit();
    }
  }, 90_000);

  it('refuses earlier data it cannot read, naming every entry at fault, and changes nothing', async () => {
    const [s, legacy] = await install();
    const p = s.config.prefix;
    await asSingle(s.redis).hset(`${p}:recipients`, 'u-5', '{"id":"u-5","email":"not an address"');
    await asSingle(s.redis).hset(`${p}:optouts`, 'u-9', JSON.stringify({ at: 'last Tuesday', source: 'link' }));
    await asSingle(s.redis).hset(`${p}:outcomes:${legacy.dates.yesterday}`, 'u-11', JSON.stringify({ status: 'delivered', at: new Date().toISOString() }));
    const before = await snapshotKeys(asSingle(s.redis), p);
    const run = await migrate(s);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('recipient u-5: not a JSON object');
    expect(run.stderr).toContain('opt-out u-9: at: expected an ISO time, found "last Tuesday"');
    expect(run.stderr).toContain(`outcome of u-11 on ${legacy.dates.yesterday}: status: unknown status "delivered"`);
    expect(run.stderr).toContain('nothing was changed');
    expect(await snapshotKeys(asSingle(s.redis), p)).toEqual(before);
  }, 90_000);

  it('leaves an earlier-version process no way to record an opt-out that would be lost', async () => {
    const [s, legacy] = await install();
    expect((await migrate(s)).code).toBe(0);
    const someone = legacy.roster.find((r) => !legacy.optOuts.has(r.id))!.id;
    // The earlier one-click POST, still served by an earlier `briefing serve`: it fails (its page answers 503).
    await expect(legacyVersion(asSingle(s.redis), s.config.prefix).optOut(someone, 'one-click', new Date())).rejects.toThrow(/WRONGTYPE/);
    expect(await asSingle(s.redis).exists(`${s.config.prefix}:optouts`)).toBe(0);
    expect(await s.services.optouts.get(someone)).toBeNull();
  }, 90_000);

  it('run again once finished, has nothing to do', async () => {
    const [s, legacy] = await install();
    expect((await migrate(s)).code).toBe(0);
    const before = await snapshotKeys(asSingle(s.redis), s.config.prefix);
    const again = await migrate(s);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing to migrate');
    expect(await snapshotKeys(asSingle(s.redis), s.config.prefix)).toEqual(before);
    await expectEverythingMoved(s, legacy);
  }, 90_000);
});
