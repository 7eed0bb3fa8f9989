import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config.ts';
import { generateUnsubscribeKey } from '../../src/secrets/generate-key.ts';

/** A unique BRIEFING_PREFIX per test, so tests can share one Redis and delete only their own keys. */
export function uniquePrefix(name: string): string {
  return `test-${name}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
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
