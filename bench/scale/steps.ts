import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { summarise } from '../bench-stats.ts';
import { watchProcess } from './proc-stats.ts';

const BIN = fileURLToPath(new URL('../../bin/briefing.js', import.meta.url));

/** A CSV roster of n people in one send group (Amsterdam, 07:30, Monday to Friday), written as a stream. */
export async function writeCsvRoster(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('id,email,name,locale,timeZone,sendAt,workdays\n');
  for (let i = 0; i < n; i += 1) {
    if (!out.write(`u-${i},person.${i}@example.com,Person Number ${i},${i % 2 ? 'en' : 'nl'},Europe/Amsterdam,07:30,mon tue wed thu fri\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export interface CliRun {
  readonly code: number | null;
  readonly seconds: number;
  readonly cpu: number;
  readonly peakRss: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `briefing …` as a child process, timed, with its CPU and peak RSS; killed at the time limit. */
export async function runBriefing(args: readonly string[], env: Record<string, string>, timeoutMs: number): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const watch = watchProcess(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  watch.stop();
  return { code, seconds: (performance.now() - started) / 1000, ...watch.last(), stdout, stderr };
}

/** Started `briefing worker` processes that take fan-out jobs only; `stop` kills them all. */
export async function startFanOutWorkers(count: number, env: Record<string, string>, timeoutMs = 60_000): Promise<{ pids: number[]; stop(): Promise<void> }> {
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(async (c) => {
      if (c.exitCode !== null || c.signalCode !== null) return;
      c.kill('SIGKILL');
      await once(c, 'exit');
    }));
  };
  try {
    for (let i = 0; i < count; i += 1) {
      const child = spawn(process.execPath, [BIN, 'worker', '--no-scheduler', '--no-send'], { env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fan-out worker ${child.pid} not ready within ${timeoutMs} ms`)), timeoutMs);
        let text = '';
        child.stdout!.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('"fan-out worker started"')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', () => reject(new Error(`fan-out worker ${child.pid} exited before it was ready`)));
      });
      // Keep reading its log, or the pipe fills and it blocks.
      child.stdout!.resume();
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { pids: children.map((c) => c.pid!), stop };
}

/** PINGs Redis every 10 ms while it runs: how long others wait for Redis while something heavy runs. */
export function latencyProbe(redis: Redis): { stop(): Promise<string> } {
  const ms: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await redis.ping();
      ms.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      if (ms.length === 0) return 'no samples';
      const sorted = [...ms].sort((a, b) => a - b);
      const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!.toFixed(1);
      return `PING every 10 ms (${ms.length} samples): median ${summarise(ms).median.toFixed(1)} ms, p99 ${p(0.99)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
    },
  };
}
