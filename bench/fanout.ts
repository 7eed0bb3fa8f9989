/**
 * Fan-out benchmark (`npm run bench:fanout`): a roster of N recipients (default 1,000,000) in
 * one send group, plus 500 small groups, fanned out by the scheduler's real tick (which queues
 * fan-out jobs) and those jobs run in this one process, into BullMQ (bench:scale runs them in
 * 1 and 2 worker processes on a private Redis).
 * Prints: fan-out time and rate, Redis memory per queued job (INFO memory before/after), and
 * the cost of a tick with nothing due, before and after the roster grows to N.
 * Uses its own BRIEFING_PREFIX and deletes every key under it at the end.
 */
import { pino } from 'pino';
import { loadConfig } from '../src/config.ts';
import { createServices } from '../src/app/services.ts';
import type { Recipient } from '../src/recipients/recipient.ts';
import { createSchedulerTick } from '../workers/scheduler.ts';
import { intOption, summarise } from './bench-stats.ts';
import { deletePrefix } from '../test/helpers/redis-cleanup.ts';
import { fanOutNow } from '../test/helpers/fan-out.ts';
import { createRedisClient } from '../src/redis.ts';

const N = intOption('recipients', 'BENCH_RECIPIENTS', 1_000_000);
const SMALL_GROUPS = 500;
const prefix = `bench-fanout-${process.pid}`;
const config = loadConfig({ ...process.env, BRIEFING_PREFIX: prefix, LOG_LEVEL: 'silent', ADMIN_TOKEN: undefined });
const services = createServices(config, { name: 'bench-fanout', blocking: true });
const tick = createSchedulerTick(services, pino({ level: 'silent' }));
// A plain connection for INFO and the clean-up only; the benchmark itself goes through the stores.
const redis = createRedisClient(config.redis, { name: 'bench-fanout-info' });
const ZONES = ['Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'Europe/London', 'Asia/Tokyo', 'America/Los_Angeles', 'Australia/Sydney'];

const person = (id: string, timeZone: string, sendAt: string): Recipient => ({
  id,
  email: `${id}@bench.example`,
  name: id,
  locale: 'en',
  timeZone,
  sendAt,
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  workHours: { start: '09:00', end: '17:00' },
  enabled: true,
});

async function usedMemory(): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

async function nothingDueTicks(now: Date, runs = 200): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const result = await tick(now);
    ms.push(performance.now() - started);
    if (result.done.length > 0) throw new Error('a tick meant to have nothing due fanned out a group');
  }
  const s = summarise(ms);
  const p99 = [...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.99)]!;
  return `median ${s.median.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${s.max.toFixed(2)} ms (${runs} ticks)`;
}

async function cleanup(): Promise<void> {
  await Promise.all(services.sendQueues.all.map((q) => q.obliterate({ force: true })));
  await services.scheduleQueue.obliterate({ force: true });
  await services.fanOutQueue.obliterate({ force: true });
  await deletePrefix(redis, prefix);
}

try {
  // Tuesday 24 November 2026, 07:30 in Amsterdam is 06:30Z.
  const before = new Date('2026-11-24T06:00:00Z');
  const due = new Date('2026-11-24T06:30:30Z');

  // 500 one-person groups at distinct times over eight zones, so the tick has real groups to look at.
  const small = Array.from({ length: SMALL_GROUPS }, (_, i) => {
    const minutes = (i * 37) % (24 * 60); // 37 is coprime with 1440: 500 distinct send times
    const sendAt = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    return person(`g${i}`, ZONES[i % ZONES.length]!, sendAt);
  });
  await services.roster.upsertMany(small);
  await tick(before);
  console.log(`tick, nothing due, roster ${small.length}, ${(await services.roster.groups()).length} groups: ${await nothingDueTicks(before)}`);

  const seedStarted = performance.now();
  for (let i = 0; i < N; i += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, N - i) }, (_, j) => person(`r${i + j}`, 'Europe/Amsterdam', '07:30'));
    await services.roster.upsertMany(batch);
  }
  console.log(`seeded ${N.toLocaleString('en-GB')} recipients in one group in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (not part of the figure)`);
  console.log(`tick, nothing due, roster ${(N + SMALL_GROUPS).toLocaleString('en-GB')}: ${await nothingDueTicks(before)}`);

  const memBefore = await usedMemory();
  const started = performance.now();
  const result = await tick(due);
  // The tick only queues the fan-out jobs; this process then runs them, as one worker process would.
  await fanOutNow(services, { now: () => due });
  const seconds = (performance.now() - started) / 1000;
  const memAfter = await usedMemory();
  const queued = (await Promise.all(services.sendQueues.all.map((q) => q.getWaitingCount()))).reduce((a, b) => a + b, 0);
  const jobs = result.done.reduce((n, d) => n + d.jobs, 0);
  console.log(`fan-out: ${queued.toLocaleString('en-GB')} jobs queued in ${seconds.toFixed(1)} s (${Math.round(queued / seconds).toLocaleString('en-GB')} jobs/s) by ${jobs} fan-out jobs in this one process (bench:scale runs them in 1 and 2 worker processes)`);
  const perJob = (memAfter - memBefore) / queued;
  console.log(
    `redis memory: +${((memAfter - memBefore) / 1e6).toFixed(0)} MB for ${queued.toLocaleString('en-GB')} jobs = ${perJob.toFixed(0)} B per queued job ` +
      `(with its "pending" outcome entry; INFO used_memory, shared Redis: other clients add noise)`,
  );
  console.log(`tick, nothing due, right after the fan-out (1 group done, ${(N + SMALL_GROUPS).toLocaleString('en-GB')} recipients): ${await nothingDueTicks(due)}`);
} finally {
  const cleanStarted = performance.now();
  await cleanup();
  console.log(`cleaned up ${prefix}:* in ${((performance.now() - cleanStarted) / 1000).toFixed(1)} s`);
  await services.close();
  await redis.quit();
}
