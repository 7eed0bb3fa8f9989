/**
 * `.ci/redis-topologies start|stop [DIR]`: the Redis Cluster and the Sentinel set-up the
 * cluster and sentinel test projects run against, on free loopback ports, outliving this
 * process. `start` first ends what an earlier `start` left in DIR, then prints the
 * BRIEFING_TEST_* variables as `export` lines (and writes them to DIR/env).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingBinaries } from './redis-servers.ts';
import { startCluster, startSentinelSet, stopRecorded } from './redis-topologies.ts';

const [command, dirArg] = process.argv.slice(2);
const dir = dirArg ?? join(tmpdir(), 'briefing-redis-topologies');

async function start(): Promise<void> {
  const missing = await missingBinaries();
  if (missing.length > 0) throw new Error(`not installed: ${missing.join(', ')} (Debian: apt-get install redis-server redis-sentinel)`);
  await stopRecorded(dir);
  await mkdir(dir, { recursive: true });
  const [cluster, sentinel] = await Promise.all([startCluster({ dir, detached: true }), startSentinelSet({ dir, detached: true })]);
  const env = {
    BRIEFING_TEST_CLUSTER_NODES: cluster.env.REDIS_CLUSTER_NODES!,
    BRIEFING_TEST_SENTINELS: sentinel.env.REDIS_SENTINELS!,
    BRIEFING_TEST_SENTINEL_MASTER: sentinel.env.REDIS_SENTINEL_MASTER!,
  };
  const lines = Object.entries(env).map(([k, v]) => `export ${k}=${v}`);
  await writeFile(join(dir, 'env'), `${lines.join('\n')}\n`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  if (command === 'start') return start();
  if (command === 'stop') {
    const n = await stopRecorded(dir);
    process.stderr.write(`redis-topologies: stopped ${n} servers of ${dir}\n`);
    return;
  }
  throw new Error('usage: .ci/redis-topologies start|stop [DIR]');
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`redis-topologies: ${err.message}\n`);
    process.exit(1);
  },
);
