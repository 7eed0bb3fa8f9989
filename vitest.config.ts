import { execFileSync } from 'node:child_process';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Test projects, one per kind of Redis (README, "Tests in each mode"). Everything runs on
 * the single shared server; the suites of the send path, unsubscribe, scheduler and faults
 * run again against a Sentinel set-up and a Redis Cluster, started by test/helpers/
 * topology-setup.ts unless CI gives their addresses (BRIEFING_TEST_SENTINELS…).
 */
const MODE_SUITES = [
  'test/integration/send-path*.test.ts',
  'test/integration/unsubscribe-*.test.ts',
  'test/integration/scheduler*.test.ts',
  'test/integration/redis-connections.test.ts',
  'test/faults/*.test.ts',
];

// The config is loaded more than once per run: say each thing once.
const notice = (text: string) => {
  const key = `BRIEFING_TEST_NOTICE_${text.length}`;
  if (process.env[key]) return;
  process.env[key] = '1';
  console.warn(`\n[briefing] ${text}\n`);
};

const has = (bin: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

function modeProject(mode: 'sentinel' | 'cluster', given: string | undefined, bins: string[], include: string[]): TestProjectInlineConfiguration[] {
  const missing = bins.filter((b) => !has(b));
  if (!given && missing.length > 0) {
    notice(`${missing.join(', ')} not installed: the ${mode} test project is skipped (apt-get install redis-server redis-sentinel redis-tools)`);
    return [];
  }
  return [{ extends: true, test: { name: mode, include, globalSetup: ['./test/helpers/topology-setup.ts'], provide: { redisMode: mode } } }];
}

export default defineConfig({
  test: {
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Integration tests share one Redis and spawn servers; two cores do not profit from
    // more than two files at once.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'single',
          include: ['test/**/*.test.ts'],
          provide: { redisMode: 'single', redisEnv: { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } },
        },
      },
      ...modeProject('sentinel', process.env.BRIEFING_TEST_SENTINELS, ['redis-server', 'redis-sentinel'], MODE_SUITES),
      ...modeProject('cluster', process.env.BRIEFING_TEST_CLUSTER_NODES, ['redis-server', 'redis-cli'], MODE_SUITES),
    ],
  },
});
