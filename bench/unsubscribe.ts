/**
 * One-click unsubscribe throughput: the real `briefing serve` (a child process, its own
 * BRIEFING_PREFIX, real Redis) loaded by wrk on loopback with RFC 8058 POSTs of valid tokens
 * for a set of recipients. Prints requests/s and p99 per run, then median and range.
 *
 *   npm run bench:unsubscribe [-- --runs=5 --seconds=10 --connections=32 --recipients=1000 --processes=1]
 *   BENCH_PROFILE=/tmp/dir npm run bench:unsubscribe   # also writes the server's .cpuprofile there
 *
 * Before the runs, GET /healthz under the same load gives this machine's ceiling for any
 * route right now: on a busy machine, compare against that rather than the target alone.
 * Each run also prints the server's CPU time per request (user and system, from /proc, its
 * child processes included). On a shared VM that moves with the host's load as well, so
 * compare code changes in runs taken side by side, or count instructions with
 * bench/unsubscribe-instructions.ts.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRedisClient } from '../src/redis.ts';
import { loadConfig } from '../src/config.ts';
import { createStore } from '../src/store/store.ts';
import { createTokenCodec } from '../src/unsubscribe/token.ts';
import { generateUnsubscribeKey } from '../src/secrets/generate-key.ts';
import { freePort } from '../test/helpers/free-port.ts';
import { deletePrefix } from '../test/helpers/redis-cleanup.ts';
import { seedOneClickRoster } from './one-click-roster.ts';
import { intOption, summarise, type Summary } from './bench-stats.ts';

const BIN = fileURLToPath(new URL('../bin/briefing.js', import.meta.url));
const WRK = '/usr/bin/wrk';
const runs = intOption('runs', 'BENCH_RUNS', 3);
const seconds = intOption('seconds', 'BENCH_SECONDS', 10);
const connections = intOption('connections', 'BENCH_CONNECTIONS', 32);
const recipients = intOption('recipients', 'BENCH_RECIPIENTS', 1000);
// HTTP_PROCESSES of the server: one per core by default, as ops would run `briefing serve`
// on a machine of its own. Here wrk and Redis share those cores, which lengthens the tail.
const processes = intOption('processes', 'BENCH_PROCESSES', availableParallelism());
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-unsubscribe-${process.pid}-${randomBytes(3).toString('hex')}`;
// Production wants https links and a sender on a real domain; the bench calls `url` directly.
const BENCH_PRODUCTION = { PUBLIC_URL: 'https://briefing.bench.example', MAIL_FROM: 'Briefing <briefing@bench.example>' };
// A fresh key each run: `serve` runs with NODE_ENV=production, which refuses a weak or public one.
const keysSpec = (({ kid, secret }) => `${kid}:${secret}`)(generateUnsubscribeKey());

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`briefing serve exited (${child.exitCode}): ${stderr()}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 30_000) throw new Error(`briefing serve not ready after 30 s: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface WrkRun {
  readonly rps: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly bad: number;
}

function parseWrk(output: string): WrkRun {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1]);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(output);
  const requests = Number(/(\d+) requests in/.exec(output)?.[1]);
  const bad = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0) + Number(/Socket errors:.*?(\d+)/.exec(output)?.[1] ?? 0);
  if (!Number.isFinite(rps) || !p99) throw new Error(`could not read wrk's output:\n${output}`);
  const scale = { us: 0.001, ms: 1, s: 1000 }[p99[2] as 'us' | 'ms' | 's'];
  return { rps, p99Ms: Number(p99[1]) * scale, requests, bad };
}

function wrk(url: string, script: string, duration: number): Promise<WrkRun> {
  return new Promise((resolve, reject) => {
    execFile(WRK, ['-t2', `-c${connections}`, `-d${duration}s`, '--latency', '-s', script, url], (err, stdout, stderr) => {
      if (err) return reject(new Error(`wrk failed: ${err.message} ${stderr}`));
      try {
        resolve(parseWrk(stdout));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** CPU seconds (user, system) used so far by a process and its children, from /proc (Linux only; null elsewhere). */
async function cpuSeconds(pid: number): Promise<{ user: number; sys: number } | null> {
  const ticks = 100; // USER_HZ on Linux
  const total = { user: 0, sys: 0 };
  try {
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
      if (!stat) continue;
      // Fields after the command name (which may hold spaces): ppid is the 2nd, utime and stime the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(entry) !== pid && Number(fields[1]) !== pid) continue;
      total.user += Number(fields[11]) / ticks;
      total.sys += Number(fields[12]) / ticks;
    }
    return total;
  } catch {
    return null;
  }
}

const fmt = (s: Summary, digits: number, unit: string) =>
  `${s.median.toFixed(digits)}${unit} (range ${s.min.toFixed(digits)}–${s.max.toFixed(digits)}${unit})`;

async function main(): Promise<void> {
  const redis = createRedisClient({ kind: 'single', url: redisUrl }, { name: 'bench-seed' });
  const dir = await mkdtemp(join(tmpdir(), 'briefing-bench-'));
  let child: ChildProcess | undefined;
  try {
    // The roster the server looks each recipient's language up in.
    const config = loadConfig({ BRIEFING_PREFIX: prefix, UNSUBSCRIBE_KEYS: keysSpec, REDIS_URL: redisUrl });
    const ids = await seedOneClickRoster(redis, prefix, recipients);
    const tokens = createTokenCodec(config.unsubscribeKeys);
    const script = join(dir, 'one-click.lua');
    await writeFile(
      script,
      `local tokens = { ${ids.map((id) => `"${tokens.sign(id)}"`).join(', ')} }
local i = 0
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
request = function()
  i = i + 1
  return wrk.format("POST", "/unsubscribe/" .. tokens[(i % #tokens) + 1], headers, "List-Unsubscribe=One-Click")
end
`,
    );

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let stderr = '';
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    child = spawn(process.execPath, [...profile, BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', REDIS_URL: redisUrl, BRIEFING_PREFIX: prefix, UNSUBSCRIBE_KEYS: keysSpec, PORT: String(port), ...BENCH_PRODUCTION, HTTP_PROCESSES: String(processes) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    await waitReady(url, child, () => stderr);

    console.log(`one-click unsubscribe: briefing serve (pid ${child.pid}, HTTP_PROCESSES=${processes}), wrk -t2 -c${connections} -d${seconds}s, ${recipients} recipients, ${runs} runs`);
    await wrk(url, script, 3); // warm-up: JIT, connection pool, the first opt-out of each recipient
    const healthScript = join(dir, 'health.lua');
    await writeFile(healthScript, 'wrk.method = "GET"\n');
    // The server's own CPU per request tells a slower route from a busier machine.
    const measured = async (url: string, script: string) => {
      const before = await cpuSeconds(child!.pid!);
      const r = await wrk(url, script, seconds);
      const after = await cpuSeconds(child!.pid!);
      const perRequest = (s: number) => Math.round((s * 1e6) / r.requests);
      const cpu = before && after ? `, server CPU ${perRequest(after.user - before.user)} µs user + ${perRequest(after.sys - before.sys)} µs system per request` : '';
      return { r, cpu };
    };
    const ceiling = await measured(`${url}/healthz`, healthScript);
    console.log(`  ceiling (GET /healthz, no Redis): ${Math.round(ceiling.r.rps).toLocaleString('en-GB')} req/s, p99 ${ceiling.r.p99Ms.toFixed(2)} ms${ceiling.cpu}`);
    const results: WrkRun[] = [];
    for (let i = 1; i <= runs; i++) {
      const { r, cpu } = await measured(url, script);
      results.push(r);
      console.log(`  run ${i}: ${Math.round(r.rps).toLocaleString('en-GB')} req/s, p99 ${r.p99Ms.toFixed(2)} ms, ${r.requests} requests, ${r.bad} not 2xx/errors${cpu}`);
    }
    const rps = summarise(results.map((r) => r.rps));
    const p99 = summarise(results.map((r) => r.p99Ms));
    const bad = results.reduce((n, r) => n + r.bad, 0);
    console.log(`requests/s: ${fmt(rps, 0, '')}`);
    console.log(`p99:        ${fmt(p99, 2, ' ms')}`);
    console.log(`target ≥ 10,000 req/s with p99 < 20 ms: ${rps.median >= 10_000 && p99.median < 20 ? 'met' : 'NOT met'}${bad ? `; ${bad} responses were not 2xx` : ''}`);
    let optedOut = 0;
    for await (const batch of createStore(redis, { prefix, retentionSeconds: 86_400 }).optouts.batches()) optedOut += batch.length;
    if (optedOut !== recipients) throw new Error(`expected ${recipients} opt-outs recorded, found ${optedOut}`);
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await deletePrefix(redis, prefix); // only this run's keys: the Redis is shared
    await redis.quit();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`bench:unsubscribe: ${err.message}`);
  process.exitCode = 1;
});
