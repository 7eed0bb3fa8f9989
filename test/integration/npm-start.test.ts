import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.ts';
import { deletePrefix } from '../helpers/redis-cleanup.ts';
import { FROM_SOURCE } from '../helpers/run-cli.ts';
import { uniquePrefix } from '../helpers/test-config.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True while any process of the group is alive: signal 0 checks without signalling. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm start` exactly as the README has ops run it, in a process group of its own (as a
 * terminal or a container gives it), until the service says it is listening.
 */
async function npmStart(prefix: string, outbox: string): Promise<{ npm: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      ...FROM_SOURCE,
      REDIS_URL,
      BRIEFING_PREFIX: prefix,
      PORT: String(await freePort()),
      OUTBOX_DIR: outbox,
      UNSUBSCRIBE_KEYS: 'k1:test-secret-0123456789abcdefghijklmnopqrstuvwxyz',
      LOG_LEVEL: 'info',
    },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"http listening"')) resolve();
    };
    npm.stdout!.on('data', onData);
    npm.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before the service was listening:\n${output}`)));
  });
  return { npm, output: () => output, exited };
}

describe('npm start, the way the README starts the service', () => {
  let redis: Redis;
  let outbox: string;
  const prefixes: string[] = [];
  const groups: number[] = [];

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    outbox = await mkdtemp(join(tmpdir(), 'briefing-npm-start-'));
  });
  afterAll(async () => {
    // Whatever a failed run left behind, and only that: our own process groups and keys.
    for (const pgid of groups) if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    for (const prefix of prefixes) await deletePrefix(redis, prefix);
    redis.disconnect();
    await rm(outbox, { recursive: true, force: true });
  });

  const started = async () => {
    const prefix = uniquePrefix('npm-start');
    prefixes.push(prefix);
    const run = await npmStart(prefix, outbox);
    groups.push(run.npm.pid!);
    return run;
  };

  it('stops cleanly on a SIGTERM to npm, leaving no process behind', async () => {
    const { npm, output, exited } = await started();
    process.kill(npm.pid!, 'SIGTERM');
    expect(await exited, output()).toBe(0);
    expect(output()).toContain('"msg":"stopped"');
    expect(groupAlive(npm.pid!), `still running after npm exited: ${execSync(`ps -o pid,ppid,stat,cmd -g ${npm.pid} || true`)}\n${output()}`).toBe(false);
  }, 60_000);

  it('stops cleanly on Ctrl-C, which npm passes on to the service a second time', async () => {
    const { npm, output, exited } = await started();
    // A terminal's Ctrl-C: SIGINT to the whole foreground process group.
    process.kill(-npm.pid!, 'SIGINT');
    expect(await exited, output()).toBe(0);
    expect(output()).toContain('"msg":"stopped"');
    expect(output()).not.toContain('stopping without waiting');
    expect(groupAlive(npm.pid!)).toBe(false);
  }, 60_000);
});
