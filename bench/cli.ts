/**
 * What a CLI command costs to start and run: CPU time (user + system) and peak RSS of
 * `node bin/briefing.js …` as a real child process, measured by GNU time (`/usr/bin/time`),
 * for `--help`, `recipients list`, `status` and `send` against a 30-person roster in its own
 * BRIEFING_PREFIX on the shared Redis. Runs are interleaved (each round runs every command
 * in every mode once), so a busy phase of the machine hits all of them alike.
 *
 *   npm run bench:cli [-- --runs=7 --recipients=30 --modes=bin,source --before=DIR]
 *
 * Modes: `bin` runs bin/briefing.js as ops do (the compiled build in dist/ when it is up to
 * date: run `npm run build` first); `source` sets BRIEFING_FROM_SOURCE=1 (the TypeScript
 * sources through tsx). `--before=DIR` adds mode `before`: another checkout's
 * bin/briefing.js (an older commit unpacked with `git archive`, node_modules linked), in the
 * same interleaved rounds: that is how the figures from before the build were taken.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { deletePrefix } from '../test/helpers/redis-cleanup.ts';
import { intOption, summarise, type Summary } from './bench-stats.ts';

const TIME = '/usr/bin/time';
const runs = intOption('runs', 'BENCH_RUNS', 7);
const recipients = intOption('recipients', 'BENCH_RECIPIENTS', 30);
const root = fileURLToPath(new URL('..', import.meta.url));
const beforeArg = process.argv.find((a) => a.startsWith('--before='))?.slice('--before='.length);
const modesArg = process.argv.find((a) => a.startsWith('--modes='))?.slice('--modes='.length) ?? 'bin,source';
const modes = [...modesArg.split(',').filter(Boolean), ...(beforeArg ? ['before'] : [])];
for (const m of modes) if (!['bin', 'source', 'before'].includes(m)) throw new Error(`--modes: "${m}" is not bin or source`);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-cli-${process.pid}-${randomBytes(3).toString('hex')}`;
const binOf = (mode: string) => join(mode === 'before' ? resolve(beforeArg!) : root, 'bin/briefing.js');

const ZONES = ['Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'];

interface Sample {
  readonly cpuS: number;
  readonly rssMb: number;
  readonly wallS: number;
}

function run(args: readonly string[], mode: string): Promise<Sample> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    REDIS_URL: redisUrl,
    BRIEFING_PREFIX: prefix,
    UNSUBSCRIBE_KEYS: `b1:bench-secret-${'x'.repeat(32)}`,
    LOG_LEVEL: 'warn',
    ...(mode === 'source' ? { BRIEFING_FROM_SOURCE: '1' } : {}),
  };
  return new Promise((done, fail) => {
    execFile(TIME, ['-f', '@@time %e %U %S %M', process.execPath, binOf(mode), ...args], { env, cwd: root, timeout: 60_000 }, (err, _stdout, stderr) => {
      const m = /@@time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(stderr);
      if (err || !m) return fail(new Error(`briefing ${args.join(' ')} failed: ${err?.message ?? ''}\n${stderr}`));
      done({ wallS: Number(m[1]), cpuS: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024 });
    });
  });
}

const fmt = (s: Summary, digits: number) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

async function main(): Promise<void> {
  if (!existsSync(TIME)) throw new Error(`${TIME} not found (Debian: apt-get install time)`);
  const dir = await mkdtemp(join(tmpdir(), 'bench-cli-'));
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  try {
    const roster = Array.from({ length: recipients }, (_, i) => ({
      id: `u-${1000 + i}`,
      email: `person${i}@example.com`,
      name: `Person ${i}`,
      timeZone: ZONES[i % ZONES.length],
    }));
    const rosterFile = join(dir, 'roster.json');
    await writeFile(rosterFile, JSON.stringify(roster));
    await run(['recipients', 'import', rosterFile], 'source');

    let day = 0;
    // Each send gets a date of its own, so that every run queues the whole roster.
    const nextDate = () => `2027-01-${String((day++ % 28) + 1).padStart(2, '0')}`;
    const commands: { label: string; args: () => string[] }[] = [
      { label: '--help', args: () => ['--help'] },
      { label: 'recipients list', args: () => ['recipients', 'list'] },
      { label: 'status --date', args: () => ['status', '--date', '2027-01-01'] },
      { label: `send --date --all (${recipients})`, args: () => ['send', '--date', nextDate(), '--all'] },
    ];
    const hasBuild = existsSync(join(root, 'dist/.build-stamp'));
    console.log(`bench:cli  ${root}${beforeArg ? ` (before: ${resolve(beforeArg)})` : ''}`);
    console.log(`  ${runs} runs per command and mode, interleaved; node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`  mode bin: ${hasBuild ? 'dist/ is there: the bin runs it when it is up to date' : 'no build in dist/: the bin runs the sources'}`);

    const samples = new Map<string, Sample[]>();
    for (let round = 0; round <= runs; round++) {
      for (const mode of modes) {
        for (const c of commands) {
          const sample = await run(c.args(), mode);
          // Round 0 warms the file cache and tsx's transform cache; it is not counted.
          if (round > 0) samples.set(`${c.label}|${mode}`, [...(samples.get(`${c.label}|${mode}`) ?? []), sample]);
        }
      }
    }

    console.log('');
    console.log('command                       mode    CPU s (user+sys) median (range)   peak RSS MB median (range)   wall s median (busy machine)');
    for (const c of commands) {
      for (const mode of modes) {
        const s = samples.get(`${c.label}|${mode}`)!;
        console.log(
          `${c.label.padEnd(30)}${mode.padEnd(8)}${fmt(summarise(s.map((x) => x.cpuS)), 2).padEnd(34)}${fmt(summarise(s.map((x) => x.rssMb)), 0).padEnd(29)}${summarise(s.map((x) => x.wallS)).median.toFixed(2)}`,
        );
      }
    }
    console.log(`\n  load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
