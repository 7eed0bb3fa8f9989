import { escapeHtml } from '../unsubscribe/escape-html.ts';
import { securityHeaders } from '../unsubscribe/security-headers.ts';

/**
 * The ops console's pages (English only: the console is for the people who run the service,
 * the recipients' pages use the translated catalog). One inline stylesheet, no script: the
 * today page refreshes itself with `<meta http-equiv=refresh>` while a send runs.
 */
const STYLE = [
  ':root{color-scheme:light dark}',
  '*{box-sizing:border-box}',
  'body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}',
  'header{background:#1e3a8a;color:#fff}',
  'header .bar{max-width:64rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem}',
  'header .brand{font-weight:700;margin-right:auto}',
  'header a{color:#fff;font-weight:600;text-decoration:none;padding:.5rem 0}',
  'header a:hover{text-decoration:underline}',
  'header form{margin:0}',
  'header button{background:transparent;border:1px solid #93c5fd;min-height:36px;padding:.25rem .75rem;width:auto}',
  'main{max-width:64rem;margin:0 auto;padding:1.25rem 1rem 3rem}',
  'section{background:#fff;border:1px solid #e5e7eb;border-radius:12px;padding:1rem;margin:0 0 1.25rem}',
  'h1{font-size:1.375rem;line-height:1.3;margin:0 0 1rem}',
  'h2{font-size:1.125rem;margin:0 0 .75rem}',
  'p{margin:0 0 .75rem;color:#374151}',
  '.scroll{overflow-x:auto;margin:0 0 .75rem}',
  'table{border-collapse:collapse;width:100%;font-size:.9375rem}',
  'th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e5e7eb;vertical-align:top}',
  'th{font-weight:600;white-space:nowrap;background:#f9fafb}',
  'td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}',
  '.reason{word-break:break-word}',
  'td.when{white-space:nowrap}',
  'td .muted{font-size:.875rem}',
  '@media (max-width:40rem){main{padding:1rem .625rem 2rem}section{padding:.875rem .625rem}table{font-size:.875rem}th,td{padding:.375rem .3rem}}',
  'tr.total td{font-weight:700}',
  'form.inline{display:inline-block;margin:0 .5rem .5rem 0}',
  'label{display:block;font-weight:600;margin:0 0 .375rem}',
  'fieldset{border:0;padding:0;margin:0 0 1rem;min-width:0}legend{font-weight:700;padding:0;margin:0 0 .25rem}',
  'label.choice{display:flex;align-items:center;gap:.625rem;min-height:44px;margin:0;font-weight:400}label.choice span{word-break:break-word}',
  'input[type=checkbox]{width:1.25rem;height:1.25rem;flex:none;margin:0}',
  'input[type=text],input[type=password],input[type=search],input[type=date]{display:block;width:100%;min-height:44px;padding:.5rem .75rem;border:1px solid #9ca3af;border-radius:8px;background:#fff;color:#111827;font:inherit;margin:0 0 .75rem}',
  'button{min-height:44px;padding:.5rem 1.25rem;border:0;border-radius:8px;background:#1d4ed8;color:#fff;font:inherit;font-weight:600;cursor:pointer}',
  'button:hover{background:#1e40af}',
  'button.warn{background:#b45309}button.warn:hover{background:#92400e}',
  'button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #111827;outline-offset:3px}',
  'a{color:#1d4ed8;font-weight:600}',
  '.search{display:flex;gap:.5rem;align-items:flex-start}.search input{flex:1;margin:0}',
  '.note{border-left:4px solid #1d4ed8;padding:.5rem .75rem;background:#eff6ff;color:#1e3a8a}',
  '.error{border-left:4px solid #b91c1c;padding:.5rem .75rem;background:#fef2f2;color:#7f1d1d}',
  '.paused{border-left:4px solid #b45309;padding:.5rem .75rem;background:#fffbeb;color:#78350f}',
  '.muted{color:#6b7280}',
  '.login{max-width:26rem}.login p{margin:.75rem 0 0}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 .75rem}dt{font-weight:600}dd{margin:0;word-break:break-word}',
  '@media (prefers-color-scheme:dark){body{background:#111827;color:#f9fafb}header{background:#172554}section{background:#1f2937;border-color:#374151}p,dd{color:#d1d5db}th{background:#111827}th,td{border-color:#374151}a{color:#93c5fd}button{background:#2563eb}input[type=text],input[type=password],input[type=search],input[type=date]{background:#111827;color:#f9fafb;border-color:#6b7280}.note{background:#172554;color:#dbeafe}.error{background:#450a0a;color:#fecaca}.paused{background:#451a03;color:#fde68a}.muted{color:#9ca3af}button:focus-visible,a:focus-visible,input:focus-visible{outline-color:#f9fafb}}',
].join('');

const HEADERS = securityHeaders(STYLE);

export interface ConsolePage {
  readonly title: string;
  /** HTML the caller built from escaped parts. */
  readonly body: string;
  /** The session's CSRF token: shows the navigation and the log-out button. */
  readonly csrf?: string;
  /** Seconds until the page reloads itself (while a send runs). */
  readonly refresh?: number;
}

export const csrfField = (csrf: string): string => `<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">`;

/** A POST button with the session's CSRF token. `action` is a path under /admin, unescaped. */
export function postButton(action: string, label: string, csrf: string, fields: Readonly<Record<string, string>> = {}, style = ''): string {
  const hidden = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  return `<form class="inline" method="post" action="${escapeHtml(action)}">${csrfField(csrf)}${hidden}<button type="submit"${style ? ` class="${style}"` : ''}>${escapeHtml(label)}</button></form>`;
}

function nav(csrf: string | undefined): string {
  const links = csrf
    ? `<a href="/admin">Today</a><a href="/admin/search">Search</a><a href="/admin/queues">Queues</a><form method="post" action="/admin/logout">${csrfField(csrf)}<button type="submit">Log out</button></form>`
    : '';
  return `<header><div class="bar"><span class="brand">Briefing · ops console</span>${links}</div></header>`;
}

export function consoleHtml(page: ConsolePage): string {
  const refresh = page.refresh ? `<meta http-equiv="refresh" content="${page.refresh}">` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><meta name="robots" content="noindex,nofollow">${refresh}<title>${escapeHtml(page.title)} · Briefing console</title><style>${STYLE}</style></head><body>${nav(page.csrf)}<main><h1>${escapeHtml(page.title)}</h1>${page.body}</main></body></html>`;
}

/** A console answer: never cached, never framed, no script (see securityHeaders). */
export function consoleResponse(status: number, page: ConsolePage, extra: Readonly<Record<string, string>> = {}): Response {
  return new Response(consoleHtml(page), { status, headers: { ...HEADERS, ...extra } });
}

export function redirect(location: string, extra: Readonly<Record<string, string>> = {}): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store', ...extra } });
}
