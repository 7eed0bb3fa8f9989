/**
 * bench:scale (`npm run bench:scale -- --recipients=1000000 [--outcome-days=30] [--fan-out-only] [--cluster | --cluster-nodes=…]`):
 * the figures of a million recipients, each with the CPU it cost (the machine may be busy:
 * wall-clock time alone says little there):
 *   1. `recipients import` of an N-row CSV: time, CPU, the CLI's peak RSS, Redis latency meanwhile;
 *   2. Redis bytes per recipient;
 *   3. the day's fan-out with 1 and with 2 worker processes: time, CPU of the workers and of Redis,
 *      Redis bytes per queued job;
 *   4. Redis bytes per per-person outcome, and the total with one day queued and `--outcome-days`
 *      days of outcomes (target ≤ 3 GB);
 *   5. `status --date D` of a day of N outcomes: the CLI's time, and the report's own.
 * Runs on a private redis-server, or with `--cluster` on a private 3-master Redis Cluster, where
 * it also prints how keys, memory and commands spread over the masters (bench/scale/target.ts,
 * the one place that chooses), and removes everything it made, also when it fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createServices, type Services } from '../src/app/services.ts';
import { loadConfig } from '../src/config.ts';
import { statusReport } from '../src/delivery/status-report.ts';
import { addDays } from '../src/time/zones.ts';
import { createSchedulerTick } from '../workers/scheduler.ts';
import { intOption, summarise } from './bench-stats.ts';
import { procStats } from './scale/proc-stats.ts';
import { latencyProbe, runBriefing, startFanOutWorkers, writeCsvRoster } from './scale/steps.ts';
import { benchTarget, infoSum, nodeFigures, redisCpu, spreadLines, type BenchTarget } from './scale/target.ts';

const N = intOption('recipients', 'BENCH_RECIPIENTS', 1_000_000);
const OUTCOME_DAYS = intOption('outcome-days', 'BENCH_OUTCOME_DAYS', 30);
/** Import and the two fan-outs only (about a quarter of the time): to repeat the fan-out figure. */
const FAN_OUT_ONLY = process.argv.includes('--fan-out-only');
const MINUTE = 60_000;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const n = (x: number) => Math.round(x).toLocaleString('en-GB');
// Tuesday 24 and Wednesday 25 November 2026: 07:30 in Amsterdam is 06:30Z.
const FAN_OUT_DATES = ['2026-11-24', '2026-11-25'];

const target = await benchTarget(process.argv);
const prefix = `bench-scale-${process.pid}`;
const env = { ...target.env, BRIEFING_PREFIX: prefix, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
const services = createServices(config, { name: 'bench-scale', blocking: true });
const dir = await mkdtemp(join(tmpdir(), 'bench-scale-'));
const used = () => infoSum(target, 'memory', 'used_memory');
let stopWorkers: (() => Promise<void>) | undefined;

async function importRoster(): Promise<void> {
  const file = join(dir, 'roster.csv');
  await writeCsvRoster(file, N);
  const before = await used();
  // The same probe with nothing running first: what this (busy) machine's scheduling alone costs.
  const idle = latencyProbe(target.nodes[0]!);
  await new Promise((r) => setTimeout(r, 10_000));
  const baseline = await idle.stop();
  const probe = latencyProbe(target.nodes[0]!);
  const run = await runBriefing(['recipients', 'import', file], env, 60 * MINUTE);
  const latency = await probe.stop();
  if (run.code !== 0) throw new Error(`import failed (${run.code}): ${run.stderr}`);
  console.log(`import of ${n(N)} CSV rows: ${run.seconds.toFixed(1)} s wall, ${run.cpu.toFixed(1)} s CPU (the CLI), peak RSS ${mb(run.peakRss)} (target ≤ 300 MB)`);
  console.log(`  Redis meanwhile: ${latency}; for comparison, 10 s before it with nothing running: ${baseline}`);
  const bytes = (await used()) - before;
  console.log(`Redis per recipient: ${mb(bytes)} for ${n(N)} = ${(bytes / N).toFixed(0)} B each`);
}

async function fanOut(workers: number, date: string): Promise<void> {
  const pool = await startFanOutWorkers(workers, env);
  stopWorkers = pool.stop;
  try {
    const tick = createSchedulerTick(services, pino({ level: 'silent' }));
    await tick(new Date(`${date}T06:00:00Z`));
    const [memBefore, cpuBefore, workersBefore] = await Promise.all([used(), redisCpu(target), Promise.all(pool.pids.map(procStats))]);
    const started = performance.now();
    const dispatched = await tick(new Date(`${date}T06:30:30Z`));
    await waitForFanOut(services, 60 * MINUTE);
    const seconds = (performance.now() - started) / 1000;
    const [memAfter, cpuAfter, workersAfter] = await Promise.all([used(), redisCpu(target), Promise.all(pool.pids.map(procStats))]);
    const queued = (await Promise.all(services.sendQueues.all.map((q) => q.getWaitingCount()))).reduce((a, b) => a + b, 0);
    const workerCpu = workersAfter.reduce((sum, s, i) => sum + (s?.cpu ?? 0) - (workersBefore[i]?.cpu ?? 0), 0);
    const jobs = dispatched.done.reduce((sum, d) => sum + d.jobs, 0);
    console.log(
      `fan-out of ${date} with ${workers} worker process${workers > 1 ? 'es' : ''} (${jobs} fan-out jobs): ${n(queued)} briefings queued in ${seconds.toFixed(1)} s wall ` +
        `(target ≤ 60 s with 2); CPU: workers ${workerCpu.toFixed(1)} s, Redis ${(cpuAfter - cpuBefore).toFixed(1)} s`,
    );
    console.log(`  Redis per queued job: ${((memAfter - memBefore) / queued).toFixed(0)} B (target ≤ 600 B; with the job's "pending" outcome entry)`);
  } finally {
    await pool.stop();
  }
}

async function waitForFanOut(s: Services, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await s.fanOutQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
    if (counts.failed! > 0) throw new Error('a fan-out job failed: see the workers’ log above');
    if (counts.waiting! + counts.active! + counts.delayed! + counts.prioritized! === 0) return;
    if (Date.now() > deadline) throw new Error(`the fan-out did not finish within ${timeoutMs / MINUTE} min`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** OUTCOME_DAYS days of a `sent` outcome for everyone, written a bucket at a time as the store writes them. */
async function outcomes(): Promise<string[]> {
  const dates = Array.from({ length: OUTCOME_DAYS }, (_, i) => addDays('2026-10-01', i));
  const before = await used();
  const started = performance.now();
  for await (const batch of services.roster.batches(5000)) {
    await Promise.all(dates.map((date) => services.outcomes.recordIfAbsent(date, batch, 'sent', '', new Date(`${date}T06:31:00Z`))));
  }
  const bytes = (await used()) - before;
  console.log(`${OUTCOME_DAYS} days of outcomes for ${n(N)} (written in ${((performance.now() - started) / 1000).toFixed(0)} s): ${mb(bytes)} = ${(bytes / (N * OUTCOME_DAYS)).toFixed(1)} B per outcome`);
  return dates;
}

async function status(date: string): Promise<void> {
  const cli: number[] = [];
  const cliCpu: number[] = [];
  const own: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const run = await runBriefing(['status', '--date', date], env, 2 * MINUTE);
    if (run.code !== 0) throw new Error(`status failed: ${run.stderr}`);
    cli.push(run.seconds);
    cliCpu.push(run.cpu);
    const started = performance.now();
    await statusReport(services, date);
    own.push((performance.now() - started) / 1000);
  }
  const f = (xs: number[]) => {
    const s = summarise(xs);
    return `${s.median.toFixed(2)} s (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
  };
  console.log(`status --date ${date} (${n(N)} outcomes), 5 runs: the CLI process ${f(cli)} wall, ${f(cliCpu)} CPU; the report itself ${f(own)} (target < 1 s)`);
}

const cleanup = async () => {
  await stopWorkers?.().catch(() => undefined);
  if (!target.private) {
    await Promise.all([services.fanOutQueue, services.scheduleQueue, ...services.sendQueues.all].map((q) => q.obliterate({ force: true }).catch(() => undefined)));
    await deleteOwnKeys(target);
  }
  await services.close().catch(() => undefined);
  await target.stop();
  await rm(dir, { recursive: true, force: true });
};
process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

async function deleteOwnKeys(t: BenchTarget): Promise<void> {
  for (const node of t.nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      for (const key of keys) await node.unlink(key);
      cursor = next;
    } while (cursor !== '0');
  }
}

try {
  console.log(`bench:scale — ${n(N)} recipients on ${target.describe}; node ${process.version}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await spread('import', importRoster);
  await spread('fan-out with 1 worker process', () => fanOut(1, FAN_OUT_DATES[0]!));
  // The second run starts from an empty queue: the first day's jobs go, its pending outcomes stay.
  await Promise.all(services.sendQueues.all.map((q) => q.obliterate({ force: true })));
  await spread('fan-out with 2 worker processes', () => fanOut(2, FAN_OUT_DATES[1]!));
  if (!FAN_OUT_ONLY) await spread('outcomes and status', outcomesAndStatus);
} finally {
  await cleanup();
}

/** On a cluster: how the step's keys, memory and commands spread over the masters. */
async function spread(step: string, run: () => Promise<void>): Promise<void> {
  if (target.nodes.length < 2) return run();
  const before = await nodeFigures(target);
  await run();
  console.log(`spread over the ${target.nodes.length} masters after ${step} (keys and memory: held; commands: during the step):`);
  for (const line of spreadLines(before, await nodeFigures(target))) console.log(line);
}

async function outcomesAndStatus(): Promise<void> {
  const dates = await outcomes();
  const total = await used();
  console.log(`Redis in all, ${n(N)} recipients with one day queued and ${OUTCOME_DAYS + FAN_OUT_DATES.length} days of per-person outcomes: ${(total / 1e9).toFixed(2)} GB (target ≤ 3 GB for 30 days)`);
  await status(dates.at(-1)!);
}
