import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJobId } from '../../src/queue/send-job.ts';
import { shardOf } from '../../src/store/shards.ts';
import { createApp } from '../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { createTestStack, type TestStack } from '../helpers/stack.ts';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'dashboard-token-0123456789';
const hasChromium = existsSync(CHROMIUM);

// Proves bull-board works with the installed hono / @hono/node-server (page, static assets,
// its API) in a real browser that authenticates the way ops will: HTTP Basic, token as password.
describe.skipIf(!hasChromium)('the queue dashboard in headless Chromium', () => {
  let stack: TestStack;
  let server: RunningServer;
  let browser: Browser;
  /** The send job of u-1 for 2026-11-24 (its name is the recipient id). */
  let jobId: string;

  beforeAll(async () => {
    stack = await createTestStack({ ADMIN_TOKEN: TOKEN });
    await stack.importRoster([{ id: 'u-1', email: 'ada@example.com' }]);
    await stack.services.enqueue('2026-11-24', ['u-1'], 'recipient');
    jobId = sendJobId('2026-11-24', shardOf('u-1'), (await stack.services.roster.get('u-1'))!.seq);
    server = await startServer(createApp({ services: stack.services, logger: pino({ level: 'silent' }) }), 0, '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stack?.stop();
  });

  it('shows the send queue and its waiting job to someone with the token', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'ops', password: TOKEN } });
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`http://127.0.0.1:${server.port}/admin/queues`);
    await page.getByText('send', { exact: true }).first().waitFor({ timeout: 15_000 });
    await page.goto(`http://127.0.0.1:${server.port}/admin/queues/queue/${encodeURIComponent('{send.0}')}?status=waiting`);
    await page.getByText(jobId).first().waitFor({ timeout: 15_000 });
    expect(failed).toEqual([]);
    await context.close();
  });

  it('shows nothing to someone without it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Headless Chromium answers a Basic challenge it cannot fill in with a navigation error.
    await expect(page.goto(`http://127.0.0.1:${server.port}/admin/queues`)).rejects.toThrow(/AUTH/);
    const res = await context.request.get(`http://127.0.0.1:${server.port}/admin/queues/api/queues`);
    expect(res.status()).toBe(401);
    expect(await res.text()).not.toContain(jobId);
    await context.close();
  });
});
