import { html } from 'hono/html';
import type { SentTest } from '../send-test.ts';
import { BASE, layout, type Html } from './layout.ts';

export function sentPage(back: string, to: string, sent: SentTest): Html {
  const body = html`<div class="notice" id="send-result" role="status">
  <p>Test email to <strong>${to}</strong> ${sent.outboxFile
    ? html`written to the outbox: <a href="${BASE}/outbox/${encodeURIComponent(sent.outboxFile)}">${sent.outboxFile}</a> (${sent.target}).`
    : html`sent via <strong>${sent.target}</strong> (SMTP_URL). The server answered: <code>${sent.response}</code>`}</p>
</div>
<p><a href="${back}">← Back to the preview</a></p>`;
  return layout('Test sent', body);
}

export function sendFailedPage(back: string, target: string, reason: string): Html {
  const body = html`<div class="error-panel" id="send-result" role="alert">
  <h2>The test was not sent</h2>
  <p>${target}: <code>${reason}</code></p>
  <p>Is the mail server running? <code>docker compose up mailhog</code> listens on 1025, or unset <code>SMTP_URL</code> to write to the outbox instead.</p>
</div>
<p><a href="${back}">← Back to the preview</a></p>`;
  return layout('Test not sent', body);
}
