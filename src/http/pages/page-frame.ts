import { catalog, isLocale, type Locale } from '../../render/locales.ts';
import { fill } from '../../render/messages.ts';
import { escapeHtml } from '../unsubscribe/escape-html.ts';
import { securityHeaders } from '../unsubscribe/security-headers.ts';

/**
 * The frame every recipient page shares (unsubscribe, preferences, focus booking): one inline
 * stylesheet, no script, no external asset, mobile first, light and dark. Forms use relative
 * actions, so the pages work behind a proxy that mounts the app under a path.
 */
const STYLE = [
  ':root{color-scheme:light dark}',
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
  'button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #111827;outline-offset:3px}',
  'a{color:#1d4ed8;font-weight:600}',
  'fieldset,.row{border:0;margin:0 0 1.25rem;padding:0}',
  'dl{margin:0 0 1rem}dt{font-weight:600}dd{margin:0 0 .5rem;color:#374151}',
  'legend,label.field{display:block;font-weight:600;margin:0 0 .375rem;padding:0}',
  '.hint{display:block;font-size:.875rem;color:#4b5563;font-weight:400}',
  'input[type=time],input[type=date],select{display:block;width:100%;min-height:44px;padding:.5rem .75rem;border:1px solid #9ca3af;border-radius:8px;background:#fff;color:#111827;font:inherit}',
  '.choices{display:flex;flex-wrap:wrap;gap:.5rem}',
  '.choices label{display:flex;align-items:center;gap:.375rem;min-height:44px;padding:0 .75rem;border:1px solid #d1d5db;border-radius:8px}',
  '.choices input{width:1.125rem;height:1.125rem;margin:0}',
  '.choices label.locked{border-style:dashed;flex-wrap:wrap;padding:.25rem .75rem}.choices label.locked .hint{display:inline}',
  '.block{font-size:1.25rem;font-weight:700;margin:0 0 .75rem}',
  '.error{border-left:4px solid #b91c1c;padding:.5rem .75rem;background:#fef2f2;color:#7f1d1d}',
  '@media (min-width:40rem){main{padding-top:4rem}.card{padding:2rem}button{display:inline-block;width:auto;min-width:12rem}}',
  '@media (prefers-color-scheme:dark){body{background:#111827;color:#f9fafb}.card{background:#1f2937;border-color:#374151}p,.hint,dd{color:#d1d5db}.brand,a{color:#93c5fd}button{background:#2563eb}button:hover{background:#1d4ed8}button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible{outline-color:#f9fafb}input[type=time],input[type=date],select{background:#111827;color:#f9fafb;border-color:#6b7280}.choices label{border-color:#4b5563}.error{background:#450a0a;color:#fecaca}}',
].join('');

export const PAGE_HEADERS = securityHeaders(STYLE);

/** One page's words: `s('unsubscribe.confirmTitle')`, with `{name}` values filled in. */
export type PageText = (key: string, values?: Readonly<Record<string, string | number>>) => string;

export function pageText(locale: Locale): PageText {
  const messages = catalog(locale);
  return (key, values = {}) => {
    const value = messages[key];
    // Every page key is checked by check-templates (RUNTIME_KEYS.page): a miss here is a bug.
    if (typeof value !== 'string') throw new Error(`locales/${locale}.json: no page string "${key}"`);
    return fill(value, values);
  };
}

interface Frame {
  readonly head: string;
  readonly mid: string;
  readonly tail: string;
}

const frames = new Map<Locale, Frame>();

function frameOf(locale: Locale): Frame {
  let frame = frames.get(locale);
  if (!frame) {
    const brand = escapeHtml(pageText(locale)('brand'));
    frame = {
      head: `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><meta name="robots" content="noindex,nofollow"><title>`,
      mid: ` · ${brand}</title><style>${STYLE}</style></head><body><main><div class="card"><p class="brand">${brand}</p>`,
      tail: '</div></main></body></html>',
    };
    frames.set(locale, frame);
  }
  return frame;
}

/** A whole page: `content` is HTML the caller built from escaped parts. */
export function layout(locale: Locale, title: string, content: string): string {
  const f = frameOf(locale);
  return `${f.head}${escapeHtml(title)}${f.mid}<h1>${escapeHtml(title)}</h1>${content}${f.tail}`;
}

export const para = (text: string) => `<p>${escapeHtml(text)}</p>`;

/** Redis did not answer: nothing is confirmed, and `again` (a form or a link) tries once more. */
export function storeDownPage(locale: Locale, again: string): string {
  const s = pageText(locale);
  return layout(locale, s('page.unavailableTitle'), para(s('page.unavailableBody')) + again);
}

/** A plain link back to a page (a GET that could not be answered). `href` is relative and unescaped. */
export function retryLink(locale: Locale, href: string): string {
  return `<p><a href="${escapeHtml(href)}">${escapeHtml(pageText(locale)('page.retryButton'))}</a></p>`;
}

/**
 * The language for pages that cannot know the recipient (a link that is not valid, Redis
 * unreachable): the browser's Accept-Language among the languages we ship, else English.
 * Never the roster, so such a page says nothing about whether an id exists.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'en';
  let best: Locale = 'en';
  let bestQ = 0;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
    const lang = tag.split('-')[0] ?? '';
    if (isLocale(lang) && Number.isFinite(q) && q > bestQ) {
      best = lang;
      bestQ = q;
    }
  }
  return best;
}

/** A page's locale: the recipient's when known and shipped, else the browser's. */
export function pageLocale(known: string | null | undefined, acceptLanguage: string | undefined): Locale {
  return known && isLocale(known) ? known : localeFromAcceptLanguage(acceptLanguage);
}
