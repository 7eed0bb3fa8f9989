import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { generateUnsubscribeKey } from '../../src/secrets/generate-key.ts';
import { productionEnv } from '../helpers/test-config.ts';

const problemsOf = (env: Record<string, string | undefined>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

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
      dkim: undefined,
      smtpRequireTls: false,
      optOutAuditMaxEntries: 1_000_000,
    });
  });

  it('points links at the configured port when PUBLIC_URL is unset', () => {
    expect(loadConfig({ PORT: '3417' }).publicUrl).toBe('http://localhost:3417');
    expect(loadConfig({ PORT: '3417', PUBLIC_URL: 'https://b.example.com' }).publicUrl).toBe('https://b.example.com');
  });

  it.each([
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL="localhost:6379": must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379'],
    ['PORT', 'eighty', 'PORT="eighty": must be a port number from 0 to 65535'],
    ['PORT', '70000', 'PORT="70000": must be a port number from 0 to 65535'],
    ['CATCH_UP', '2 hours', 'CATCH_UP="2 hours": must be a duration such as 90m, 2h or 30s'],
    ['SCHEDULER_TICK', '0s', 'SCHEDULER_TICK="0s": must be a duration from 1s to 1h, e.g. 30s'],
    ['SMTP_URL', 'mailhog:1025', 'SMTP_URL="mailhog:1025": must be an smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:1025'],
    ['PUBLIC_URL', 'briefing.example.com', 'PUBLIC_URL="briefing.example.com": must be an http(s) URL with no query, e.g. https://briefing.example.com'],
    ['BRIEFING_PREFIX', 'a:b', 'BRIEFING_PREFIX="a:b": must be letters, digits, _ . - (at most 64), no colon, optionally in braces: {name}'],
    ['DEFAULT_TIME_ZONE', 'Mars/Olympus', 'DEFAULT_TIME_ZONE="Mars/Olympus": must be an IANA time zone such as Europe/Amsterdam'],
    ['JOB_LOCK_MS', '500', 'JOB_LOCK_MS="500": must be a whole number of milliseconds from 1000 to 600000'],
    ['HANDOVER_LEASE_MS', '2m', 'HANDOVER_LEASE_MS="2m": must be a whole number of milliseconds from 1000 to 3600000'],
    ['HTTP_PROCESSES', '0', 'HTTP_PROCESSES="0": must be a whole number from 1 to 64'],
    ['WORKER_CONCURRENCY', '1000', 'WORKER_CONCURRENCY="1000": must be a whole number from 1 to 256'],
    ['NODE_ENV', 'prod', 'NODE_ENV="prod": must be one of development, production, test (did you mean "production"?)'],
    ['LOG_LEVEL', 'warning', 'LOG_LEVEL="warning": must be one of fatal, error, warn, info, debug, trace, silent (did you mean "warn"?)'],
    ['LOG_LEVEL', 'dbug', 'LOG_LEVEL="dbug": must be one of fatal, error, warn, info, debug, trace, silent (did you mean "debug"?)'],
    ['SMTP_REQUIRE_TLS', 'ture', 'SMTP_REQUIRE_TLS="ture": must be one of true, false (did you mean "true"?)'],
  ])('says in plain words what %s allows when its value is wrong', (variable, value, message) => {
    expect(problemsOf({ [variable]: value })).toEqual([message]);
  });

  it('reports every problem at once, never in the validator’s own words', () => {
    const problems = problemsOf({ PORT: '70000', NODE_ENV: 'prod', LOG_LEVEL: 'verbose', HTTP_PROCESSES: 'auto', CATCH_UP: 'soon' });
    expect(problems.map((p) => p.split('=')[0])).toEqual(['NODE_ENV', 'PORT', 'CATCH_UP', 'LOG_LEVEL', 'HTTP_PROCESSES']);
    expect(() => loadConfig({ PORT: '70000', NODE_ENV: 'prod' })).toThrow(/^2 problems in the environment:\n {2}NODE_ENV=.*\n {2}PORT=/);
    for (const p of problems) expect(p).not.toMatch(/Invalid option|Too big|Too small|expected number|expected string|Invalid input/);
  });

  it('refuses weak or malformed keys anywhere, and accepts a rotation list', () => {
    expect(problemsOf({ UNSUBSCRIBE_KEYS: 'k1:short' })).toEqual([expect.stringMatching(/the secret of key "k1" must be at least 32 characters/)]);
    expect(problemsOf({ UNSUBSCRIBE_KEYS: 'nocolon' })).toEqual([expect.stringMatching(/^UNSUBSCRIBE_KEYS: entry 1 has no key id \(format kid:secret/)]);
    expect(problemsOf({ UNSUBSCRIBE_KEYS: `a b:${'x'.repeat(40)}` })[0]).toMatch(/key id "a b" must be 1-16 letters/);
    const c = loadConfig({ UNSUBSCRIBE_KEYS: `new:${'n'.repeat(32)}, old:${'o'.repeat(32)}` });
    expect(c.unsubscribeKeys.map((k) => k.kid)).toEqual(['new', 'old']);
  });

  it('never prints a secret or a URL’s credentials in its errors', () => {
    const problems = problemsOf({
      ADMIN_TOKEN: 'short-secret',
      UNSUBSCRIBE_KEYS: 'k1:Summer@2026-but-far-too-short',
      SMTP_URL: 'smtp://bob@corp.example:Summer@2026@mail.example.com:587 ',
      REDIS_URL: 'redis://default:Rd@Qw7@127.0.0.1:6379?password=hunter2 x',
    }).join('\n');
    expect(problems).toMatch(/ADMIN_TOKEN=\(hidden\)/);
    expect(problems).toMatch(/SMTP_URL="smtp:\/\/\*\*\*@mail\.example\.com:587 "/);
    for (const secret of ['short-secret', 'Summer', 'corp.example', 'Rd@Qw7', 'Qw7', 'hunter2']) expect(problems).not.toContain(secret);
  });

  it('strips a trailing slash from PUBLIC_URL so links have no double slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://b.example.com/' }).publicUrl).toBe('https://b.example.com');
  });
});

describe('production refuses what would make it unsafe', () => {
  it('starts with a generated key, an https PUBLIC_URL and a MAIL_FROM on a real domain', () => {
    expect(loadConfig(productionEnv()).nodeEnv).toBe('production');
  });

  it('refuses to start without its own unsubscribe key, PUBLIC_URL and MAIL_FROM, saying each at once', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^UNSUBSCRIBE_KEYS is required when NODE_ENV=production .*briefing keys generate/),
      expect.stringMatching(/^PUBLIC_URL is required when NODE_ENV=production: set it to the https:\/\/ address/),
      expect.stringMatching(/^MAIL_FROM="Briefing <briefing@localhost>": must not be on localhost when NODE_ENV=production/),
    ]);
  });

  it.each([
    ['the development key', 'dev:briefing-development-key-do-not-use-in-production'],
    ['the old compose default', 'k1:compose-only-secret-change-me-0123456789abcdef'],
    ['the test key', 'k1:test-secret-0123456789abcdefghijklmnopqrstuvwxyz'],
    ['the benchmark key', 'b1:bench-secret-0123456789abcdefghijklmnopqrstuvwxyz'],
  ])('refuses %s: it is public, so anyone could sign unsubscribe links', (_name, keys) => {
    const problems = problemsOf(productionEnv({ UNSUBSCRIBE_KEYS: keys }));
    expect(problems).toEqual([expect.stringMatching(/^UNSUBSCRIBE_KEYS: key ".+" is public \(.+\), so anyone can sign unsubscribe links with it: replace it with the output of `briefing keys generate`$/)]);
  });

  it('refuses an old (verify-only) key that is public too', () => {
    const fresh = generateUnsubscribeKey();
    const problems = problemsOf(productionEnv({ UNSUBSCRIBE_KEYS: `${fresh.kid}:${fresh.secret},dev:briefing-development-key-do-not-use-in-production` }));
    expect(problems).toEqual([expect.stringMatching(/key "dev" is public/)]);
  });

  it.each([32, 64, 1000, 10_000])('refuses a secret of %i times "a", however long', (n) => {
    expect(problemsOf(productionEnv({ UNSUBSCRIBE_KEYS: `k1:${'a'.repeat(n)}` }))).toEqual([
      expect.stringMatching(/^UNSUBSCRIBE_KEYS: the secret of key "k1" holds about \d+ bits of entropy by our estimate, and production needs 256/),
    ]);
  });

  it.each([
    ['a repeated word', 'changeme'.repeat(8)],
    ['a repeated run of hex digits', '0123456789abcdef'.repeat(4)],
    ['a passphrase of words', 'my-company-unsubscribe-secret-for-briefing-2026'],
    ['32 random bytes as hex, which is exactly 256 bits with no margin for the estimate', 'c0ffee'.repeat(11)],
  ])('refuses %s', (_name, secret) => {
    expect(problemsOf(productionEnv({ UNSUBSCRIBE_KEYS: `k1:${secret}` }))[0]).toMatch(/bits of entropy by our estimate/);
  });

  it('accepts every key `briefing keys generate` makes', () => {
    for (let i = 0; i < 500; i++) {
      const key = generateUnsubscribeKey();
      expect(problemsOf(productionEnv({ UNSUBSCRIBE_KEYS: `${key.kid}:${key.secret}` }))).toEqual([]);
    }
  });

  it('refuses a PUBLIC_URL that is not https:// (RFC 8058 one-click needs HTTPS) and a MAIL_FROM on localhost', () => {
    expect(problemsOf(productionEnv({ PUBLIC_URL: 'http://briefing.example.com', MAIL_FROM: 'Briefing <briefing@mail.localhost>' }))).toEqual([
      expect.stringMatching(/^PUBLIC_URL="http:\/\/briefing\.example\.com": must be an https:\/\/ URL when NODE_ENV=production: one-click unsubscribe \(RFC 8058\) requires HTTPS/),
      expect.stringMatching(/^MAIL_FROM="Briefing <briefing@mail\.localhost>": must not be on mail\.localhost when NODE_ENV=production/),
    ]);
  });
});

describe('DKIM settings', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('loads the key from DKIM_PRIVATE_KEY (also with literal \\n, as .env files carry it) or DKIM_PRIVATE_KEY_FILE', () => {
    const base = { DKIM_DOMAIN: 'Example.com', DKIM_SELECTOR: 'briefing2026', MAIL_FROM: 'Briefing <briefing@mail.example.com>' };
    const inline = loadConfig({ ...base, DKIM_PRIVATE_KEY: pem.replaceAll('\n', '\\n') }).dkim;
    expect(inline).toMatchObject({ domainName: 'example.com', keySelector: 'briefing2026', privateKey: pem, alignedWithFrom: true });
    const file = join(mkdtempSync(join(tmpdir(), 'dkim-')), 'key.pem');
    writeFileSync(file, pem);
    expect(loadConfig({ ...base, DKIM_PRIVATE_KEY_FILE: file }).dkim?.privateKey).toBe(pem);
    expect(loadConfig({ ...base, MAIL_FROM: 'a@other.example', DKIM_PRIVATE_KEY: pem }).dkim?.alignedWithFrom).toBe(false);
  });

  it('wants all three or none, and a readable RSA key, naming each variable', () => {
    expect(problemsOf({ DKIM_DOMAIN: 'example.com' })).toEqual([
      expect.stringMatching(/^DKIM_SELECTOR is required/),
      expect.stringMatching(/^DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE is required/),
    ]);
    expect(problemsOf({ DKIM_DOMAIN: 'example.com', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: 'not a key' })).toEqual([
      expect.stringMatching(/^DKIM_PRIVATE_KEY: not a PEM private key/),
    ]);
    expect(problemsOf({ DKIM_DOMAIN: 'example.com', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY_FILE: '/nonexistent/key.pem' })).toEqual([
      expect.stringMatching(/^DKIM_PRIVATE_KEY_FILE="\/nonexistent\/key.pem": cannot be read \(ENOENT\)/),
    ]);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problemsOf({ DKIM_DOMAIN: 'example.com', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: ec })).toEqual([expect.stringMatching(/must be an RSA private key \(it is ec\)/)]);
    expect(problemsOf({ DKIM_DOMAIN: 'example.com', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: pem })).toEqual([]);
  });
});
