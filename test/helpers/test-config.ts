import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config.ts';
import { testRedisEnv } from './redis-mode.ts';
import { generateUnsubscribeKey } from '../../src/secrets/generate-key.ts';

/** A unique BRIEFING_PREFIX per test, so tests can share one Redis and delete only their own keys. */
export function uniquePrefix(name: string): string {
  return `test-${name}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** A test's config on this project's Redis (see redis-mode.ts), unless `overrides` names a Redis of its own. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  const ownRedis = Object.keys(overrides).some((k) => k.startsWith('REDIS_') && k !== 'REDIS_STARTUP_TIMEOUT');
  return loadConfig({
    NODE_ENV: 'test',
    ...(ownRedis ? {} : testRedisEnv()),
    BRIEFING_PREFIX: uniquePrefix('t'),
    UNSUBSCRIBE_KEYS: 'k1:test-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    PUBLIC_URL: 'https://briefing.example.test',
    MAIL_FROM: 'Briefing <briefing@example.test>',
    LOG_LEVEL: 'silent',
    RETRY_BASE_MS: '50',
    SEND_ATTEMPTS: '5',
    ...overrides,
  });
}

/** An environment production accepts: a fresh key, an https PUBLIC_URL, a real-looking MAIL_FROM. */
export function productionEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const key = generateUnsubscribeKey();
  return {
    NODE_ENV: 'production',
    UNSUBSCRIBE_KEYS: `${key.kid}:${key.secret}`,
    PUBLIC_URL: 'https://briefing.example.test',
    MAIL_FROM: 'Briefing <briefing@example.test>',
    ...overrides,
  };
}
