/**
 * Instructions per one-click POST: `briefing serve` under valgrind's callgrind, loaded with
 * one-click POSTs (and, for the baseline, GET /healthz). Counting instructions instead of
 * timing them gives a figure that does not move with what else the machine is doing: runs
 * of the same code differed by up to 10% here (JIT and GC timing), against 30% for
 * requests/s on this shared VM. Compare code changes of the hot path with it, over two runs
 * each when the difference is small. It is slow: over a minute per route.
 *
 *   npm run bench:unsubscribe:instructions [-- --requests=2000 --concurrency=32]
 *
 * Needs valgrind (Debian: apt-get install valgrind). Counts every thread of the server
 * (the main thread, V8's compiler and GC threads), not the kernel.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRedisClient } from '../src/redis.ts';
import { loadConfig } from '../src/config.ts';
import { createTokenCodec } from '../src/unsubscribe/token.ts';
import { generateUnsubscribeKey } from '../src/secrets/generate-key.ts';
import { freePort } from '../test/helpers/free-port.ts';
import { deletePrefix } from '../test/helpers/redis-cleanup.ts';
import { seedOneClickRoster } from './one-click-roster.ts';
import { intOption } from './bench-stats.ts';

const BIN = fileURLToPath(new URL('../bin/briefing.js', import.meta.url));
const requests = intOption('requests', 'BENCH_REQUESTS', 2000);
const concurrency = intOption('concurrency', 'BENCH_CONCURRENCY', 32);
const warmUp = 3000; // enough for the hot path to be optimised before counting starts
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-instructions-${process.pid}-${randomBytes(3).toString('hex')}`;
// A fresh key each run: `serve` runs with NODE_ENV=production, which refuses a weak or public one.
const keysSpec = (({ kid, secret }) => `${kid}:${secret}`)(generateUnsubscribeKey());

type Route = 'one-click' | 'healthz';

async function countRoute(route: Route, tokens: readonly string[], dir: string): Promise<number> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const outPrefix = join(dir, `callgrind-${route}`);
  const child: ChildProcess = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${outPrefix}.%p`, process.execPath, BIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', REDIS_URL: redisUrl, BRIEFING_PREFIX: prefix, UNSUBSCRIBE_KEYS: keysSpec, PORT: String(port), PUBLIC_URL: 'https://briefing.bench.example', MAIL_FROM: 'Briefing <briefing@bench.example>', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    for (const started = Date.now(); ; ) {
      if (child.exitCode !== null) throw new Error(`briefing serve under valgrind exited: ${stderr.slice(-2000)}`);
      if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break;
      if (Date.now() - started > 120_000) throw new Error(`briefing serve under valgrind not ready after 120 s: ${stderr.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    let next = 0;
    const send = async (n: number) => {
      let left = n;
      const one = async () => {
        while (left-- > 0) {
          const token = tokens[next++ % tokens.length]!;
          const res =
            route === 'healthz'
              ? await fetch(`${url}/healthz`)
              : await fetch(`${url}/unsubscribe/${token}`, {
                  method: 'POST',
                  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                  body: 'List-Unsubscribe=One-Click',
                });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${route}: HTTP ${res.status}`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, one));
    };
    await send(warmUp);
    execFileSync('callgrind_control', ['--zero', String(child.pid)], { stdio: 'ignore' });
    await send(requests);
    execFileSync('callgrind_control', ['--dump=measured', String(child.pid)], { stdio: 'ignore' });
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  for (const file of await readdir(dir)) {
    if (!file.startsWith(`callgrind-${route}.`)) continue;
    const text = await readFile(join(dir, file), 'utf8');
    if (!/^desc: Trigger: .*measured/m.test(text)) continue;
    const total = /^(?:summary|totals):\s+(\d+)/m.exec(text);
    if (total) return Number(total[1]) / requests;
  }
  throw new Error(`no callgrind dump for ${route} in ${dir}`);
}

async function main(): Promise<void> {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('valgrind is not installed (Debian: apt-get install valgrind)');
  }
  const redis = createRedisClient({ kind: 'single', url: redisUrl }, { name: 'bench-seed' });
  const dir = await mkdtemp(join(tmpdir(), 'briefing-instructions-'));
  try {
    const config = loadConfig({ BRIEFING_PREFIX: prefix, UNSUBSCRIBE_KEYS: keysSpec, REDIS_URL: redisUrl });
    const ids = await seedOneClickRoster(redis, prefix, 1000);
    const codec = createTokenCodec(config.unsubscribeKeys);
    const tokens = ids.map((id) => codec.sign(id));
    console.log(`instructions per request: briefing serve under callgrind, ${requests} requests after ${warmUp} to warm up, ${concurrency} at a time`);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
    const baseline = await countRoute('healthz', tokens, dir);
    console.log(`  GET /healthz (the HTTP stack alone): ${fmt(baseline)}`);
    const oneClick = await countRoute('one-click', tokens, dir);
    console.log(`  one-click POST:                      ${fmt(oneClick)} (${fmt(oneClick - baseline)} more than /healthz)`);
  } finally {
    await deletePrefix(redis, prefix);
    await redis.quit();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`bench:unsubscribe:instructions: ${err.message}`);
  process.exitCode = 1;
});
