import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Hono } from 'hono';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { createApp } from '../../src/http/create-app.ts';
import { fanOutNow } from '../helpers/fan-out.ts';

const TOKEN = 'admin-token-0123456789-abcdef';
const silent = pino({ level: 'silent' });
const bearer = (token = TOKEN) => ({ Authorization: `Bearer ${token}` });
const basic = (password: string) => ({ Authorization: `Basic ${Buffer.from(`ops:${password}`).toString('base64')}` });
const DATE = '2026-11-24';
// The API's documents are checked field by field with expect: read them untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (body: unknown) => body as any;

describe('the admin API', () => {
  let stack: TestStack;
  let app: Hono;

  beforeEach(async () => {
    stack = await createTestStack({ ADMIN_TOKEN: TOKEN });
    await stack.importRoster([
      { id: 'u-1', email: 'ada@example.com', name: 'Ada' },
      { id: 'u-2', email: 'jan@example.nl', name: 'Jan' },
      { id: 'u-3', email: 'priya@example.in', name: 'Priya', timeZone: 'Asia/Kolkata' },
    ]);
    app = createApp({ services: stack.services, logger: silent });
  });
  afterEach(() => stack.stop());

  describe('refuses anyone without the token', () => {
    it.each([
      ['no Authorization header', {}],
      ['a wrong token', bearer('admin-token-0123456789-abcdeX')],
      ['a token that is a prefix of the right one', bearer(TOKEN.slice(0, -1))],
      ['Basic auth on the JSON API (browsers send it on their own: CSRF)', basic(TOKEN)],
    ])('%s → 401, and nothing happens', async (_why, headers) => {
      const res = await app.request('/admin/api/pause', { method: 'POST', headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
      expect(await stack.services.orgSwitch.isPaused()).toBe(false);
      expect((await app.request('/admin/api/recipients', { headers })).status).toBe(401);
    });

    it('does not exist at all when ADMIN_TOKEN is unset', async () => {
      const open = await createTestStack();
      try {
        const openApp = createApp({ services: open.services, logger: silent });
        expect((await openApp.request('/admin/api/recipients', { headers: bearer() })).status).toBe(404);
        expect((await openApp.request('/admin/queues', { headers: basic(TOKEN) })).status).toBe(404);
      } finally {
        await open.stop();
      }
    });
  });

  it('lists the roster a page at a time and shows one recipient with their opt-out', async () => {
    const first = await app.request('/admin/api/recipients?limit=100', { headers: bearer() });
    expect(first.status).toBe(200);
    const page = await first.json().then(loose);
    expect(page.total).toBe(3);
    expect(page.recipients.map((r: { id: string }) => r.id).sort()).toEqual(['u-1', 'u-2', 'u-3']);

    await stack.services.optouts.optOut('u-2', 'link');
    const one = await (await app.request('/admin/api/recipients/u-2', { headers: bearer() })).json().then(loose);
    expect(one.recipient.email).toBe('jan@example.nl');
    expect(one.optOut).toMatchObject({ id: 'u-2', source: 'link' });
    expect((await app.request('/admin/api/recipients/nobody', { headers: bearer() })).status).toBe(404);
    expect((await app.request('/admin/api/recipients?limit=5000', { headers: bearer() })).status).toBe(400);
  });

  it('opts a recipient out and back in as "admin", audited, and refuses unknown ids', async () => {
    const put = await app.request('/admin/api/optouts/u-1', { method: 'PUT', headers: bearer() });
    expect(put.status).toBe(201);
    expect((await put.json().then(loose)).optOut).toMatchObject({ id: 'u-1', source: 'admin' });
    const list = await (await app.request('/admin/api/optouts', { headers: bearer() })).json().then(loose);
    expect(list.optouts.map((o: { id: string }) => o.id)).toEqual(['u-1']);

    const del = await app.request('/admin/api/optouts/u-1', { method: 'DELETE', headers: bearer() });
    expect(await del.json().then(loose)).toMatchObject({ removed: true });
    expect(await stack.services.optouts.get('u-1')).toBeNull();
    const audit = [];
    for await (const e of stack.services.optouts.audit()) audit.push([e.id, e.action, e.source]);
    expect(audit).toEqual([
      ['u-1', 'opt-out', 'admin'],
      ['u-1', 'opt-in', 'admin'],
    ]);
    expect((await app.request('/admin/api/optouts/ghost', { method: 'PUT', headers: bearer() })).status).toBe(404);
    expect(await stack.services.optouts.get('ghost')).toBeNull();
  });

  it('pauses and resumes the organisation switch', async () => {
    expect(await (await app.request('/admin/api/pause', { method: 'POST', headers: bearer() })).json().then(loose)).toEqual({ paused: true });
    expect(await stack.services.orgSwitch.isPaused()).toBe(true);
    expect(await (await app.request('/admin/api/pause', { headers: bearer() })).json().then(loose)).toEqual({ paused: true });
    await app.request('/admin/api/resume', { method: 'POST', headers: bearer() });
    expect(await stack.services.orgSwitch.isPaused()).toBe(false);
  });

  it('sends now for listed recipients at once, and to everyone through a job a worker runs, followed at its progress URL', async () => {
    const res = await app.request('/admin/api/send', {
      method: 'POST',
      headers: { ...bearer(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ date: DATE, recipients: ['u-1'] }),
    });
    expect(res.status).toBe(202);
    expect(await res.json().then(loose)).toMatchObject({ date: DATE, queued: 1 });
    expect((await stack.services.outcomes.get(DATE, 'u-1'))?.status).toBe('pending');

    const all = await app.request('/admin/api/send', { method: 'POST', headers: bearer(), body: JSON.stringify({ date: DATE, all: true }) });
    expect(all.status).toBe(202);
    const { job, progress } = await all.json().then(loose);
    // Answered before anyone was queued: the roster is walked by a worker, not in the request.
    expect((await stack.services.outcomes.get(DATE, 'u-2'))).toBeNull();
    expect(await (await app.request(progress, { headers: bearer() })).json().then(loose)).toMatchObject({ job, date: DATE, state: 'waiting', result: null });
    await fanOutNow(stack.services);
    expect(await (await app.request(progress, { headers: bearer() })).json().then(loose)).toMatchObject({
      state: 'completed',
      result: { roster: 3, queued: 2, alreadyQueued: 1, notWorkday: 0 },
    });
    expect((await stack.services.outcomes.get(DATE, 'u-2'))?.status).toBe('pending');
    expect((await app.request('/admin/api/send/nope', { headers: bearer() })).status).toBe(404);

    const bad = await app.request('/admin/api/send', { method: 'POST', headers: bearer(), body: JSON.stringify({ date: '24-11-2026', all: true }) });
    expect(bad.status).toBe(400);
    expect((await bad.json().then(loose)).error).toMatch(/date/);
    const unknown = await app.request('/admin/api/send', { method: 'POST', headers: bearer(), body: JSON.stringify({ date: DATE, recipients: ['ghost'] }) });
    expect(unknown.status).toBe(404);
    expect((await unknown.json().then(loose)).error).toContain('ghost');
  });

  it('reports status by date exactly as `briefing status --json` does', async () => {
    await stack.services.outcomes.record(DATE, 'u-1', { status: 'sent', at: '2026-11-24T06:30:01.000Z' });
    await stack.services.outcomes.record(DATE, 'u-2', { status: 'failed', at: '2026-11-24T06:30:02.000Z', reason: '550 mailbox unavailable' });
    const api = await (await app.request(`/admin/api/status?date=${DATE}`, { headers: bearer() })).json().then(loose);
    const cli = await runCli(['status', '--date', DATE, '--json'], cliEnv(stack.config));
    expect(cli.code, cli.stderr).toBe(0);
    expect(api).toEqual(JSON.parse(cli.stdout));
    expect(api.counts).toMatchObject({ sent: 1, failed: 1 });
    expect((await app.request('/admin/api/status?date=yesterday', { headers: bearer() })).status).toBe(400);
  });

  it('pages and filters the status list as `briefing status --outcome --limit --cursor` does, counts always whole', async () => {
    await stack.services.enqueue(DATE, ['u-1', 'u-2', 'u-3'], 'all');
    await stack.services.outcomes.record(DATE, 'u-2', { status: 'failed', at: '2026-11-24T06:30:02.000Z', reason: '550 mailbox unavailable' });
    const get = async (query: string) => (await app.request(`/admin/api/status?date=${DATE}&${query}`, { headers: bearer() })).json().then(loose);
    const failed = await get('outcome=failed');
    expect(failed.recipients).toEqual([{ id: 'u-2', status: 'failed', at: '2026-11-24T06:30:02.000Z', reason: '550 mailbox unavailable' }]);
    expect(failed.counts).toMatchObject({ pending: 2, failed: 1 });
    const seen: string[] = [];
    let page = await get('outcome=pending&limit=1');
    for (;;) {
      seen.push(...page.recipients.map((r: { id: string }) => r.id));
      if (!page.nextCursor) break;
      page = await get(`outcome=pending&limit=1&cursor=${page.nextCursor}`);
    }
    expect(seen.sort()).toEqual(['u-1', 'u-3']);
    const bad = await app.request(`/admin/api/status?date=${DATE}&outcome=lost&limit=0&cursor=x`, { headers: bearer() });
    expect(bad.status).toBe(400);
    expect((await bad.json().then(loose)).error).toMatch(/outcome: .*; limit: .*; cursor: /);
  });

  describe('the queue dashboard', () => {
    it('asks a browser for the token (Basic) and shows the queues with it', async () => {
      const none = await app.request('/admin/queues');
      expect(none.status).toBe(401);
      expect(none.headers.get('WWW-Authenticate')).toMatch(/^Basic realm=/);
      expect((await app.request('/admin/queues', { headers: basic('wrong-password-000000') })).status).toBe(401);

      const page = await app.request('/admin/queues', { headers: basic(TOKEN) });
      expect(page.status).toBe(200);
      const html = await page.text();
      const base = /<base href="([^"]+)"/.exec(html)?.[1];
      expect(base).toBe('/admin/queues/');
      const asset = new URL(/src="([^"]+\.js)"/.exec(html)![1]!, `http://localhost${base}`).pathname;
      expect(asset).toMatch(/^\/admin\/queues\/static\//);
      expect((await app.request(asset!, { headers: basic(TOKEN) })).status).toBe(200);
      expect((await app.request(asset!)).status).toBe(401);

      const queues = await (await app.request('/admin/queues/api/queues', { headers: bearer() })).json().then(loose);
      expect(queues.queues.map((q: { displayName: string }) => q.displayName).sort()).toEqual(['fan-out', 'schedule', 'send']);
    });

    it('refuses a write another site makes the browser send', async () => {
      const res = await app.request(`/admin/queues/api/queues/${encodeURIComponent('{send.0}')}/pause`, {
        method: 'PUT',
        headers: { ...basic(TOKEN), Origin: 'https://evil.example', Host: 'localhost' },
      });
      expect(res.status).toBe(403);
      expect(await stack.services.sendQueues.all[0]!.isPaused()).toBe(false);
    });
  });
});
