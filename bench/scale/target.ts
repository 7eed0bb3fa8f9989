import { Cluster, Redis } from 'ioredis';
import { loadConfig } from '../../src/config.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateRedis } from '../../test/helpers/private-redis.ts';
import { startCluster } from '../../test/helpers/redis-topologies.ts';

/**
 * Where bench:scale puts its data: THE one place that chooses. By default a private
 * redis-server on a free loopback port (gigabytes of keys must never land in a shared Redis),
 * killed at the end. With `--cluster`, a private 3-master Redis Cluster on free loopback ports
 * (Debian's redis-server, as the cluster test project starts it), killed at the end. With
 * `--cluster-nodes=redis://127.0.0.1:7000,…` a Redis Cluster started by you, under a prefix of
 * the bench's own, deleted at the end.
 */
export interface BenchTarget {
  /** What every process of the bench (and its children) is given to reach it. */
  readonly env: Record<string, string>;
  readonly describe: string;
  /** True for the private server: stopping it removes everything, nothing need be deleted first. */
  readonly private: boolean;
  /** One connection per node, for INFO (memory, cpu): figures are summed over them. */
  readonly nodes: readonly Redis[];
  stop(): Promise<void>;
}

export async function benchTarget(argv: readonly string[]): Promise<BenchTarget> {
  if (argv.includes('--cluster')) return privateCluster();
  const cluster = argv.find((a) => a.startsWith('--cluster-nodes='))?.slice('--cluster-nodes='.length);
  if (!cluster) {
    const server = await startPrivateRedis();
    const node = new Redis(server.url);
    return {
      env: { REDIS_URL: server.url },
      describe: `a private redis-server (${server.url})`,
      private: true,
      nodes: [node],
      async stop() {
        node.disconnect();
        await server.kill();
      },
    };
  }
  const env = { REDIS_CLUSTER_NODES: cluster };
  // This build must know REDIS_CLUSTER_NODES, or the children would quietly use REDIS_URL's default.
  const config = loadConfig(env) as unknown as { redis?: { kind?: string } };
  if (config.redis?.kind !== 'cluster') {
    throw new Error('--cluster-nodes: this build has no REDIS_CLUSTER_NODES support yet (it comes with the cluster work); run bench:scale without it');
  }
  const seeds = cluster.split(',').map((u) => new URL(u));
  const probe = new Cluster(seeds.map((u) => ({ host: u.hostname, port: Number(u.port) })));
  const masters = probe.nodes('master').map((n) => new Redis({ host: n.options.host, port: n.options.port }));
  return {
    env,
    describe: `the Redis Cluster at ${cluster} (${masters.length} masters)`,
    private: false,
    nodes: masters,
    async stop() {
      for (const n of masters) n.disconnect();
      probe.disconnect();
    },
  };
}

async function privateCluster(): Promise<BenchTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-cluster-'));
  const cluster = await startCluster({ dir });
  const nodes = cluster.servers.map((s) => new Redis({ host: '127.0.0.1', port: s.port }));
  return {
    // As the README asks on a cluster: at least as many send queues as masters ({send.0},
    // {send.1} and {send.2} hash to one master each under redis-cli's even slot split).
    env: { ...cluster.env, SEND_QUEUES: process.env.SEND_QUEUES ?? '3' },
    describe: `a private 3-master Redis Cluster (${cluster.env.REDIS_CLUSTER_NODES}), SEND_QUEUES=${process.env.SEND_QUEUES ?? '3'}`,
    private: true,
    nodes,
    async stop() {
      for (const n of nodes) n.disconnect();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A number of INFO, summed over the nodes (used_memory, used_cpu_user …). */
export async function infoSum(target: BenchTarget, section: string, field: string): Promise<number> {
  const values = await Promise.all(target.nodes.map(async (n) => Number(new RegExp(`${field}:([\\d.]+)`).exec(await n.info(section))?.[1] ?? 0)));
  return values.reduce((a, b) => a + b, 0);
}

/** CPU seconds the Redis servers have used so far. */
export async function redisCpu(target: BenchTarget): Promise<number> {
  return (await infoSum(target, 'cpu', 'used_cpu_user')) + (await infoSum(target, 'cpu', 'used_cpu_sys'));
}

export interface NodeFigures {
  readonly node: string;
  readonly keys: number;
  readonly memory: number;
  readonly commands: number;
}

/** Per node: keys held (DBSIZE: run on a cluster of the bench's own), used_memory, commands processed so far. */
export async function nodeFigures(target: BenchTarget): Promise<NodeFigures[]> {
  return Promise.all(
    target.nodes.map(async (n) => {
      const [keys, memory, stats] = await Promise.all([n.dbsize(), n.info('memory'), n.info('stats')]);
      const field = (text: string, name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(text)?.[1] ?? 0);
      return { node: `${n.options.host}:${n.options.port}`, keys, memory: field(memory, 'used_memory'), commands: field(stats, 'total_commands_processed') };
    }),
  );
}

/** How evenly keys, memory and the commands since `before` spread over the nodes: one line per node, shares of the total. */
export function spreadLines(before: readonly NodeFigures[], after: readonly NodeFigures[]): string[] {
  const commands = after.map((a, i) => a.commands - (before[i]?.commands ?? 0));
  const memory = after.map((a, i) => a.memory - (before[i]?.memory ?? 0));
  const total = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) || 1;
  const share = (x: number, xs: readonly number[]) => `${((100 * x) / total(xs)).toFixed(1)}%`;
  const keys = after.map((a) => a.keys);
  return after.map(
    (a, i) =>
      `  ${a.node}: ${a.keys.toLocaleString('en-GB')} keys (${share(a.keys, keys)}), ${memory[i]! >= 0 ? '+' : ''}${(memory[i]! / 1e6).toFixed(0)} MB (${share(memory[i]!, memory)}), ` +
      `${commands[i]!.toLocaleString('en-GB')} commands (${share(commands[i]!, commands)})`,
  );
}
