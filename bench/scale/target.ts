import { Cluster, Redis } from 'ioredis';
import { loadConfig } from '../../src/config.ts';
import { startPrivateRedis } from '../../test/helpers/private-redis.ts';

/**
 * Where bench:scale puts its data: THE one place that chooses. By default a private
 * redis-server on a free loopback port (gigabytes of keys must never land in a shared Redis),
 * killed at the end. With `--cluster-nodes=redis://127.0.0.1:7000,…` the given Redis Cluster
 * (started by you, e.g. with the cluster script of the cluster work), under a prefix of the
 * bench's own, deleted at the end.
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

/** A number of INFO, summed over the nodes (used_memory, used_cpu_user …). */
export async function infoSum(target: BenchTarget, section: string, field: string): Promise<number> {
  const values = await Promise.all(target.nodes.map(async (n) => Number(new RegExp(`${field}:([\\d.]+)`).exec(await n.info(section))?.[1] ?? 0)));
  return values.reduce((a, b) => a + b, 0);
}

/** CPU seconds the Redis servers have used so far. */
export async function redisCpu(target: BenchTarget): Promise<number> {
  return (await infoSum(target, 'cpu', 'used_cpu_user')) + (await infoSum(target, 'cpu', 'used_cpu_sys'));
}
