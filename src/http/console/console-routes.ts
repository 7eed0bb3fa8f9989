import type { IncomingMessage } from 'node:http';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Services } from '../../app/services.ts';
import type { Logger } from '../../logger.ts';
import { isLocalDate } from '../../time/zones.ts';
import { sameOriginWrites } from '../admin/admin-auth.ts';
import { escapeHtml } from '../unsubscribe/escape-html.ts';
import { readBodyText } from '../unsubscribe/read-body.ts';
import { applyOrgControls } from '../../org/org-controls.ts';
import { AUDIT_SHOWN, dataControlsPage, orgBodyOfForm } from './data-controls-page.ts';
import { consoleResponse, redirect, type ConsolePage } from './console-frame.ts';
import { optOutsCsv, outcomesCsv } from './console-exports.ts';
import { consoleSessions, csrfMatches, SESSION_SECONDS } from './console-session.ts';
import { loginLimiter } from './login-limiter.ts';
import { findPerson, personPage } from './person-page.ts';
import { readToday } from './today-data.ts';
import { todayPage } from './today-page.ts';

export interface ConsoleDeps {
  readonly services: Services;
  readonly logger: Logger;
  readonly now?: () => Date;
}

const COOKIE = 'briefing_console';
const NOTICES: Readonly<Record<string, string>> = {
  paused: 'Paused: no briefing goes out until you resume.',
  resumed: 'Resumed: briefings held while paused go out if still within CATCH_UP of their send time.',
};

const SAVED: Readonly<Record<string, string>> = {
  changed: 'Saved: briefings whose content is read from now on (within 5 s) follow these controls.',
  unchanged: 'Nothing to change: the controls were so already.',
};

const remoteAddress = (c: Context) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress ?? 'local';

function loginPage(message?: string): ConsolePage {
  const error = message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : '';
  const body = `<section class="login">${error}<form method="post" action="/admin/login"><label for="token">Admin token</label><input type="password" id="token" name="token" autocomplete="current-password" required autofocus><button type="submit">Log in</button></form><p class="muted">The value of ADMIN_TOKEN. The session lasts ${SESSION_SECONDS / 3600} hours.</p></section>`;
  return { title: 'Log in', body };
}

const offPage: ConsolePage = {
  title: 'The console is off',
  body: '<section><p>Set <code>ADMIN_TOKEN</code> (16 characters or more) in the environment and restart the service to turn the ops console on.</p></section>',
};

/**
 * The ops console at `/admin`: server-rendered pages behind a login with ADMIN_TOKEN. A
 * session is a signed cookie (HttpOnly, SameSite=Strict, Path=/admin, Secure over https);
 * every POST carries the session's CSRF token and must come from this site (Origin).
 */
export function consoleRoutes(deps: ConsoleDeps): Hono {
  const app = new Hono();
  const token = deps.services.config.adminToken;
  if (!token) {
    app.all('/admin', () => consoleResponse(404, offPage));
    return app;
  }
  const sessions = consoleSessions(token);
  const limiter = loginLimiter({ max: 5, windowMs: 60_000 });
  const now = deps.now ?? (() => new Date());
  const audit = deps.logger.child({ part: 'admin' });
  const secure = (c: Context) => new URL(c.req.url).protocol === 'https:' || deps.services.config.publicUrl.startsWith('https:');
  const cookie = (c: Context, value: string, maxAge: number) =>
    `${COOKIE}=${value}; Path=/admin; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure(c) ? '; Secure' : ''}`;
  const csrfOf = (c: Context) => sessions.csrfOf(getCookie(c, COOKIE), now());

  /** The form of a POST whose CSRF token is the session's, or the answer that refuses it. */
  async function checkedForm(c: Context): Promise<URLSearchParams | Response> {
    const csrf = csrfOf(c);
    if (!csrf) return redirect('/admin');
    const form = new URLSearchParams((await readBodyText(c, 8192)) ?? '');
    if (!csrfMatches(csrf, form.get('csrf') ?? undefined)) {
      return consoleResponse(403, { title: 'Refused', body: '<section><p class="error">This form did not come from your console session (no or a wrong CSRF token): nothing was done. <a href="/admin">Open the console</a> and try again.</p></section>' });
    }
    return form;
  }

  for (const path of ['/admin/login', '/admin/logout', '/admin/pause', '/admin/resume', '/admin/resend', '/admin/data-controls']) app.use(path, sameOriginWrites());

  app.get('/admin', async (c) => {
    const csrf = csrfOf(c);
    if (!csrf) return consoleResponse(200, loginPage());
    const notice = NOTICES[c.req.query('done') ?? ''];
    return consoleResponse(200, todayPage(await readToday(deps.services, now()), csrf, notice));
  });

  app.post('/admin/login', async (c) => {
    const address = remoteAddress(c);
    const wait = limiter.retryAfter(address);
    if (wait > 0) return consoleResponse(429, loginPage(`Too many wrong tokens: try again in ${wait} s.`), { 'Retry-After': String(wait) });
    const given = new URLSearchParams((await readBodyText(c, 8192)) ?? '').get('token') ?? '';
    if (!sessions.tokenMatches(given)) {
      limiter.failed(address);
      audit.warn({ action: 'console-login', ok: false }, 'console login refused: wrong token');
      return consoleResponse(401, loginPage('That is not the admin token (ADMIN_TOKEN).'));
    }
    limiter.succeeded(address);
    audit.info({ action: 'console-login', ok: true }, 'console login');
    return redirect('/admin', { 'Set-Cookie': cookie(c, sessions.issue(now()), SESSION_SECONDS) });
  });

  app.post('/admin/logout', async (c) => {
    const form = await checkedForm(c);
    if (form instanceof Response) return form;
    return redirect('/admin', { 'Set-Cookie': cookie(c, '', 0) });
  });

  for (const action of ['pause', 'resume'] as const) {
    app.post(`/admin/${action}`, async (c) => {
      const form = await checkedForm(c);
      if (form instanceof Response) return form;
      await (action === 'pause' ? deps.services.orgSwitch.pause(now()) : deps.services.orgSwitch.resume());
      audit.info({ action }, `${action === 'pause' ? 'paused' : 'resumed'} from the console`);
      return redirect(`/admin?done=${action}d`);
    });
  }

  const controlsPage = async (csrf: string, notice?: string, problems?: readonly string[]) =>
    dataControlsPage(await deps.services.orgSettings.get(), await deps.services.orgSettings.latest(AUDIT_SHOWN), csrf, notice, problems);

  app.get('/admin/data-controls', async (c) => {
    const csrf = csrfOf(c);
    if (!csrf) return redirect('/admin');
    return consoleResponse(200, await controlsPage(csrf, SAVED[c.req.query('done') ?? '']));
  });

  app.post('/admin/data-controls', async (c) => {
    const form = await checkedForm(c);
    if (form instanceof Response) return form;
    const csrf = csrfOf(c) ?? '';
    const read = orgBodyOfForm(form);
    const applied = read.ok ? await applyOrgControls(deps.services.orgSettings, read.body, 'console') : read;
    if (!applied.ok) return consoleResponse(400, await controlsPage(csrf, undefined, applied.problems));
    const { settings, changed } = applied.result;
    audit.info({ action: 'org', ...settings, changed, via: 'console' }, 'data controls set from the console');
    return redirect(`/admin/data-controls?done=${changed ? 'changed' : 'unchanged'}`);
  });

  app.get('/admin/search', async (c) => {
    const csrf = csrfOf(c);
    if (!csrf) return redirect('/admin');
    const q = (c.req.query('q') ?? '').slice(0, 320);
    const person = q.trim() ? await findPerson(deps.services, q, now()) : null;
    const resent = c.req.query('resent');
    const notice = resent && isLocalDate(resent) ? `Re-send of ${resent} queued: the outcome below changes once it is sent.` : c.req.query('handover') ? 'Not queued: that briefing is being handed to SMTP right now. Look again in a minute.' : undefined;
    return consoleResponse(person || !q.trim() ? 200 : 404, personPage(q, person, csrf, notice));
  });

  app.post('/admin/resend', async (c) => {
    const form = await checkedForm(c);
    if (form instanceof Response) return form;
    const id = form.get('id') ?? '';
    const date = form.get('date') ?? '';
    const recipient = id ? await deps.services.roster.get(id) : null;
    const problems = [...(recipient ? [] : [`id: not on the roster: ${id || '(none)'}`]), ...(isLocalDate(date) ? [] : ['date: expected a date as YYYY-MM-DD'])];
    if (problems.length > 0 || !recipient) {
      return consoleResponse(400, { title: 'Not re-sent', body: `<section><p class="error">${problems.map(escapeHtml).join('<br>')}. Nothing was queued.</p><p><a href="/admin/search?q=${encodeURIComponent(id)}">Back</a></p></section>` });
    }
    const result = await deps.services.resend(date, [recipient]);
    audit.info({ action: 'send', date, count: 1, forced: result.queued.length, inHandover: result.inHandover, via: 'console' }, 'forced re-send requested from the console');
    const q = `q=${encodeURIComponent(id)}`;
    return redirect(result.queued.length > 0 ? `/admin/search?${q}&resent=${date}` : `/admin/search?${q}&handover=1`);
  });

  app.get('/admin/export/optouts.csv', (c) => (csrfOf(c) ? optOutsCsv(c, deps.services) : redirect('/admin')));
  app.get('/admin/export/outcomes.csv', (c) => {
    if (!csrfOf(c)) return redirect('/admin');
    const date = c.req.query('date') ?? '';
    if (!isLocalDate(date)) return consoleResponse(400, { title: 'No export', body: '<section><p class="error">date: expected a date as YYYY-MM-DD (?date=2026-11-24).</p></section>' });
    return outcomesCsv(c, deps.services, date);
  });

  return app;
}
