import { connect } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { createTokenCodec } from '../../src/unsubscribe/token.ts';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { allOptOuts } from '../helpers/outcomes.ts';
import { createRedisAdmin, type RedisAdmin } from '../helpers/redis-admin.ts';

const ONE_CLICK = 'List-Unsubscribe=One-Click';

/** The bytes a mail provider sends for RFC 8058: no cookie, no session, nothing else. */
function rawPost(port: number, path: string, contentType: string, body: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head, body: rest.join('\r\n\r\n') });
    });
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: briefing.example.test\r\nContent-Type: ${contentType}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

describe('unsubscribe pages and one-click', () => {
  let stack: TestStack;
  let app: Hono;
  let server: RunningServer;
  const path = (id: string, route = 'unsubscribe') => `/${route}/${stack.services.tokens.sign(id)}`;
  const auditOf = async () => {
    const entries = [];
    for await (const e of stack.services.optouts.audit()) entries.push(e);
    return entries;
  };

  beforeAll(async () => {
    stack = await createTestStack();
    app = createApp({ services: stack.services, logger: pino({ level: 'silent' }) });
    server = await startServer(app, 0, '127.0.0.1');
  });

  afterAll(async () => {
    await server?.close();
    await stack?.stop();
  });

  beforeEach(async () => {
    await stack.reset();
    await stack.importRoster([
      { id: 'u-en', email: 'ada@example.com', locale: 'en' },
      { id: 'u-nl', email: 'jan@example.nl', locale: 'nl' },
      { id: 'u-off', email: 'off@example.com', locale: 'en', enabled: false },
    ]);
  });

  it('shows a confirmation page with one button and leaves the recipient subscribed', async () => {
    const res = await app.request(path('u-en'));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('the daily Briefing email');
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toMatch(/<form method="post" action="\.\.\/unsubscribe\/[^"]+">/);
    expect(html).not.toMatch(/<script|src=|https?:\/\//);
    // A mail scanner fetching the link twice, HEAD included, unsubscribes nobody.
    await app.request(path('u-en'));
    await app.request(path('u-en'), { method: 'HEAD' });
    expect(await stack.services.optouts.get('u-en')).toBeNull();
    expect(await auditOf()).toEqual([]);
  });

  it("speaks the recipient's language from the roster, not the browser's", async () => {
    const res = await app.request(path('u-nl'), { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });
    const html = await res.text();
    expect(html).toContain('<html lang="nl"');
    expect(html).toContain('Afmelden voor de dagelijkse Briefing-e-mail?');
    expect(html).toContain('>Afmelden</button>');
  });

  it('sends strict security headers and never sets a cookie', async () => {
    const res = await app.request(path('u-en'));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('records a one-click POST sent exactly as a mail provider sends it (urlencoded)', async () => {
    const res = await rawPost(server.port, path('u-en'), 'application/x-www-form-urlencoded', ONE_CLICK);
    expect(res.status).toBe(200);
    expect(res.head).not.toMatch(/^location:/im);
    expect(res.head).not.toMatch(/^set-cookie:/im);
    expect(res.body).toContain('You are unsubscribed');
    expect(res.body).toMatch(/action="\.\.\/resubscribe\/[^"]+"/);
    expect(res.body).toContain('>Undo</button>');
    expect(await stack.services.optouts.get('u-en')).toMatchObject({ source: 'one-click' });
  });

  it('records the opt-out of someone taken off the roster since the email went out, answering in their browser language', async () => {
    const token = stack.services.tokens.sign('u-gone');
    const res = await app.request(`/unsubscribe/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'nl-NL,nl;q=0.9' },
      body: ONE_CLICK,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Je bent afgemeld');
    expect(await stack.services.optouts.get('u-gone')).toMatchObject({ source: 'one-click' });
  });

  it('records a one-click POST sent as multipart/form-data', async () => {
    const boundary = '----mailprovider7MA4YWxkTrZu0gW';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const res = await rawPost(server.port, path('u-nl'), `multipart/form-data; boundary=${boundary}`, body);
    expect(res.status).toBe(200);
    expect(res.body).toContain('Je bent afgemeld');
    expect(res.body).toContain('>Ongedaan maken</button>');
    expect(await stack.services.optouts.get('u-nl')).toMatchObject({ source: 'one-click' });
  });

  it("records the page's own button as 'link', and a second POST keeps the first time and source", async () => {
    const first = await app.request(path('u-en'), { method: 'POST', body: new URLSearchParams({ confirm: 'unsubscribe' }) });
    expect(first.status).toBe(200);
    const recorded = await stack.services.optouts.get('u-en');
    expect(recorded).toMatchObject({ source: 'link' });

    const again = await app.request(path('u-en'), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: ONE_CLICK });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('You are unsubscribed');
    expect(await stack.services.optouts.get('u-en')).toEqual(recorded);
    expect(await auditOf()).toEqual([{ at: recorded!.at, id: 'u-en', action: 'opt-out', source: 'link' }]);
  });

  it('undoes an opt-out with the Undo button and audits both steps', async () => {
    await app.request(path('u-en'), { method: 'POST', body: new URLSearchParams({ confirm: 'unsubscribe' }) });
    const res = await app.request(path('u-en', 'resubscribe'), { method: 'POST', body: new URLSearchParams({ confirm: 'resubscribe' }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are subscribed again');
    expect(await stack.services.optouts.get('u-en')).toBeNull();
    expect((await auditOf()).map((e) => `${e.action}:${e.source}`)).toEqual(['opt-out:link', 'opt-in:link']);
  });

  it('shows an opted-out recipient that they are unsubscribed, with a way back, still changing nothing', async () => {
    await stack.services.optouts.optOut('u-nl', 'one-click', new Date('2026-11-24T06:30:00Z'));
    const res = await app.request(path('u-nl'));
    const html = await res.text();
    expect(html).toContain('Je bent afgemeld');
    expect(html).toContain('24 november 2026');
    expect(html).toContain('>Weer aanmelden</button>');
    expect(await stack.services.optouts.get('u-nl')).toMatchObject({ source: 'one-click' });
  });

  it('refuses to resubscribe a recipient an admin switched off, and keeps their own opt-out when the admin switches them on', async () => {
    await app.request(path('u-off'), { method: 'POST', body: ONE_CLICK, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    const refused = await app.request(path('u-off', 'resubscribe'), { method: 'POST', body: 'confirm=resubscribe' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Your organisation has turned off the daily Briefing email for you');
    expect(await stack.services.optouts.get('u-off')).toMatchObject({ source: 'one-click' });

    await stack.importRoster([{ id: 'u-off', email: 'off@example.com', locale: 'en', enabled: true }]);
    expect(await stack.services.optouts.get('u-off')).toMatchObject({ source: 'one-click' });
  });

  describe('links that are not valid', () => {
    const good = () => stack.services.tokens.sign('u-en');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const otherKey = createTokenCodec([{ kid: 'k1', secret: 'another-secret-0123456789abcdefghijklmnopqrstu' }]);
    const tampered = (): Record<string, string> => {
      const t = good();
      const [kid, body, sig] = t.split('.') as [string, string, string];
      return {
        truncated: t.slice(0, t.length - 5),
        'cut in the body': `${kid}.${body.slice(0, 10)}`,
        'body changed': `${kid}.${flip(body, 20)}.${sig}`,
        'signature changed': `${kid}.${body}.${flip(sig, 3)}`,
        'unknown key id': `zz.${body}.${sig}`,
        "another install's key, same kid": otherKey.sign('u-en'),
        "another install's key, unknown id": otherKey.sign('nobody-here'),
        'signature of another token': `${kid}.${good().split('.')[1]}.${stack.services.tokens.sign('u-nl').split('.')[2]}`,
        oversized: `${kid}.${'A'.repeat(5000)}.${sig}`,
        garbage: '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
        'recipient id instead of a token': 'u-en',
      };
    };

    it('answers every kind of bad token with the same 400 page and changes nothing', async () => {
      const answers = new Set<string>();
      for (const [kind, token] of Object.entries(tampered())) {
        for (const [method, route, body] of [
          ['GET', 'unsubscribe', undefined],
          ['POST', 'unsubscribe', ONE_CLICK],
          ['POST', 'resubscribe', 'confirm=resubscribe'],
        ] as const) {
          const res = await app.request(`/${route}/${token}`, { method, body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
          expect(res.status, `${kind}: ${method} /${route}`).toBe(400);
          answers.add(`${[...res.headers].join('|')}\n${await res.text()}`);
        }
      }
      expect(answers.size).toBe(1);
      expect([...answers][0]).toContain('This link is not valid');
      expect(await allOptOuts(stack.services.optouts)).toEqual([]);
      expect(await auditOf()).toEqual([]);
    });

    it('says so in Dutch to a Dutch browser, and for a link cut off after the slash', async () => {
      const res = await app.request('/unsubscribe/', { headers: { 'Accept-Language': 'nl-NL,nl;q=0.9,en;q=0.8' } });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Deze link is niet geldig');
    });
  });

  it('refuses an oversized body with 413 and other methods with 405, changing nothing', async () => {
    const big = await app.request(path('u-en'), { method: 'POST', body: `${ONE_CLICK}&pad=${'x'.repeat(10_000)}` });
    expect(big.status).toBe(413);
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await app.request(path('u-en'), { method, body: ONE_CLICK });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    }
    const getUndo = await app.request(path('u-en', 'resubscribe'));
    expect(getUndo.status).toBe(405);
    expect(getUndo.headers.get('allow')).toBe('POST');
    expect(await allOptOuts(stack.services.optouts)).toEqual([]);
  });

  it('refuses an oversized body over real HTTP, with or without a Content-Length, changing nothing', async () => {
    const declared = await rawPost(server.port, path('u-en'), 'application/x-www-form-urlencoded', `${ONE_CLICK}&pad=${'x'.repeat(10_000)}`);
    expect(declared.status).toBe(413);
    expect(declared.body).toContain('This request is too large');

    const chunked = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => {
        data += chunk;
        if (data.includes('</html>')) socket.destroy();
      });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
      const chunk = `${ONE_CLICK}&pad=${'x'.repeat(2000)}`;
      socket.write(`POST ${path('u-en')} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`);
      for (let i = 0; i < 4; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      socket.write('0\r\n\r\n');
    });
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /);
    expect(await allOptOuts(stack.services.optouts)).toEqual([]);
  });

  describe('when Redis does not answer', () => {
    let admin: RedisAdmin;
    beforeAll(() => {
      admin = createRedisAdmin(stack.config);
    });
    afterAll(async () => {
      await admin.close();
    });

    it('answers the one-click POST with 503 and Retry-After, never a false success', async () => {
      // Other test files share this Redis: keep the pause short and always lift it.
      await admin.onEveryMaster('CLIENT', 'PAUSE', '3000', 'WRITE');
      let res: { status: number; head: string; body: string };
      try {
        res = await rawPost(server.port, path('u-en'), 'application/x-www-form-urlencoded', ONE_CLICK);
      } finally {
        await admin.onEveryMaster('CLIENT', 'UNPAUSE');
      }
      expect(res.status).toBe(503);
      expect(res.head).toMatch(/^retry-after: \d+$/im);
      expect(res.body).toContain('Please try again in a minute');
      expect(res.body).not.toContain('You are unsubscribed');
      expect(res.body).toMatch(/>Try again<\/button>/);
    });

    it('reports /readyz as 503 while Redis is paused', async () => {
      // An ALL pause holds CLIENT UNPAUSE too (Redis 7.0), so it always lasts its full 2 s;
      // /readyz gives up after 1 s.
      await admin.onEveryMaster('CLIENT', 'PAUSE', '2000', 'ALL');
      let res: Response;
      try {
        res = await app.request('/readyz');
      } finally {
        await admin.onEveryMaster('CLIENT', 'UNPAUSE');
      }
      expect(res.status).toBe(503);
      expect((await app.request('/readyz')).status).toBe(200);
    });
  });
});
