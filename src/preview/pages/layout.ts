import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Where the preview app is mounted; every link is built from it. */
export const BASE = '/preview';

// Our own constant, put in raw: escaped, its attribute selectors ([aria-current="true"]) became
// [aria-current=&quot;true&quot;] and matched nothing.
const STYLE = `
  :root { color-scheme: light; font: 14px/1.45 system-ui, -apple-system, Segoe UI, Roboto, sans-serif; color: #111827; }
  body { margin: 0; background: #f3f4f6; }
  header.top { display: flex; gap: 16px; align-items: baseline; padding: 10px 20px; background: #111827; color: #fff; }
  header.top a { color: #bfdbfe; }
  main { padding: 16px 20px 40px; }
  h1 { font-size: 18px; margin: 0 0 12px; } h2 { font-size: 15px; margin: 20px 0 8px; }
  table.grid { border-collapse: collapse; background: #fff; }
  table.grid th, table.grid td { border: 1px solid #e5e7eb; padding: 6px 10px; text-align: left; }
  .ok { color: #047857; } .bad { color: #b91c1c; font-weight: 600; }
  .warn { background: #fef3c7; border: 1px solid #f59e0b; padding: 6px 10px; border-radius: 6px; }
  .meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; background: #fff; padding: 10px 14px; border-radius: 8px; max-width: 1100px; }
  .meta dt { color: #6b7280; } .meta dd { margin: 0; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 12px 0; }
  .toolbar a.width { padding: 4px 10px; border: 1px solid #d1d5db; border-radius: 6px; background: #fff; color: #111827; text-decoration: none; }
  .toolbar a.width[aria-current="true"] { background: #1d4ed8; border-color: #1d4ed8; color: #fff; }
  .frame-wrap { background: #e5e7eb; padding: 12px; border-radius: 8px; overflow-x: auto; }
  iframe.email { display: block; box-sizing: border-box; margin: 0 auto; height: 900px; border: 1px solid #d1d5db; background: #fff; }
  /* On a phone the Mobile frame must show whole: it may not be wider than the screen. Desktop keeps its 800 px and scrolls. */
  iframe.email[data-width="mobile"] { max-width: 100%; }
  @media (max-width: 480px) {
    header.top { padding: 10px 12px; flex-wrap: wrap; }
    main { padding: 12px 8px 32px; }
    /* Edge to edge: on a 375 px phone the Mobile frame is its full 375 px. */
    .frame-wrap { margin: 0 -8px; padding: 0; background: none; border-radius: 0; }
  }
  pre { background: #fff; border: 1px solid #e5e7eb; padding: 10px; overflow: auto; max-height: 600px; white-space: pre-wrap; word-break: break-word; }
  .error-panel { background: #fef2f2; border: 2px solid #dc2626; border-radius: 8px; padding: 12px 16px; max-width: 1100px; }
  .error-panel h2 { color: #991b1b; margin-top: 0; }
  .error-panel .where { font: 600 15px ui-monospace, monospace; }
  .excerpt { font: 13px/1.4 ui-monospace, monospace; background: #fff; }
  .excerpt .hit { background: #fee2e2; font-weight: 700; }
  .notice { background: #ecfdf5; border: 1px solid #10b981; padding: 8px 12px; border-radius: 6px; max-width: 1100px; }
`;

export function layout(title: string, body: Html, opts: { version?: number; script?: Html } = {}): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Briefing preview</title>
<style>${raw(STYLE)}</style>
</head>
<body${opts.version === undefined ? '' : html` data-version="${opts.version}"`}>
<header class="top"><strong>Briefing preview</strong><a href="${BASE}">Templates</a><a href="${BASE}/outbox">Outbox</a></header>
<main>${body}</main>
${opts.script ?? ''}
${opts.version === undefined ? '' : hotReloadScript}
</body>
</html>`;
}

/**
 * The page knows the template version it was built from; the server sends the current one on
 * connect and on every change, so an edit saved while the page was loading is not missed.
 */
const hotReloadScript = html`<script>
(() => {
  const built = Number(document.body.dataset.version);
  const events = new EventSource(${raw(JSON.stringify(`${BASE}/events`))});
  events.addEventListener('templates', (e) => {
    if (JSON.parse(e.data).version !== built) { events.close(); location.reload(); }
  });
})();
</script>`;
