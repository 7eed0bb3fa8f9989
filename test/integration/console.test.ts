import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { homeRoutes } from '../../src/http/home-page.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { waitUntil } from '../helpers/wait.ts';

const TOKEN = 'console-token-0123456789';
const DATE = '2026-11-24';
// 09:00 UTC: the 24th in Amsterdam, Tokyo and New York alike.
const NOW = new Date('2026-11-24T09:00:00Z');
const silent = pino({ level: 'silent' });

const cookieOf = (res: Response) => /^(briefing_console=[^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('the ops console at /admin', () => {
  let smtp: SmtpReceiver;
  let stack: TestStack;
  let server: RunningServer;
  let base: string;
  let session = '';
  let csrf = '';

  const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, ...(session ? { Cookie: session } : {}), ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  // The data controls form: a box ticked per section left on.
  const controls = (on: readonly string[], feeds: boolean) =>
    fetch(`${base}/admin/data-controls`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, Cookie: session },
      body: new URLSearchParams([['csrf', csrf], ...on.map((s): [string, string] => ['on', s]), ...(feeds ? [['remoteFeeds', 'on'] as [string, string]] : [])]).toString(),
    });
  const page = (path: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: session ? { Cookie: session } : {} });

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    smtp.reply = (to) => (to.some((a) => a.startsWith('ivo')) ? { code: 550, message: '5.1.1 mailbox unavailable' } : undefined);
    stack = await createTestStack({ ADMIN_TOKEN: TOKEN, SMTP_URL: smtp.url, SEND_ATTEMPTS: '1', PUBLIC_URL: 'http://127.0.0.1' });
    await stack.write('today.json', JSON.stringify({ tasks: [{ title: 'Ship it', due: DATE }] }));
    await stack.importRoster([
      { id: 'u-ada', email: 'ada@example.com', name: 'Ada Lovelace', timeZone: 'Europe/Amsterdam', content: 'today.json' },
      { id: 'u-ivo', email: 'ivo@example.com', name: 'Ivo Andrić', timeZone: 'Asia/Tokyo', content: 'today.json' },
      { id: 'u-nan', email: 'nan@example.com', name: 'Nan Shepherd', timeZone: 'America/New_York', sendAt: '07:00', content: 'today.json' },
    ]);
    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-ada', 'u-ivo'], 'recipient');
    await waitForOutcomes(stack.services, DATE, ['u-ada', 'u-ivo']);
    server = await startServer(createApp({ services: stack.services, logger: silent, now: () => NOW }), 0, '127.0.0.1');
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
    await stack?.stop();
    await smtp?.close();
  });

  it('shows a login form, uncached, to a browser without a session', async () => {
    const res = await page('/admin');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).toContain('name="token"');
    expect(html).not.toContain('Outcomes by zone');
  });

  it('refuses a wrong token with no session', async () => {
    const res = await form('/admin/login', { token: 'not-the-token-at-all' });
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('That is not the admin token');
  });

  it('logs in with the right token: an HttpOnly, SameSite=Strict session cookie on /admin only', async () => {
    const res = await form('/admin/login', { token: TOKEN });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    const set = res.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\/admin;/);
    expect(set).toMatch(/Max-Age=43200/);
    // Served over http: a Secure cookie would never come back.
    expect(set).not.toMatch(/Secure/);
    session = cookieOf(res);
    const today = await page('/admin');
    expect(today.headers.get('cache-control')).toBe('no-store');
    const html = await today.text();
    csrf = csrfIn(html);
    expect(csrf).not.toBe('');
    expect(html).toContain('Outcomes by zone');
  });

  it('shows each zone’s today with its counts by outcome, and the next send groups', async () => {
    const html = (await (await page('/admin')).text()).replaceAll('<wbr>', '');
    const row = (zone: string) => new RegExp(`<tr><td>${zone.replace('/', '\\/')}<br><span class="muted">${DATE}</span></td>(.*?)</tr>`).exec(html)?.[1] ?? '';
    // Columns: sent, failed and pending (always), in the order of `status`; the others only on a day that has them.
    expect(row('Europe/Amsterdam')).toBe('<td class="n">1</td><td class="n">0</td><td class="n">0</td>');
    expect(row('Asia/Tokyo')).toBe('<td class="n">0</td><td class="n">1</td><td class="n">0</td>');
    expect(row('America/New_York')).toBe('<td class="n">0</td><td class="n">0</td><td class="n">0</td>');
    expect(html).toContain('No send is running.');
    expect(html).not.toContain('http-equiv="refresh"');
    // 09:00 UTC: New York's 07:00 (12:00 UTC) is next, then Tokyo's and Amsterdam's 07:30 (the default) of the 25th.
    const next = [...html.matchAll(/<tr><td class="when">(2026-11-2\d)<br>(\d\d:\d\d)<\/td><td>([^<]+)<br>/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(next).toEqual(['2026-11-24 12:00 America/New_York', '2026-11-24 22:30 Asia/Tokyo', '2026-11-25 06:30 Europe/Amsterdam']);
  });

  it('refuses a POST without the CSRF token, or from another site, and changes nothing', async () => {
    const missing = await form('/admin/pause', {});
    expect(missing.status).toBe(403);
    expect(missing.headers.get('cache-control')).toBe('no-store');
    const wrong = await form('/admin/pause', { csrf: `${csrf}x` });
    expect(wrong.status).toBe(403);
    const foreign = await form('/admin/pause', { csrf }, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await stack.services.orgSwitch.isPaused()).toBe(false);
  });

  it('pauses and resumes from the today page', async () => {
    const paused = await form('/admin/pause', { csrf });
    expect(paused.status).toBe(303);
    expect(await stack.services.orgSwitch.isPaused()).toBe(true);
    expect(await (await page('/admin?done=paused')).text()).toContain('Paused since');
    expect((await form('/admin/resume', { csrf })).status).toBe(303);
    expect(await stack.services.orgSwitch.isPaused()).toBe(false);
  });

  it('turns a section off for everyone from the data controls page, audited as console', async () => {
    expect(await (await page('/admin')).text()).toContain('href="/admin/data-controls"');
    const before = await (await page('/admin/data-controls')).text();
    expect(before).toContain('No change yet');
    expect([...before.matchAll(/name="on" value="([a-z-]+)" checked/g)].map((m) => m[1])).toEqual(['invitations', 'meetings', 'tasks', 'follow-ups', 'focus-time']);
    const res = await controls(['invitations', 'meetings', 'follow-ups', 'focus-time'], true);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/data-controls?done=changed');
    expect(await stack.services.orgSettings.get()).toEqual({ sectionsOff: ['tasks'], remoteFeeds: true });
    const after = await (await page('/admin/data-controls?done=changed')).text();
    expect(after).toContain('Saved:');
    expect(after).toMatch(/name="on" value="tasks">/);
    expect(after).toMatch(/<td>console<\/td><td class="reason">tasks off<\/td>/);
    expect(await stack.services.orgSettings.latest(5)).toEqual([expect.objectContaining({ source: 'console', change: 'tasks off' })]);
  });

  it('refuses a data controls form without the CSRF token, or with an unknown section, and changes nothing', async () => {
    const missing = await form('/admin/data-controls', { on: 'meetings' });
    expect(missing.status).toBe(403);
    const bad = await form('/admin/data-controls', { csrf, on: 'weather', remoteFeeds: 'yes' });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('on: no section &quot;weather&quot;');
    expect(text).toContain('remoteFeeds: expected');
    expect(await stack.services.orgSettings.get()).toEqual({ sectionsOff: ['tasks'], remoteFeeds: true });
    expect(await stack.services.orgSettings.latest(5)).toHaveLength(1);
    // Every box ticked again: all on, so the re-send below has its tasks.
    const res = await controls(['invitations', 'meetings', 'tasks', 'follow-ups', 'focus-time'], true);
    expect(res.headers.get('location')).toBe('/admin/data-controls?done=changed');
    expect(await stack.services.orgSettings.get()).toEqual({ sectionsOff: [], remoteFeeds: true });
  });

  it('finds a person by address and shows their last 30 days with the reason', async () => {
    const res = await page('/admin/search?q=IVO%40example.com');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Ivo Andrić');
    const rows = [...html.matchAll(/<tr><td class="when">(\d{4}-\d\d-\d\d)<\/td><td>([^<]*)<br><span class="reason muted">([^<]*)<\/span><\/td>/g)];
    expect(rows).toHaveLength(30);
    expect(rows[0]![1]).toBe(DATE);
    expect(rows[0]![2]).toBe('failed');
    expect(rows[0]![3]).toContain('mailbox unavailable');
    expect(rows[1]![1]).toBe('2026-11-23');
    // No record that day, and the page says why (as `status --recipient` does): imported today.
    expect(rows[1]![3]).toMatch(/^before they joined \(/);
    expect((await page('/admin/search?q=nobody%40example.com')).status).toBe(404);
  });

  it('re-sends a delivered briefing on purpose, as send --recipient ID --force', async () => {
    const before = smtp.received.length;
    const res = await form('/admin/resend', { csrf, id: 'u-ada', date: DATE });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/search?q=u-ada&resent=${DATE}`);
    await waitUntil('the forced re-send', async () => ((await stack.services.outcomes.get(DATE, 'u-ada'))?.forced && smtp.received.length > before ? true : undefined));
    expect(await stack.services.outcomes.get(DATE, 'u-ada')).toMatchObject({ status: 'sent', forced: true });
    const bad = await form('/admin/resend', { csrf, id: 'u-nobody', date: '24-11-2026' });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('id: not on the roster: u-nobody');
    expect(text).toContain('date: expected a date as YYYY-MM-DD');
  });

  it('exports the current opt-outs with addresses and a day’s outcomes as CSV', async () => {
    await stack.services.optouts.optOut('u-nan', 'admin');
    const optouts = await page('/admin/export/optouts.csv');
    expect(optouts.headers.get('content-type')).toContain('text/csv');
    expect(optouts.headers.get('cache-control')).toBe('no-store');
    expect((await optouts.text()).split('\r\n')).toEqual(['id,email,since,how', expect.stringMatching(/^u-nan,nan@example\.com,\d{4}-.*,admin$/), '']);
    const outcomes = await (await page(`/admin/export/outcomes.csv?date=${DATE}`)).text();
    expect(outcomes).toContain('u-ivo,failed,');
    expect(outcomes).toMatch(/u-ada,sent,[^,]+,[^,]*,yes/);
  });

  it('sends every page to the login form again after logging out', async () => {
    expect((await form('/admin/logout', { csrf })).headers.get('set-cookie')).toMatch(/briefing_console=; .*Max-Age=0/);
    session = '';
    expect((await page('/admin/search?q=u-ada')).headers.get('location')).toBe('/admin');
    expect((await page('/admin/export/optouts.csv')).headers.get('location')).toBe('/admin');
  });

  it('slows down a guesser: the sixth wrong token in a minute is refused without being checked', async () => {
    const app = createApp({ services: stack.services, logger: silent });
    const guess = (token: string) =>
      app.request('/admin/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=${token}` });
    for (let i = 0; i < 5; i++) expect((await guess(`wrong-guess-${i}`)).status).toBe(401);
    const limited = await guess(TOKEN);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('GET / names the service and links to the console (outside production)', async () => {
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain('<h1>Briefing</h1>');
    expect(html).toContain('href="/admin"');
    const production = await homeRoutes({ production: true, consoleOn: true }).request('/');
    const text = await production.text();
    expect(text).toContain('<h1>Briefing</h1>');
    expect(text).not.toContain('/admin');
  });
});

describe('the console without ADMIN_TOKEN', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack({ ADMIN_TOKEN: undefined });
  });
  afterAll(async () => stack?.stop());

  it('says it is off and how to turn it on', async () => {
    const app = createApp({ services: stack.services, logger: silent });
    const res = await app.request('/admin');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Set <code>ADMIN_TOKEN</code>');
    expect((await app.request('/admin/login', { method: 'POST' })).status).toBe(404);
  });
});
