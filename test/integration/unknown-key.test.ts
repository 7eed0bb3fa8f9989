import { createRedisClient } from '../../src/redis.ts';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createServices, type Services } from '../../src/app/services.ts';
import { createApp } from '../../src/http/create-app.ts';
import { createTokenCodec } from '../../src/unsubscribe/token.ts';
import { generateUnsubscribeKey } from '../../src/secrets/generate-key.ts';
import { deletePrefix } from '../helpers/redis-cleanup.ts';
import { testConfig } from '../helpers/test-config.ts';

const OLD = { ...generateUnsubscribeKey(), kid: 'k2025' };
const NEW = `k2026:${generateUnsubscribeKey().secret}`;

describe('a link signed with a key that was dropped from UNSUBSCRIBE_KEYS', () => {
  let services: Services;
  const lines: { msg: string; kid?: string; tokens?: number }[] = [];

  beforeEach(async () => {
    const config = testConfig({ UNSUBSCRIBE_KEYS: NEW });
    const sink = new Writable({ write(chunk, _e, done) { lines.push(JSON.parse(String(chunk))); done(); } });
    services = createServices(config, { name: 'test-unknown-key', logger: pino({ level: 'info' }, sink) });
  });
  afterEach(async () => {
    const cleanup = createRedisClient(services.config.redis, { name: 'test-cleanup' });
    await deletePrefix(cleanup, services.config.prefix);
    await cleanup.quit();
    await services.close();
  });

  it('is refused with 400 as before, and now says so in the log and in /metrics', async () => {
    const app = createApp({ services, logger: pino({ level: 'silent' }) });
    const token = createTokenCodec([OLD]).sign('u-1001');
    expect((await app.request(`/unsubscribe/${token}`)).status).toBe(400);
    expect((await app.request(`/unsubscribe/${token}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(400);
    // A token with a key we do have but a bad signature is a plain forgery, not a dropped key.
    const forged = services.tokens.sign('u-1001').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await app.request(`/unsubscribe/${forged}`)).status).toBe(400);

    const warnings = lines.filter((l) => l.kid !== undefined);
    // One line for the burst (at most one a minute), naming the key id; both refusals counted.
    expect(warnings).toEqual([expect.objectContaining({ kid: 'k2025', tokens: 1, msg: expect.stringMatching(/not in UNSUBSCRIBE_KEYS/) })]);
    let metrics = '';
    for (let i = 0; i < 50 && !metrics.includes('briefing_tokens_unknown_key_total 2'); i++) {
      metrics = await (await app.request('/metrics')).text();
    }
    expect(metrics).toContain('briefing_tokens_unknown_key_total 2');
  });
});
