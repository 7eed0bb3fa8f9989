import type { ParsedMail } from 'mailparser';
import { html } from 'hono/html';
import type { OutboxEntry } from '../outbox.ts';
import { kilobytes } from './index-page.ts';
import { BASE, layout, type Html } from './layout.ts';

export function outboxListPage(dir: string, entries: readonly OutboxEntry[], total: number): Html {
  const body = html`<h1>Outbox</h1>
<p>The <code>.eml</code> files in <code>${dir}</code> (<code>OUTBOX_DIR</code>): what the service wrote instead of sending, because <code>SMTP_URL</code> is not set. Newest first.</p>
${entries.length === 0
  ? html`<p id="outbox-empty">Nothing here yet. Run <code>npx briefing send …</code> or "Send test" on a preview without <code>SMTP_URL</code>.</p>`
  : html`${total > entries.length ? html`<p>Showing the newest ${entries.length} of ${total}.</p>` : ''}
<table class="grid" id="outbox-list"><thead><tr><th>file</th><th>written</th><th>size</th></tr></thead><tbody>
${entries.map(
  (e) => html`<tr><td><a href="${BASE}/outbox/${encodeURIComponent(e.name)}">${e.name}</a></td><td>${e.modified.toISOString()}</td><td>${kilobytes(e.bytes)}</td></tr>`,
)}
</tbody></table>`}`;
  return layout('Outbox', body);
}

export function outboxMessagePage(name: string, mail: ParsedMail): Html {
  const headers = [...mail.headerLines].map((h) => {
    const colon = h.line.indexOf(':');
    return { key: h.line.slice(0, colon), value: h.line.slice(colon + 1).trim() };
  });
  const body = html`<h1>${mail.subject ?? '(no subject)'}</h1>
<p><a href="${BASE}/outbox">← Outbox</a> · <code>${name}</code></p>
<h2>Headers</h2>
<table class="grid" id="headers"><tbody>${headers.map((h) => html`<tr><th>${h.key}</th><td><code>${h.value}</code></td></tr>`)}</tbody></table>
${typeof mail.html !== 'string'
  ? html`<p>No HTML part.</p>`
  : html`<h2>HTML</h2><div class="frame-wrap"><iframe class="email" id="email-frame" title="The email as HTML" style="width:800px"
      src="${BASE}/outbox/${encodeURIComponent(name)}/html" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe></div>`}
<h2>Plain-text part</h2>
<pre id="text-part">${mail.text ?? '(none)'}</pre>`;
  return layout(mail.subject ?? name, body);
}
