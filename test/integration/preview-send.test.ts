import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { startTestPreview, type TestPreview } from '../helpers/preview-server.ts';

function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), headers, redirect: 'manual' });
}

describe('"Send test" to SMTP_URL', () => {
  let smtp: SmtpReceiver;
  let preview: TestPreview;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    preview = await startTestPreview({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await preview.stop();
    await smtp.close();
  });

  it('renders the combination, sends it over SMTP with the service’s headers, and says where it went', async () => {
    const origin = new URL(preview.server.url).origin;
    const res = await post(`${preview.server.url}/briefing/dutch-recipient/nl/send`, { to: 'dev@example.test' }, { origin, 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('id="send-result"');
    expect(page).toContain(`sent via <strong>${smtp.url}</strong> (SMTP_URL). The server answered: <code>250`);

    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['dev@example.test']);
    expect(mail!.parsed.subject).toMatch(/^Je Briefing voor /);
    const raw = mail!.raw.toString('utf8');
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(raw).toMatch(/^List-Unsubscribe:\s*<https:\/\/briefing\.example\.test\/unsubscribe\/k1\./m);
    expect(mail!.parsed.html).toContain('lang="nl"');
    expect(mail!.parsed.text).toMatch(/Goedemorgen/);
  });

  it('refuses a cross-site POST and sends nothing', async () => {
    const before = smtp.received.length;
    const url = `${preview.server.url}/briefing/busy-day/en/send`;
    const fromElsewhere = await post(url, { to: 'victim@example.test' }, { origin: 'https://evil.example' });
    expect(fromElsewhere.status).toBe(403);
    expect(await fromElsewhere.text()).toMatch(/only works from the preview itself/);
    const crossSite = await post(url, { to: 'victim@example.test' }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const sandboxed = await post(url, { to: 'victim@example.test' }, { origin: 'null' });
    expect(sandboxed.status).toBe(403);
    expect(smtp.received.length).toBe(before);
  });

  it('refuses an address that is not one, and tells the developer when the server is away', async () => {
    const bad = await post(`${preview.server.url}/briefing/busy-day/en/send`, { to: 'not an address' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/to: "not an address" is not an email address/);

    const away = await startTestPreview({ SMTP_URL: 'smtp://127.0.0.1:1' });
    try {
      const res = await post(`${away.server.url}/briefing/busy-day/en/send`, {});
      expect(res.status).toBe(502);
      expect(await res.text()).toMatch(/The test was not sent[\s\S]*ECONNREFUSED[\s\S]*docker compose up mailhog/);
    } finally {
      await away.stop();
    }
  });
});

describe('"Send test" without SMTP_URL, and the outbox view', () => {
  let preview: TestPreview;

  beforeAll(async () => {
    preview = await startTestPreview();
  });
  afterAll(() => preview.stop());

  it('writes the test to the outbox, links to it, and shows it with headers, HTML in a sandbox, and text', async () => {
    const res = await post(`${preview.server.url}/briefing/busy-day/en/send`, {});
    const page = await res.text();
    expect(res.status).toBe(200);
    const files = await readdir(preview.outboxDir);
    expect(files).toHaveLength(1);
    expect(page).toContain(`written to the outbox: <a href="/preview/outbox/${files[0]}">`);
    expect(page).toContain('ada@example.com');

    const view = await (await fetch(`${preview.server.url}/outbox/${files[0]}`)).text();
    expect(view).toContain('<h1>Your Briefing for Tuesday 24 November</h1>');
    expect(view).toMatch(/<th>List-Unsubscribe<\/th><td><code>&lt;https:\/\/briefing\.example\.test\/unsubscribe\/k1\./);
    expect(view).toMatch(/<th>To<\/th><td><code>Ada Lovelace &lt;ada@example\.com&gt;<\/code>/);
    expect(view).toMatch(/<iframe[^>]*src="\/preview\/outbox\/[^"]+\/html" sandbox="allow-popups allow-popups-to-escape-sandbox"/);
    expect(view).toMatch(/<pre id="text-part">Good morning, Ada/);

    const html = await fetch(`${preview.server.url}/outbox/${files[0]}/html`);
    expect(html.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(await html.text()).toContain('<html lang="en"');
  });

  it('lists the .eml files newest first', async () => {
    const message = (subject: string) => `Subject: ${subject}\r\nContent-Type: text/plain\r\n\r\nbody\r\n`;
    await writeFile(join(preview.outboxDir, '2026-11-23_u-1.eml'), message('older'));
    await writeFile(join(preview.outboxDir, '2026-11-24_u-1.eml'), message('newer'));
    await writeFile(join(preview.outboxDir, 'half-written.eml.123.tmp'), 'x');
    await utimes(join(preview.outboxDir, '2026-11-23_u-1.eml'), new Date('2030-01-01'), new Date('2030-01-01'));
    await utimes(join(preview.outboxDir, '2026-11-24_u-1.eml'), new Date('2030-01-02'), new Date('2030-01-02'));
    const list = await (await fetch(`${preview.server.url}/outbox`)).text();
    const order = [...list.matchAll(/<a href="\/preview\/outbox\/([^"]+)">/g)].map((m) => m[1]);
    expect(order.slice(0, 2)).toEqual(['2026-11-24_u-1.eml', '2026-11-23_u-1.eml']);
    expect(order).toHaveLength(3);
    expect(list).not.toContain('.tmp');
  });
});
