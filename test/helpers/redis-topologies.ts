import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ask, startRedisServer, until, type RedisServer } from './redis-servers.ts';

const run = promisify(execFile);

/** A set of private servers and the environment that points the service at them. */
export interface Topology {
  readonly env: Record<string, string>;
  readonly servers: readonly RedisServer[];
  stop(): Promise<void>;
}

export interface TopologyOptions {
  readonly dir: string;
  /** The servers outlive this process (CI's `start`; `stopRecorded` ends them). */
  readonly detached?: boolean;
}

const stopAll = (servers: readonly RedisServer[]) => async () => {
  await Promise.all(servers.map((s) => s.kill('SIGKILL')));
};

/** Three masters, no replicas, all 16384 slots assigned; resolves once every node says cluster_state:ok. */
export async function startCluster(opts: TopologyOptions): Promise<Topology> {
  const servers: RedisServer[] = [];
  try {
    for (let i = 0; i < 3; i += 1) {
      servers.push(await startRedisServer({ dir: opts.dir, detached: opts.detached, clusterBus: true, args: ['--cluster-enabled', 'yes', '--cluster-node-timeout', '5000'] }));
    }
    await run('redis-cli', ['--cluster', 'create', ...servers.map((s) => `127.0.0.1:${s.port}`), '--cluster-yes']);
    for (const s of servers) {
      await until(`cluster_state:ok on port ${s.port}`, async () => /cluster_state:ok/.test(String(await ask(s.port, undefined, 'CLUSTER', 'INFO'))));
    }
  } catch (err) {
    await stopAll(servers)();
    throw err;
  }
  return { env: { REDIS_CLUSTER_NODES: servers.map((s) => `redis://127.0.0.1:${s.port}`).join(',') }, servers, stop: stopAll(servers) };
}

export interface SentinelOptions extends TopologyOptions {
  readonly masterName?: string;
  /** Password of the master and the replica (and `masterauth` between them). */
  readonly password?: string;
  /** Password of the sentinel itself. */
  readonly sentinelPassword?: string;
  /**
   * How long the master may not answer before the sentinel fails over. Long for the shared
   * topology (the tests' 3 s CLIENT PAUSEs must not cause one), short for a failover test.
   */
  readonly downAfterMs?: number;
}

export interface SentinelTopology extends Topology {
  readonly master: RedisServer;
  readonly replica: RedisServer;
  readonly sentinel: RedisServer;
  readonly masterName: string;
  /** Port of the server the sentinel currently names master. */
  currentMasterPort(): Promise<number | null>;
}

/** A master, one replica in sync, and one sentinel (quorum 1) that knows both. */
export async function startSentinelSet(opts: SentinelOptions): Promise<SentinelTopology> {
  const name = opts.masterName ?? 'briefing-test';
  const servers: RedisServer[] = [];
  try {
    const master = await startRedisServer({ dir: opts.dir, detached: opts.detached, password: opts.password });
    servers.push(master);
    const replica = await startRedisServer({ dir: opts.dir, detached: opts.detached, password: opts.password, args: ['--replicaof', '127.0.0.1', String(master.port)] });
    servers.push(replica);
    await until('the replica to be in sync', async () => /master_link_status:up/.test(String(await ask(replica.port, opts.password, 'INFO', 'replication'))));
    const downAfter = opts.downAfterMs ?? 30_000;
    const sentinel = await startRedisServer({
      dir: opts.dir,
      detached: opts.detached,
      password: opts.sentinelPassword,
      sentinelConfig: () =>
        [
          `sentinel monitor ${name} 127.0.0.1 ${master.port} 1`,
          `sentinel down-after-milliseconds ${name} ${downAfter}`,
          `sentinel failover-timeout ${name} ${Math.max(downAfter * 3, 5000)}`,
          ...(opts.password ? [`sentinel auth-pass ${name} ${opts.password}`] : []),
          '',
        ].join('\n'),
    });
    servers.push(sentinel);
    const sentinelAsk = (...cmd: string[]) => ask(sentinel.port, opts.sentinelPassword, ...cmd);
    // A failover needs the sentinel to know the replica: it learns it from the master's INFO.
    await until('the sentinel to see the replica', async () => {
      const replicas = (await sentinelAsk('SENTINEL', 'REPLICAS', name)) as unknown[] | null;
      return Array.isArray(replicas) && replicas.some((r) => String(r).includes(String(replica.port)) && !String(r).includes('disconnected'));
    });
    const sentinels = opts.sentinelPassword ? `redis://:${encodeURIComponent(opts.sentinelPassword)}@127.0.0.1:${sentinel.port}` : `127.0.0.1:${sentinel.port}`;
    return {
      env: { REDIS_SENTINELS: sentinels, REDIS_SENTINEL_MASTER: opts.password ? `redis://:${encodeURIComponent(opts.password)}@${name}` : name },
      servers,
      master,
      replica,
      sentinel,
      masterName: name,
      async currentMasterPort() {
        const addr = (await sentinelAsk('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as [string, string] | null;
        return addr ? Number(addr[1]) : null;
      },
      stop: stopAll(servers),
    };
  } catch (err) {
    await stopAll(servers)();
    throw err;
  }
}

/** Ends every server whose pid file is in `dir` (a `start` of another process), then removes `dir`. */
export async function stopRecorded(dir: string): Promise<number> {
  const files = await readdir(dir).catch(() => [] as string[]);
  let stopped = 0;
  for (const file of files.filter((f) => /^\d+\.pid$/.test(f))) {
    const pid = Number(await readFile(join(dir, file), 'utf8'));
    // Only the server that was started on that port: a pid left from long ago may belong to another process by now.
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!/^redis-(server|sentinel)|\/redis-(server|sentinel)/.test(cmdline) || !cmdline.includes(`:${file.slice(0, -4)}`)) continue;
    process.kill(pid, 'SIGKILL');
    stopped += 1;
  }
  await rm(dir, { recursive: true, force: true });
  return stopped;
}
