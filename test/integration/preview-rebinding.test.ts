import { request } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPreview, type TestPreview } from '../helpers/preview-server.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';

/** A request as a browser sends it, Host included (fetch() will not set Host). */
function send(port: number, method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// DNS rebinding: a page at http://attacker.example:PORT re-points its name at 127.0.0.1. The
// browser then treats the preview as that page's own origin: it sends `Host: attacker.example:PORT`
// and `Origin: http://attacker.example:PORT` (and Sec-Fetch-Site: same-origin) with every request.
describe('the preview against DNS rebinding', () => {
  let preview: TestPreview;
  let smtp: SmtpReceiver;
  let port: number;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    preview = await startTestPreview({ SMTP_URL: smtp.url });
    port = preview.server.port;
    await writeFile(join(preview.outboxDir, 'private.eml'), 'Subject: salary review\r\nContent-Type: text/plain\r\n\r\nprivate\r\n');
  });
  afterAll(async () => {
    await preview.stop();
    await smtp.close();
  });

  const rebound = (host: string) => ({ host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });

  it('does not show the outbox or the templates to a rebound page, whatever port it names', async () => {
    for (const host of ['attacker.example', 'attacker.example:80', `attacker.example:${port}`, `127.0.0.1.attacker.example:${port}`, `127.0.0.1:${port + 1}`]) {
      for (const path of ['/preview', '/preview/outbox', '/preview/outbox/private.eml', '/preview/briefing/busy-day/en', '/preview/events', '/']) {
        const res = await send(port, 'GET', path, rebound(host));
        expect(res.status, `${host} ${path}`).toBe(403);
        expect(res.text).not.toContain('salary review');
      }
    }
  });

  it('sends nothing for a rebound page’s POST, even though its Origin matches its Host', async () => {
    const res = await send(port, 'POST', '/preview/briefing/busy-day/en/send', { ...rebound(`attacker.example:${port}`), ...form }, 'to=victim%40example.test');
    expect(res.status).toBe(403);
    // Through an allowed Host, a foreign Origin is refused as well: the list is checked, not the Host.
    const foreign = await send(port, 'POST', '/preview/briefing/busy-day/en/send', { host: `127.0.0.1:${port}`, origin: `http://attacker.example:${port}`, ...form }, 'to=victim%40example.test');
    expect(foreign.status).toBe(403);
    // Another port on loopback is another origin (another local server's page).
    const otherPort = await send(port, 'POST', '/preview/briefing/busy-day/en/send', { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port + 1}`, ...form }, 'to=victim%40example.test');
    expect(otherPort.status).toBe(403);
    expect(smtp.received).toHaveLength(0);
  });

  it('still works from the developer’s own browser at localhost, 127.0.0.1 or [::1]', async () => {
    for (const name of ['localhost', '127.0.0.1', '[::1]']) {
      const host = `${name}:${port}`;
      expect((await send(port, 'GET', '/preview/outbox', { host })).status, host).toBe(200);
    }
    const own = `localhost:${port}`;
    const res = await send(port, 'POST', '/preview/briefing/busy-day/en/send', { host: own, origin: `http://${own}`, 'sec-fetch-site': 'same-origin', ...form }, 'to=dev%40example.test');
    expect(res.status).toBe(200);
    await smtp.waitFor(1);
  });
});
