/**
 * Migration benchmark (`npm run bench:migrate`): an earlier-layout installation of N
 * recipients with D dates of outcomes (the last one past OUTCOME_RETENTION), 2% opted out with
 * their audit entries, and J briefings waiting in the earlier send queue; then
 * `briefing migrate --dry-run` and `briefing migrate`, each in a process of its own.
 * Prints, per roster size (median and range of the runs): the CLI's CPU time and peak RSS
 * (the figures to compare: the machine may be busy), Redis's CPU time, wall-clock time
 * (noise on a busy machine), and Redis memory of the earlier layout and of the new one.
 * A first run with nothing to move gives the command's fixed cost; peak RSS at two roster
 * sizes shows whether memory grows with the roster.
 * Runs on a redis-server of its own on a free port (its data is flushed between runs; the
 * shared Redis is not touched) and stops it at the end.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startPrivateRedis } from '../test/helpers/private-redis.ts';
import { intOption, summarise, type Summary } from './bench-stats.ts';
import { writeLegacyBulk } from './legacy-bulk.ts';

const sizesArg = process.argv.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length) ?? process.env.BENCH_SIZES ?? '20000,100000';
const SIZES = sizesArg.split(',').map(Number);
if (SIZES.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes / BENCH_SIZES: "${sizesArg}" must be whole numbers above 0, comma-separated`);
const DATES = intOption('dates', 'BENCH_DATES', 3);
const RUNS = intOption('runs', 'BENCH_RUNS', 3);
const JOBS = intOption('jobs', 'BENCH_JOBS', 1000);
// --heap=MB caps the migrate process's JavaScript heap (node --max-old-space-size): a run that
// finishes under a cap that a larger roster does not need raising holds no roster in memory.
const HEAP_MB = process.argv.some((a) => a.startsWith('--heap=')) ? intOption('heap', 'BENCH_HEAP_MB', 0) : null;
const RUNNER = fileURLToPath(new URL('./migrate-run.ts', import.meta.url));
const prefix = 'bench-migrate';

interface Usage { cpuSeconds: number; maxRssMb: number; exitCode: number }

function runMigrate(url: string, args: string[]): Promise<Usage & { wallSeconds: number }> {
  const started = performance.now();
  const child = fork(RUNNER, args, {
    execArgv: ['--import', 'tsx', ...(HEAP_MB ? [`--max-old-space-size=${HEAP_MB}`] : [])],
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', REDIS_URL: url, BRIEFING_PREFIX: prefix, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    let usage: Usage | undefined;
    child.on('message', (m) => (usage = m as Usage));
    child.on('exit', () => {
      if (!usage || usage.exitCode !== 0) return reject(new Error(`briefing migrate ${args.join(' ')} failed: ${stderr.trim()}`));
      resolve({ ...usage, wallSeconds: (performance.now() - started) / 1000 });
    });
  });
}

const server = await startPrivateRedis();
// The earlier layout only ever ran on one server: a plain connection to the bench's own.
const redis = new Redis(server.url, { connectionName: 'bench-migrate' });
const info = async (section: string, field: string) => Number(new RegExp(`${field}:([\\d.]+)`).exec(await redis.info(section))![1]);
const redisCpu = async () => (await info('cpu', 'used_cpu_user')) + (await info('cpu', 'used_cpu_sys'));
const fmt = (s: Summary, digits = 1, unit = '') => `${s.median.toFixed(digits)}${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

try {
  console.log(`bench:migrate: sizes ${SIZES.join(', ')}, ${DATES} dates, ${JOBS} queued, ${RUNS} runs each${HEAP_MB ? `, heap capped at ${HEAP_MB} MB` : ''}; Node ${process.version}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  // The fixed cost of the command (start-up, loading the code): a run with nothing to move.
  const idle: Usage[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    await redis.flushall();
    idle.push(await runMigrate(server.url, []));
  }
  console.log(`  nothing to migrate: CPU ${fmt(summarise(idle.map((u) => u.cpuSeconds)), 2, ' s')}, peak RSS ${fmt(summarise(idle.map((u) => u.maxRssMb)), 0, ' MB')}`);
  for (const n of SIZES) {
    const FIGURES = ['cpu', 'rss', 'redisCpu', 'wall', 'dryCpu', 'dryRss', 'memBefore', 'memAfter'] as const;
    const rows = Object.fromEntries(FIGURES.map((f) => [f, [] as number[]])) as Record<(typeof FIGURES)[number], number[]>;
    let outcomes = 0;
    for (let run = 0; run < RUNS; run += 1) {
      await redis.flushall();
      const bulk = await writeLegacyBulk(redis, prefix, { recipients: n, dates: DATES, jobs: Math.min(JOBS, n), now: new Date() });
      outcomes = bulk.outcomes;
      rows.memBefore.push((await info('memory', 'used_memory')) / 1e6);
      const dry = await runMigrate(server.url, ['--dry-run']);
      rows.dryCpu.push(dry.cpuSeconds);
      rows.dryRss.push(dry.maxRssMb);
      const before = await redisCpu();
      const real = await runMigrate(server.url, []);
      rows.redisCpu.push((await redisCpu()) - before);
      rows.cpu.push(real.cpuSeconds);
      rows.rss.push(real.maxRssMb);
      rows.wall.push(real.wallSeconds);
      // The earlier keys are UNLINKed: freed by a background thread. Count what stays.
      for (let i = 0; i < 600 && (await info('memory', 'lazyfree_pending_objects')) > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
      rows.memAfter.push((await info('memory', 'used_memory')) / 1e6);
      if ((await redis.get(`${prefix}:schema`)) !== '2') throw new Error('the migration did not mark the layout');
    }
    const s = Object.fromEntries(FIGURES.map((f) => [f, summarise(rows[f])])) as Record<(typeof FIGURES)[number], Summary>;
    console.log(`\n${n.toLocaleString('en-GB')} recipients, ${outcomes.toLocaleString('en-GB')} outcomes, ${Math.min(JOBS, n)} queued:`);
    console.log(`  migrate CLI CPU        ${fmt(s.cpu, 2, ' s')} = ${((s.cpu.median / outcomes) * 1e6).toFixed(1)} µs per outcome`);
    console.log(`  migrate CLI peak RSS   ${fmt(s.rss, 0, ' MB')}`);
    console.log(`  redis-server CPU       ${fmt(s.redisCpu, 2, ' s')}`);
    console.log(`  dry run CPU / peak RSS ${fmt(s.dryCpu, 2, ' s')} / ${fmt(s.dryRss, 0, ' MB')}`);
    console.log(`  wall clock (busy machine: noise) ${fmt(s.wall, 1, ' s')}`);
    console.log(`  Redis memory           earlier layout ${fmt(s.memBefore, 0, ' MB')}, after ${fmt(s.memAfter, 0, ' MB')}`);
  }
} finally {
  await redis.quit();
  await server.kill();
}
