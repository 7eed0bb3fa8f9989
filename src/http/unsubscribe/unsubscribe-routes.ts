import { Hono, type Context } from 'hono';
import type { Logger } from '../../logger.ts';
import { intlLocale, type Locale } from '../../render/locales.ts';
import type { RosterStore } from '../../store/roster-store.ts';
import type { Recipient } from '../../recipients/recipient.ts';
import type { OptOutStore } from '../../store/optout-store.ts';
import type { TokenCodec } from '../../unsubscribe/token.ts';
import { bounded } from './bounded.ts';
import { localeFromAcceptLanguage, pageLocale } from '../pages/page-frame.ts';
import { readBodyText, requestHeader } from './read-body.ts';
import {
  PAGE_HEADERS,
  adminOffPage,
  alreadyPage,
  confirmPage,
  donePage,
  invalidPage,
  methodPage,
  resubscribedPage,
  tooLargePage,
  tooOftenPage,
  unavailablePage,
} from './pages.ts';
import { unsubscribeSource } from './unsubscribe-source.ts';

export interface UnsubscribeDeps {
  readonly tokens: TokenCodec;
  readonly roster: Pick<RosterStore, 'get'>;
  readonly optouts: Pick<OptOutStore, 'get' | 'optOut' | 'resubscribe'>;
  readonly logger: Logger;
  /** How long a page waits for Redis before answering 503 (default 2 s). */
  readonly storeTimeoutMs?: number;
  /** Largest POST body accepted (default 4 KiB; RFC 8058's body is 26 bytes). */
  readonly maxBodyBytes?: number;
}

const RETRY_AFTER_SECONDS = '60';

/**
 * The recipient's side: GET shows a page and changes nothing (mail scanners fetch every
 * link); POST records the opt-out, from our page's button or a mail app's RFC 8058
 * one-click; POST /resubscribe undoes it unless an admin switched the person off.
 */
export function unsubscribeRoutes(deps: UnsubscribeDeps): Hono {
  const timeoutMs = deps.storeTimeoutMs ?? 2000;
  const app = new Hono();

  const maxBodyBytes = deps.maxBodyBytes ?? 4096;
  // A plain Response with a plain header object (a fresh copy: the Node adapter adds
  // Content-Length to it) takes @hono/node-server's fast path; c.body() builds Headers.
  const page = (_c: Context, status: number, html: string | Uint8Array, extra?: Record<string, string>) =>
    new Response(html, { status, headers: { ...PAGE_HEADERS, ...extra } });
  const guessLocale = (c: Context) => localeFromAcceptLanguage(requestHeader(c, 'accept-language'));
  const localeOf = (c: Context, recipient: Recipient | null): Locale => pageLocale(recipient?.locale, requestHeader(c, 'accept-language'));
  // Same page, same status for every kind of bad token: the answer says nothing about ids.
  const invalid = (c: Context) => page(c, 400, invalidPage(guessLocale(c)));
  const unavailable = (c: Context, token: string, retry: 'unsubscribe' | 'resubscribe' | null, err: unknown) => {
    deps.logger.warn({ err: (err as Error).message, path: retry ?? 'confirm-page' }, 'unsubscribe: Redis unavailable, answered 503');
    return page(c, 503, unavailablePage(guessLocale(c), token, retry), { 'Retry-After': RETRY_AFTER_SECONDS });
  };
  const tooLarge = (c: Context) => page(c, 413, tooLargePage(guessLocale(c)));
  const notAllowed = (allow: string) => (c: Context) => page(c, 405, methodPage(guessLocale(c)), { Allow: allow });

  app.get('/unsubscribe/:token', async (c) => {
    const token = c.req.param('token');
    const id = deps.tokens.verify(token);
    if (!id) return invalid(c);
    let recipient: Recipient | null;
    let optOut;
    try {
      [recipient, optOut] = await bounded(Promise.all([deps.roster.get(id), deps.optouts.get(id)]), timeoutMs);
    } catch (err) {
      return unavailable(c, token, null, err);
    }
    const locale = localeOf(c, recipient);
    if (!optOut) return page(c, 200, confirmPage(locale, token));
    const since = new Intl.DateTimeFormat(intlLocale(locale), {
      dateStyle: 'long',
      timeZone: recipient?.timeZone ?? 'UTC',
    }).format(new Date(optOut.at));
    return page(c, 200, alreadyPage(locale, token, since));
  });

  app.post('/unsubscribe/:token', async (c) => {
    // Read as text, not parseBody(): the one-click body is one fixed field, and parsing
    // forms costs half the throughput on this path.
    const body = await readBodyText(c, maxBodyBytes);
    if (body === null) return tooLarge(c);
    const token = c.req.param('token');
    const id = deps.tokens.verify(token);
    if (!id) return invalid(c);
    const source = unsubscribeSource(requestHeader(c, 'content-type'), body);
    let locale: string | null;
    try {
      const recorded = await bounded(deps.optouts.optOut(id, source), timeoutMs);
      if (recorded.created) deps.logger.info({ id, source }, 'opt-out recorded');
      locale = recorded.locale;
    } catch (err) {
      return unavailable(c, token, 'unsubscribe', err);
    }
    return page(c, 200, donePage(pageLocale(locale, requestHeader(c, 'accept-language')), token));
  });

  app.post('/resubscribe/:token', async (c) => {
    if ((await readBodyText(c, maxBodyBytes)) === null) return tooLarge(c);
    const token = c.req.param('token');
    const id = deps.tokens.verify(token);
    if (!id) return invalid(c);
    let recipient: Recipient | null;
    try {
      recipient = await bounded(deps.roster.get(id), timeoutMs);
      // The admin's off wins: the person's own opt-out stays until the admin turns them back on.
      if (recipient && !recipient.enabled) return page(c, 403, adminOffPage(localeOf(c, recipient)));
      const undone = await bounded(deps.optouts.resubscribe(id), timeoutMs);
      if (undone === 'limited') return page(c, 429, tooOftenPage(localeOf(c, recipient)), { 'Retry-After': '3600' });
      if (undone === 'removed') deps.logger.info({ id }, 'opt-out undone');
    } catch (err) {
      return unavailable(c, token, 'resubscribe', err);
    }
    return page(c, 200, resubscribedPage(localeOf(c, recipient), token));
  });

  // A link cut off right after the slash.
  app.get('/unsubscribe', invalid);
  app.get('/unsubscribe/', invalid);
  app.all('/unsubscribe/:token', notAllowed('GET, HEAD, POST'));
  app.all('/resubscribe/:token', notAllowed('POST'));
  return app;
}
