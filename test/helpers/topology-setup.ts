import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startCluster, startSentinelSet, type Topology } from './redis-topologies.ts';

/**
 * Global setup of the sentinel and cluster projects: the addresses CI started
 * (.ci/redis-topologies, BRIEFING_TEST_*), or a topology of this run's own, stopped at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mode = project.name;
  const given: Record<string, string> | undefined | '' =
    mode === 'cluster'
      ? process.env.BRIEFING_TEST_CLUSTER_NODES && { REDIS_CLUSTER_NODES: process.env.BRIEFING_TEST_CLUSTER_NODES }
      : process.env.BRIEFING_TEST_SENTINELS && {
          REDIS_SENTINELS: process.env.BRIEFING_TEST_SENTINELS,
          REDIS_SENTINEL_MASTER: process.env.BRIEFING_TEST_SENTINEL_MASTER ?? 'briefing-test',
        };
  if (given) {
    project.provide('redisEnv', given);
    return async () => undefined;
  }
  const dir = await mkdtemp(join(tmpdir(), `briefing-${mode}-`));
  let topology: Topology;
  try {
    topology = mode === 'cluster' ? await startCluster({ dir }) : await startSentinelSet({ dir });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  project.provide('redisEnv', topology.env);
  return async () => {
    await topology.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
