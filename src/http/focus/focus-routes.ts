import { Hono, type Context } from 'hono';
import type { MailTransport } from '../../delivery/mail-transport.ts';
import { describeSmtpError } from '../../delivery/smtp-error.ts';
import { parseFocusBlock, type FocusBlock } from '../../focus/focus-block.ts';
import type { FocusBookingStore } from '../../store/focus-booking-store.ts';
import { describeBlock, invitationMessage, type InvitationSettings } from '../../focus/invitation-message.ts';
import type { Logger } from '../../logger.ts';
import type { Recipient } from '../../recipients/recipient.ts';
import type { RosterStore } from '../../store/roster-store.ts';
import type { TokenCodec } from '../../unsubscribe/token.ts';
import { localeFromAcceptLanguage, pageLocale, retryLink, storeDownPage } from '../pages/page-frame.ts';
import { acceptLanguage, htmlPage, RETRY_AFTER_SECONDS } from '../pages/respond.ts';
import { bounded } from '../unsubscribe/bounded.ts';
import { invalidPage, methodPage, tooLargePage } from '../unsubscribe/pages.ts';
import { readBodyText } from '../unsubscribe/read-body.ts';
import { focusAlreadyPage, focusBadBlockPage, focusConfirmPage, focusSendFailedPage, focusSentPage } from './focus-pages.ts';

export interface FocusDeps {
  readonly tokens: TokenCodec;
  readonly roster: RosterStore;
  readonly bookings: FocusBookingStore;
  /** A transport for one invitation, closed after it: bookings are rare, and nothing stays connected. */
  readonly openMail: () => MailTransport;
  readonly settings: InvitationSettings;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly storeTimeoutMs?: number;
  readonly maxBodyBytes?: number;
}

/** The relative form action for a block: built from the checked values, never from the raw query. */
const actionFor = (token: string, b: FocusBlock) => `../focus/${token}?date=${b.date}&start=${b.start}&end=${b.end}`;

/**
 * "Book this time" from the focus card. GET is a confirm page that changes nothing (mail
 * scanners follow links); POST emails the recipient, at the address on the roster and no
 * other, an iCalendar invitation for that block, once per block however often it is pressed.
 */
export function focusRoutes(deps: FocusDeps): Hono {
  const timeoutMs = deps.storeTimeoutMs ?? 2000;
  const maxBodyBytes = deps.maxBodyBytes ?? 4096;
  const now = deps.now ?? (() => new Date());
  const app = new Hono();
  const guess = (c: Context) => localeFromAcceptLanguage(acceptLanguage(c));
  const invalid = (c: Context) => htmlPage(400, invalidPage(guess(c)));
  const unavailable = (c: Context, err: unknown) => {
    deps.logger.warn({ err: (err as Error).message }, 'focus: Redis unavailable, answered 503');
    const locale = guess(c);
    // A GET page again; for a POST, the confirm page's button posts once more from there.
    const back = `../focus/${c.req.param('token')}?${new URL(c.req.url).searchParams.toString()}`;
    return htmlPage(503, storeDownPage(locale, retryLink(locale, back)), { 'Retry-After': RETRY_AFTER_SECONDS });
  };

  /** The token's recipient and the block, or the page that says why not. */
  async function resolve(c: Context): Promise<{ recipient: Recipient; block: FocusBlock; token: string } | Response> {
    const token = c.req.param('token')!;
    const id = deps.tokens.verify(token);
    if (!id) return invalid(c);
    let recipient: Recipient | null;
    try {
      recipient = await bounded(deps.roster.get(id), timeoutMs);
    } catch (err) {
      return unavailable(c, err);
    }
    if (!recipient) return invalid(c);
    const parsed = parseFocusBlock({ date: c.req.query('date'), start: c.req.query('start'), end: c.req.query('end') }, recipient, now());
    if (!parsed.ok) return htmlPage(400, focusBadBlockPage(pageLocale(recipient.locale, acceptLanguage(c)), parsed.problem));
    return { recipient, block: parsed.block, token };
  }

  app.get('/focus/:token', async (c) => {
    const found = await resolve(c);
    if (found instanceof Response) return found;
    const { recipient, block, token } = found;
    return htmlPage(200, focusConfirmPage(recipient.locale, actionFor(token, block), describeBlock(block, recipient.locale)));
  });

  app.post('/focus/:token', async (c) => {
    if ((await readBodyText(c, maxBodyBytes)) === null) return htmlPage(413, tooLargePage(guess(c)));
    const found = await resolve(c);
    if (found instanceof Response) return found;
    const { recipient, block, token } = found;
    const when = describeBlock(block, recipient.locale);
    try {
      if (!(await bounded(deps.bookings.claim(recipient.id, block, now()), timeoutMs))) {
        return htmlPage(200, focusAlreadyPage(recipient.locale, when));
      }
    } catch (err) {
      return unavailable(c, err);
    }
    const mail = deps.openMail();
    try {
      await mail.send(invitationMessage(recipient, block, deps.settings, now()), `focus_${block.date}_${recipient.id}`);
    } catch (err) {
      deps.logger.warn({ id: recipient.id, reason: describeSmtpError(err) }, 'focus invitation not sent');
      await deps.bookings.release(recipient.id, block).catch(() => undefined);
      return htmlPage(502, focusSendFailedPage(recipient.locale, actionFor(token, block)), { 'Retry-After': RETRY_AFTER_SECONDS });
    } finally {
      await mail.close().catch(() => undefined);
    }
    // Best effort: the claim already stops a second send until the block is over.
    await deps.bookings.sent(recipient.id, block, now()).catch(() => undefined);
    deps.logger.info({ id: recipient.id, date: block.date }, 'focus invitation sent');
    return htmlPage(200, focusSentPage(recipient.locale, when));
  });

  app.get('/focus', invalid);
  app.get('/focus/', invalid);
  app.all('/focus/:token', (c) => htmlPage(405, methodPage(guess(c)), { Allow: 'GET, HEAD, POST' }));
  return app;
}
