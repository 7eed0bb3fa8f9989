/**
 * The whole send path against what the machine can send: N recipients with realistic
 * content from `send --all` (roster → enqueue, as the CLI does it) through `briefing worker`
 * processes to a real SMTP receiver on loopback (its own process), emails/s counted at the
 * receiver; and in the same run the ceiling: nodemailer's SMTP pool sending N prebuilt
 * messages of the same bytes to the same receiver.
 *
 *   npm run bench:pipeline [-- --n=5000 --runs=3 --processes=1,2 --concurrency=C --pool=P --cpu-prof=DIR --cluster]
 *
 * --cluster runs the same send on a private 3-master Redis Cluster (SEND_QUEUES=3) instead of
 * the Redis at REDIS_URL, and prints how the keys and the commands spread over the masters.
 *
 * --cpu-prof=DIR writes each worker process's V8 CPU profile to DIR (open it in Chrome
 * DevTools or speedscope).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { createServices, type Services } from '../src/app/services.ts';
import { loadConfig } from '../src/config.ts';
import { importRosterFile } from '../src/recipients/import-roster.ts';
import { deletePrefix } from '../test/helpers/redis-cleanup.ts';
import { formatRate, intOption, summarise } from './bench-stats.ts';
import { rosterId, writeRoster } from './pipeline-fixtures.ts';
import { allOutcomes } from '../test/helpers/outcomes.ts';
import { createRedisClient } from '../src/redis.ts';
import { benchTarget, nodeFigures, spreadLines, type BenchTarget, type NodeFigures } from './scale/target.ts';

const N = intOption('n', 'BENCH_N', 5000);
const RUNS = intOption('runs', 'BENCH_RUNS', 3);
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const PROCESS_COUNTS = (arg('processes') ?? '1,2').split(',').map(Number);
const BIN = fileURLToPath(new URL('../bin/briefing.js', import.meta.url));
const SINK = fileURLToPath(new URL('./smtp-sink.ts', import.meta.url));
// Bounded: a run that has not finished by then is reported as such, never waited on forever.
const RUN_TIMEOUT_MS = Math.max(120_000, N * 100);
const PREFIX = `bench-pipeline-${randomBytes(4).toString('hex')}`;
const UNSUBSCRIBE_KEYS = 'b1:bench-secret-0123456789abcdefghijklmnopqrstuvwxyz';

// Only the options given are passed, so the config defaults are what gets measured.
const workerEnv: Record<string, string> = {};
if (arg('concurrency')) workerEnv.WORKER_CONCURRENCY = arg('concurrency')!;
if (arg('pool')) workerEnv.SMTP_POOL_SIZE = arg('pool')!;

interface SinkStats {
  count: number;
  bytes: number;
  firstMs: number;
  lastMs: number;
}

function startSink(sampleFile: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(SINK, [sampleFile], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the SMTP receiver exited with ${code} before listening`)));
    child.once('message', (m: { type: string; port: number }) => resolve({ child, port: m.port }));
  });
}

function ask<T>(child: ChildProcess, type: string, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type !== reply) return;
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
    child.send({ type });
  });
}

/** Waits until the receiver has `n` messages; the rate is counted between its first and last. */
async function waitForReceiver(sink: ChildProcess, n: number, onTick?: () => Promise<string | undefined>): Promise<SinkStats> {
  const started = Date.now();
  for (;;) {
    const s = await ask<SinkStats>(sink, 'stats', 'stats');
    if (s.count >= n) return s;
    if (Date.now() - started > RUN_TIMEOUT_MS) {
      throw new Error(`timed out after ${RUN_TIMEOUT_MS / 1000}s with ${s.count} of ${n} messages received${(await onTick?.()) ?? ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const perSecond = (s: SinkStats) => (s.count - 1) / ((s.lastMs - s.firstMs) / 1000);

/** Peak resident memory of a process, as the kernel recorded it. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function startWorkers(count: number, env: Record<string, string>, services: Services): Promise<ChildProcess[]> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i += 1) {
    const profile = arg('cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(arg('cpu-prof')!)] : [];
    children.push(spawn(process.execPath, [...profile, BIN, 'worker', '--no-scheduler'], { env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'inherit'] }));
  }
  const started = Date.now();
  const queue = services.sendQueues.all[0]!;
  while ((await queue.getWorkersCount()) < count) {
    if (Date.now() - started > 30_000) throw new Error(`only ${await queue.getWorkersCount()} of ${count} workers came up in 30s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return children;
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const hard = setTimeout(() => c.kill('SIGKILL'), 15_000);
          c.once('exit', () => {
            clearTimeout(hard);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
}

/**
 * Weekdays from Mon 1 Feb 2027: each run sends for a date of its own (one briefing per person
 * per date). The workers run with --no-scheduler, so nothing but the bench queues briefings.
 */
function runDates(count: number): string[] {
  const dates: string[] = [];
  for (let d = new Date('2027-02-01T00:00:00Z'); dates.length < count; d.setUTCDate(d.getUTCDate() + 1)) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) dates.push(d.toISOString().slice(0, 10));
  }
  return dates;
}

async function ceilingRun(sink: ChildProcess, port: number, raw: Buffer, poolSize: number): Promise<number> {
  await ask(sink, 'reset', 'reset-done');
  const transporter = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, pool: true, maxConnections: poolSize, maxMessages: 1000 });
  try {
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < N; i += 1) {
      sends.push(transporter.sendMail({ envelope: { from: 'briefing@bench.example', to: [`person${i}@bench.example`] }, raw }));
    }
    await Promise.all(sends);
    return perSecond(await waitForReceiver(sink, N));
  } finally {
    transporter.close();
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'briefing-bench-'));
  const sampleFile = path.join(dir, 'sample.eml');
  const { child: sink, port } = await startSink(sampleFile);
  const cluster: BenchTarget | undefined = process.argv.includes('--cluster') ? await benchTarget(['--cluster']) : undefined;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...(cluster?.env ?? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }),
    BRIEFING_PREFIX: PREFIX,
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    UNSUBSCRIBE_KEYS,
    PUBLIC_URL: 'https://briefing.bench.example',
    MAIL_FROM: 'Briefing <briefing@bench.example>',
    ...workerEnv,
  };
  const config = loadConfig(env);
  const services = createServices(config, { name: 'bench-pipeline' });
  const workers: ChildProcess[] = [];
  try {
    console.log(`bench:pipeline — N=${N}, ${RUNS} runs per figure, worker processes ${PROCESS_COUNTS.join(' and ')}, on ${cluster?.describe ?? config.redis.kind}, ` +
      `WORKER_CONCURRENCY=${config.workerConcurrency}, SMTP_POOL_SIZE=${config.smtpPoolSize}, node ${process.version}`);
    const rosterFile = await writeRoster(dir, N);
    await importRosterFile(rosterFile, { defaultTimeZone: 'UTC' }, services.roster);
    const ids = Array.from({ length: N }, (_, i) => rosterId(i));
    const dates = runDates(RUNS * PROCESS_COUNTS.length);

    const results = new Map<number, { rates: number[]; rss: number[] }>();
    for (const count of PROCESS_COUNTS) results.set(count, { rates: [], rss: [] });
    const ceilings: number[] = [];
    let sampleBytes = 0;
    for (let run = 0; run < RUNS; run += 1) {
      for (const [index, count] of PROCESS_COUNTS.entries()) {
        const date = dates[run * PROCESS_COUNTS.length + index]!;
        await ask(sink, 'reset', 'reset-done');
        const before: NodeFigures[] | undefined = cluster ? await nodeFigures(cluster) : undefined;
        workers.push(...(await startWorkers(count, env, services)));
        await services.enqueue(date, ids, 'all');
        const stats = await waitForReceiver(sink, N, async () => {
          const outcomes = await allOutcomes(services.outcomes, date);
          const counts: Record<string, number> = {};
          for (const o of outcomes.values()) counts[o.status] = (counts[o.status] ?? 0) + 1;
          return ` (outcomes: ${JSON.stringify(counts)})`;
        });
        const rss = Math.max(...workers.map((w) => peakRssMb(w.pid!)));
        await stopWorkers(workers.splice(0));
        const rate = perSecond(stats);
        sampleBytes = Math.round(stats.bytes / stats.count);
        results.get(count)!.rates.push(rate);
        results.get(count)!.rss.push(rss);
        console.log(`  run ${run + 1}: ${count} worker process${count > 1 ? 'es' : ''}: ${Math.round(rate)} emails/s, peak RSS ${Math.round(rss)} MB, ${sampleBytes} bytes/email`);
        if (cluster && before) {
          console.log('    spread over the masters (keys held; memory and commands: during the run):');
          for (const line of spreadLines(before, await nodeFigures(cluster))) console.log(`  ${line}`);
        }
      }
      // The ceiling right after, with the same receiver and bytes, per run: the machine's load moves.
      const raw = await readFile(sampleFile);
      const ceiling = await ceilingRun(sink, port, raw, config.smtpPoolSize);
      ceilings.push(ceiling);
      console.log(`  run ${run + 1}: ceiling (nodemailer pool of ${config.smtpPoolSize}, ${raw.length} prebuilt bytes): ${Math.round(ceiling)} emails/s`);
    }

    const ceiling = summarise(ceilings);
    console.log(`ceiling            ${formatRate(ceiling, ' emails/s')}`);
    for (const [count, r] of results) {
      const s = summarise(r.rates);
      const ratios = summarise(r.rates.map((rate, i) => rate / ceilings[i]!));
      const target = count === 1 ? '≥ 0.5' : '≥ 0.8'; // issue 12's targets
      console.log(`${count} process${count > 1 ? 'es' : '  '}        ${formatRate(s, ' emails/s')}; pipeline/ceiling ${ratios.median.toFixed(2)} ` +
        `(range ${ratios.min.toFixed(2)}–${ratios.max.toFixed(2)}, target ${target}); worker peak RSS ≤ ${Math.round(Math.max(...r.rss))} MB (target < 250)`);
    }
  } finally {
    await stopWorkers(workers);
    await Promise.all(services.sendQueues.all.map((q) => q.obliterate({ force: true }).catch(() => undefined)));
    await services.close();
    if (cluster) await cluster.stop();
    else {
      const cleanup = createRedisClient(config.redis, { name: 'bench-cleanup' });
      await deletePrefix(cleanup, PREFIX);
      await cleanup.quit();
    }
    sink.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
