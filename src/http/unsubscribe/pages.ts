import { LOCALES, type Locale } from '../../render/locales.ts';
import { escapeHtml } from './escape-html.ts';
import { PAGE_STRINGS } from './page-strings.ts';
import { securityHeaders } from './security-headers.ts';

/**
 * The unsubscribe pages as string functions over precompiled per-language frames: no
 * template engine on the hot path, and every value from outside goes through escapeHtml.
 * Mobile-first, no script, no external asset; forms use relative actions so the pages work
 * behind a proxy that mounts the app under a path.
 */

const STYLE = [
  ':root{color-scheme:light}',
  '*{box-sizing:border-box}',
  'body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}',
  'main{max-width:34rem;margin:0 auto;padding:1.5rem 1rem}',
  '.card{background:#fff;border:1px solid #e5e7eb;border-radius:12px;padding:1.5rem 1.25rem}',
  '.brand{margin:0 0 1rem;font-weight:700;color:#1d4ed8}',
  'h1{font-size:1.375rem;line-height:1.3;margin:0 0 .75rem}',
  'p{margin:0 0 1rem;color:#374151}',
  'form{margin:1.5rem 0 0}',
  'button{display:block;width:100%;min-height:48px;padding:.75rem 1.25rem;border:0;border-radius:8px;background:#1d4ed8;color:#fff;font:inherit;font-weight:600;cursor:pointer}',
  'button:hover{background:#1e40af}',
  'button:focus-visible,a:focus-visible{outline:3px solid #111827;outline-offset:3px}',
  'a{color:#1d4ed8;font-weight:600}',
  '@media (min-width:40rem){main{padding-top:4rem}.card{padding:2rem}button{display:inline-block;width:auto;min-width:12rem}}',
].join('');

export const PAGE_HEADERS = securityHeaders(STYLE);

interface Frame {
  readonly head: string;
  readonly mid: string;
  readonly tail: string;
}

const FRAMES = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    {
      head: `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow"><title>`,
      mid: ` · ${escapeHtml(PAGE_STRINGS[locale].brand)}</title><style>${STYLE}</style></head><body><main><div class="card"><p class="brand">${escapeHtml(PAGE_STRINGS[locale].brand)}</p>`,
      tail: '</div></main></body></html>',
    },
  ]),
) as Record<Locale, Frame>;

function layout(locale: Locale, title: string, content: string): string {
  const f = FRAMES[locale];
  return `${f.head}${escapeHtml(title)}${f.mid}<h1>${escapeHtml(title)}</h1>${content}${f.tail}`;
}

const para = (text: string) => `<p>${escapeHtml(text)}</p>`;

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
 * language, with the token spliced in per request: the one-click POST answers with one of
 * these thousands of times a second, and encoding the whole page each time was a visible
 * share of its cost.
 */
function tokenPage(build: (locale: Locale, token: string) => string): (locale: Locale, token: string) => Buffer {
  const SLOT = '\u0000'; // escapeHtml keeps it, and no page text contains it
  const parts = Object.fromEntries(
    LOCALES.map((locale) => {
      const pieces = build(locale, SLOT).split(SLOT);
      if (pieces.length !== 2) throw new Error(`tokenPage: the token must appear exactly once in the ${locale} page`);
      return [locale, pieces.map((piece) => Buffer.from(piece, 'utf8'))];
    }),
  ) as Record<Locale, [Buffer, Buffer]>;
  return (locale, token) => {
    const [before, after] = parts[locale];
    return Buffer.concat([before, Buffer.from(escapeHtml(token), 'utf8'), after]);
  };
}

export const confirmPage = tokenPage((locale, token) => {
  const s = PAGE_STRINGS[locale];
  return layout(locale, s.confirmTitle, para(s.confirmBody) + form('unsubscribe', token, s.confirmButton));
});

export function alreadyPage(locale: Locale, token: string, since: string): string {
  const s = PAGE_STRINGS[locale];
  return layout(locale, s.alreadyTitle, para(s.alreadyBody.replace('{date}', since)) + form('resubscribe', token, s.resubscribeButton));
}

export const donePage = tokenPage((locale, token) => {
  const s = PAGE_STRINGS[locale];
  return layout(locale, s.doneTitle, para(s.doneBody) + para(s.undoPrompt) + form('resubscribe', token, s.undoButton));
});

export const resubscribedPage = tokenPage((locale, token) => {
  const s = PAGE_STRINGS[locale];
  return layout(locale, s.resubscribedTitle, para(s.resubscribedBody) + form('unsubscribe', token, s.unsubscribeAgainButton));
});

export function adminOffPage(locale: Locale): string {
  const s = PAGE_STRINGS[locale];
  return layout(locale, s.adminOffTitle, para(s.adminOffBody));
}

export function invalidPage(locale: Locale): string {
  const s = PAGE_STRINGS[locale];
  return layout(locale, s.invalidTitle, para(s.invalidBody));
}

/** `retry`: the action to post again, or null for a GET (the retry is a plain link to the same page). */
export function unavailablePage(locale: Locale, token: string, retry: 'unsubscribe' | 'resubscribe' | null): string {
  const s = PAGE_STRINGS[locale];
  const again = retry
    ? form(retry, token, s.retryButton)
    : `<p><a href="../unsubscribe/${escapeHtml(token)}">${escapeHtml(s.retryButton)}</a></p>`;
  return layout(locale, s.unavailableTitle, para(s.unavailableBody) + again);
}

export function tooLargePage(locale: Locale): string {
  const s = PAGE_STRINGS[locale];
  return layout(locale, s.tooLargeTitle, para(s.tooLargeBody));
}

export function tooOftenPage(locale: Locale): string {
  const s = PAGE_STRINGS[locale];
  return layout(locale, s.tooOftenTitle, para(s.tooOftenBody));
}

export function methodPage(locale: Locale): string {
  const s = PAGE_STRINGS[locale];
  return layout(locale, s.methodTitle, para(s.methodBody));
}
