import type { Locale } from '../../render/locales.ts';
import { layout, pageText, para, retryLink, storeDownPage } from '../pages/page-frame.ts';
import { escapeHtml } from './escape-html.ts';

export { PAGE_HEADERS } from '../pages/page-frame.ts';

/**
 * The unsubscribe pages as string functions over the shared page frame: no template engine
 * on the hot path, and every value from outside goes through escapeHtml. Their words are the
 * `unsubscribe.*` keys of templates/locales/*.json.
 */

/** The page's own forms post `confirm=…`, never the RFC 8058 field, so the audit can tell a click on the page from a mail app's one-click. */
export const PAGE_FIELD = 'confirm';

function form(action: 'unsubscribe' | 'resubscribe', token: string, button: string): string {
  return (
    `<form method="post" action="../${action}/${escapeHtml(token)}">` +
    `<input type="hidden" name="${PAGE_FIELD}" value="${action}">` +
    `<button type="submit">${escapeHtml(button)}</button></form>`
  );
}

/**
 * A page whose only per-request value is the token, built and UTF-8 encoded once per
 * language (on first use), with the token spliced in per request: the one-click POST answers
 * with one of these thousands of times a second, and encoding the whole page each time was a
 * visible share of its cost.
 */
function tokenPage(build: (locale: Locale, token: string) => string): (locale: Locale, token: string) => Buffer {
  const SLOT = '\u0000'; // escapeHtml keeps it, and no page text contains it
  const parts = new Map<Locale, [Buffer, Buffer]>();
  return (locale, token) => {
    let split = parts.get(locale);
    if (!split) {
      const pieces = build(locale, SLOT).split(SLOT);
      if (pieces.length !== 2) throw new Error(`tokenPage: the token must appear exactly once in the ${locale} page`);
      split = [Buffer.from(pieces[0]!, 'utf8'), Buffer.from(pieces[1]!, 'utf8')];
      parts.set(locale, split);
    }
    return Buffer.concat([split[0], Buffer.from(escapeHtml(token), 'utf8'), split[1]]);
  };
}

export const confirmPage = tokenPage((locale, token) => {
  const s = pageText(locale);
  return layout(locale, s('unsubscribe.confirmTitle'), para(s('unsubscribe.confirmBody')) + form('unsubscribe', token, s('unsubscribe.confirmButton')));
});

export function alreadyPage(locale: Locale, token: string, since: string): string {
  const s = pageText(locale);
  return layout(
    locale,
    s('unsubscribe.alreadyTitle'),
    para(s('unsubscribe.alreadyBody', { date: since })) + form('resubscribe', token, s('unsubscribe.resubscribeButton')),
  );
}

export const donePage = tokenPage((locale, token) => {
  const s = pageText(locale);
  return layout(
    locale,
    s('unsubscribe.doneTitle'),
    para(s('unsubscribe.doneBody')) + para(s('unsubscribe.undoPrompt')) + form('resubscribe', token, s('unsubscribe.undoButton')),
  );
});

export const resubscribedPage = tokenPage((locale, token) => {
  const s = pageText(locale);
  return layout(
    locale,
    s('unsubscribe.resubscribedTitle'),
    para(s('unsubscribe.resubscribedBody')) + form('unsubscribe', token, s('unsubscribe.unsubscribeAgainButton')),
  );
});

export function tooOftenPage(locale: Locale): string {
  const s = pageText(locale);
  return layout(locale, s('unsubscribe.tooOftenTitle'), para(s('unsubscribe.tooOftenBody')));
}

export function adminOffPage(locale: Locale): string {
  const s = pageText(locale);
  return layout(locale, s('unsubscribe.adminOffTitle'), para(s('unsubscribe.adminOffBody')));
}

/** Shared by every recipient page: a bad token looks the same wherever it was used. */
export function invalidPage(locale: Locale): string {
  const s = pageText(locale);
  return layout(locale, s('page.invalidTitle'), para(s('page.invalidBody')));
}

/** `retry`: the action to post again, or null for a GET (the retry is a plain link to the same page). */
export function unavailablePage(locale: Locale, token: string, retry: 'unsubscribe' | 'resubscribe' | null): string {
  return retry
    ? storeDownPage(locale, form(retry, token, pageText(locale)('page.retryButton')))
    : storeDownPage(locale, retryLink(locale, `../unsubscribe/${token}`));
}

export function tooLargePage(locale: Locale): string {
  const s = pageText(locale);
  return layout(locale, s('page.tooLargeTitle'), para(s('page.tooLargeBody')));
}

export function methodPage(locale: Locale): string {
  const s = pageText(locale);
  return layout(locale, s('page.methodTitle'), para(s('page.methodBody')));
}
