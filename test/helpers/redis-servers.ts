import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { alive } from './process-alive.ts';
import { freePort } from './free-port.ts';

/**
 * Private Redis servers on free loopback ports, from Debian's redis-server and redis-sentinel
 * (nothing downloaded), for tests that do what the shared Redis must never see: freezes,
 * kills, failovers, clusters. Each runs in `dir` with no persistence.
 */
export interface RedisServer {
  readonly port: number;
  readonly pid: number;
  readonly url: string;
  /** A connection of its own (CLIENT PAUSE, INFO, ROLE…), opened on first use. */
  admin(): Redis;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ServerOptions {
  readonly dir: string;
  /** Extra redis-server arguments (`--replicaof …`, `--cluster-enabled yes`…). */
  readonly args?: readonly string[];
  /** The server's password (`--requirepass`, and `--masterauth` for replicas); a sentinel's own. */
  readonly password?: string;
  /** Needs port + 10000 free as well (a cluster node's bus port). */
  readonly clusterBus?: boolean;
  /** Outlives this process (CI's `start`, stopped by `stop` from its pid file). */
  readonly detached?: boolean;
  /** Runs `redis-sentinel CONFIG` instead; `args` then come after the config file. */
  readonly sentinelConfig?: (port: number) => string;
}

const run = promisify(execFile);
const BINARIES = ['redis-server', 'redis-sentinel', 'redis-cli'] as const;

/** The binaries these helpers need that are not on PATH. */
export async function missingBinaries(): Promise<string[]> {
  const missing: string[] = [];
  for (const bin of BINARIES) {
    await run('sh', ['-c', `command -v ${bin}`]).catch(() => missing.push(bin));
  }
  return missing;
}

async function isFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function pickPort(clusterBus: boolean): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (!clusterBus || (port + 10000 <= 65535 && (await isFree(port + 10000)))) return port;
  }
}

/** Polls `probe` every 50 ms until it is true (a probe that throws ends the wait); fails after `timeoutMs` with `what`. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One command on a short-lived connection (null when the server does not answer). */
export async function ask(port: number, password: string | undefined, ...command: string[]): Promise<unknown> {
  const redis = new Redis({ host: '127.0.0.1', port, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await redis.call(command[0]!, ...command.slice(1));
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

// Servers of this process that must not outlive it (a test that times out in its hook never
// reaches its own clean-up): SIGKILLed when the process exits, whatever the reason.
const owned = new Set<number>();
let reaperInstalled = false;
function own(pid: number): void {
  owned.add(pid);
  if (reaperInstalled) return;
  reaperInstalled = true;
  process.once('exit', () => {
    for (const p of owned) if (alive(p)) process.kill(p, 'SIGKILL');
  });
}

/** Starts one server (or sentinel) and resolves once it answers PING; retries another port if its port was taken meanwhile. */
export async function startRedisServer(opts: ServerOptions): Promise<RedisServer> {
  for (let tries = 0; ; tries += 1) {
    const port = await pickPort(opts.clusterBus ?? false);
    const requirepass = opts.password ? ['--requirepass', opts.password] : [];
    const common = ['--port', String(port), '--bind', '127.0.0.1', '--dir', opts.dir, '--logfile', join(opts.dir, `${port}.log`)];
    let argv: string[];
    let bin: string;
    if (opts.sentinelConfig) {
      const file = join(opts.dir, `sentinel-${port}.conf`);
      await writeFile(file, opts.sentinelConfig(port));
      bin = 'redis-sentinel';
      argv = [file, ...common, ...requirepass, ...(opts.args ?? [])];
    } else {
      bin = 'redis-server';
      const files = ['--dbfilename', `${port}.rdb`, ...(opts.clusterBus ? ['--cluster-config-file', `nodes-${port}.conf`] : [])];
      const masterauth = opts.password ? ['--masterauth', opts.password] : [];
      argv = [...common, '--save', '', '--appendonly', 'no', ...files, ...requirepass, ...masterauth, ...(opts.args ?? [])];
    }
    const child = spawn(bin, argv, { stdio: 'ignore', detached: opts.detached ?? false });
    const pid = child.pid!;
    if (opts.detached) child.unref();
    else own(pid);
    const { password } = opts;
    try {
      await until(`${bin} on port ${port}`, async () => {
        if (!alive(pid) || child.exitCode !== null || child.signalCode !== null) throw new Error('it exited');
        return (await ask(port, password, 'PING')) === 'PONG';
      }, 10_000);
    } catch (err) {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      if (tries < 3) continue;
      throw new Error(`${bin} did not start on port ${port} (see ${join(opts.dir, `${port}.log`)}): ${(err as Error).message}`);
    }
    await writeFile(join(opts.dir, `${port}.pid`), String(pid));
    let admin: Redis | undefined;
    return {
      port,
      pid,
      url: opts.password ? `redis://:${encodeURIComponent(opts.password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
      admin() {
        if (!admin) {
          admin = new Redis({ host: '127.0.0.1', port, password, maxRetriesPerRequest: 1 });
          admin.on('error', () => undefined);
        }
        return admin;
      },
      async kill(signal = 'SIGTERM') {
        admin?.disconnect();
        if (!alive(pid)) return;
        process.kill(pid, signal);
        owned.delete(pid);
        await until(`pid ${pid} to exit`, async () => !alive(pid) || child.exitCode !== null || child.signalCode !== null, 10_000);
      },
    };
  }
}
