import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('starts with the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      redis: { kind: 'single', url: 'redis://127.0.0.1:6379' },
      redisStartupTimeoutMs: 30_000,
      prefix: 'briefing',
      smtpUrl: undefined,
      outboxDir: './outbox',
      mailFrom: 'Briefing <briefing@localhost>',
      publicUrl: 'http://localhost:3000',
      port: 3000,
      adminToken: undefined,
      catchUpMs: 2 * 3600_000,
      httpProcesses: 1,
      usingDevKey: true,
    });
  });

  it.each([
    ['REDIS_URL', 'localhost:6379', /REDIS_URL="localhost:6379": expected a redis:\/\//],
    ['PORT', 'eighty', /PORT="eighty": expected a port number/],
    ['CATCH_UP', '2 hours', /CATCH_UP="2 hours": expected a duration/],
    ['SCHEDULER_TICK', '0s', /SCHEDULER_TICK="0s": expected a duration from 1s to 1h/],
    ['SMTP_URL', 'mailhog:1025', /SMTP_URL=.*expected an smtp:\/\//],
    ['PUBLIC_URL', 'briefing.example.com', /PUBLIC_URL=.*expected an http\(s\) URL/],
    ['BRIEFING_PREFIX', 'a:b', /BRIEFING_PREFIX=.*no colon/],
    ['DEFAULT_TIME_ZONE', 'Mars/Olympus', /DEFAULT_TIME_ZONE=.*IANA time zone/],
    ['JOB_LOCK_MS', '500', /JOB_LOCK_MS="500": expected at least 1000/],
    ['HANDOVER_LEASE_MS', '2m', /HANDOVER_LEASE_MS="2m": expected a whole number/],
    ['HTTP_PROCESSES', '0', /HTTP_PROCESSES="0": expected a whole number from 1 to 64$/],
    ['WORKER_CONCURRENCY', '1000', /WORKER_CONCURRENCY="1000": expected a whole number from 1 to 256$/],
    ['HTTP_PROCESSES', 'auto', /HTTP_PROCESSES="auto": expected a whole number/],
  ])('names %s when its value is wrong', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it('refuses production without unsubscribe keys, and weak or malformed keys anywhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/UNSUBSCRIBE_KEYS is required when NODE_ENV=production/);
    expect(() => loadConfig({ UNSUBSCRIBE_KEYS: 'k1:short' })).toThrow(/at least 32 characters/);
    expect(() => loadConfig({ UNSUBSCRIBE_KEYS: 'nocolon' })).toThrow(ConfigError);
    const c = loadConfig({ UNSUBSCRIBE_KEYS: `new:${'n'.repeat(32)}, old:${'o'.repeat(32)}` });
    expect(c.unsubscribeKeys.map((k) => k.kid)).toEqual(['new', 'old']);
  });

  it('never prints a secret in its errors', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'short-secret' })).toThrow(/ADMIN_TOKEN=\(hidden\)/);
  });

  it('strips a trailing slash from PUBLIC_URL so links have no double slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://b.example.com/' }).publicUrl).toBe('https://b.example.com');
  });
});
