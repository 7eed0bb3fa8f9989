import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { copyFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { createContentSource } from '../../src/content/content-source.ts';
import { DATE } from './support/fault-stack.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/bad-input/', import.meta.url));
const MB = 1024 * 1024;

/** Feeds that misbehave over real HTTP: 20 MB streamed without a length, 20 MB declared, and one that never answers. */
function startFeedServer() {
  // Per request: a job that is picked up again (a lock lost under load) fetches the feed a
  // second time, and must meet the same 20 MB, not what the first request left over.
  const stats = { hugeRequests: 0, hugeBytesWritten: 0, hugeClosedEarly: true };
  const server: Server = createServer((req, res) => {
    if (req.url === '/huge.ics') {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      const chunk = Buffer.alloc(64 * 1024, 'X');
      let written = 0;
      stats.hugeRequests += 1;
      const pump = () => {
        while (written < 20 * MB) {
          written += chunk.length;
          stats.hugeBytesWritten = Math.max(stats.hugeBytesWritten, written);
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => {
        if (written >= 20 * MB && res.writableFinished) stats.hugeClosedEarly = false;
      });
      res.write('BEGIN:VCALENDAR\r\n');
      pump();
    } else if (req.url === '/declared-huge.ics') {
      res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': String(20 * MB) });
      res.write('BEGIN:VCALENDAR\r\n'); // and then nothing: the client must not wait for the rest
    } else if (req.url === '/stalls.ics') {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      res.write('BEGIN:VCALENDAR\r\n'); // headers and a first line, then silence
    } else {
      res.writeHead(404).end();
    }
  });
  return { server, stats };
}

/** A port nothing listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

describe('calendars that are broken, huge, slow, unreachable or hostile', () => {
  let stack: TestStack;
  let smtp: SmtpReceiver;
  let feeds: ReturnType<typeof startFeedServer>;
  let statusById: Map<string, { status: string; reason?: string }>;
  const ids = ['truncated', 'broken-events', 'ten-thousand', 'huge', 'declared-huge', 'stalls', 'unreachable', 'hostile'];

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    feeds = startFeedServer();
    await new Promise<void>((r) => feeds.server.listen(0, '127.0.0.1', r));
    const feedUrl = `http://127.0.0.1:${(feeds.server.address() as AddressInfo).port}`;
    stack = await createTestStack({ SMTP_URL: smtp.url, SEND_ATTEMPTS: '2', RETRY_BASE_MS: '50' });
    for (const f of ['truncated.ics', 'broken-events.ics', 'ten-thousand-daily.ics', 'hostile-titles.ics']) {
      await copyFile(join(FIXTURES, f), join(stack.dir, f));
    }
    const calendars: Record<string, string> = {
      truncated: 'truncated.ics',
      'broken-events': 'broken-events.ics',
      'ten-thousand': 'ten-thousand-daily.ics',
      huge: `${feedUrl}/huge.ics`,
      'declared-huge': `${feedUrl}/declared-huge.ics`,
      stalls: `${feedUrl}/stalls.ics`,
      unreachable: `http://127.0.0.1:${await closedPort()}/calendar.ics`,
      hostile: 'hostile-titles.ics',
    };
    await stack.importRoster(ids.map((id) => ({ id, email: `${id}@example.test`, calendar: calendars[id] })));
    // The 10 MB limit is the default; only the time-out is shortened so that the stalled feed is quick.
    await stack.startWorker({ content: createContentSource({ fetchTimeoutMs: 1500 }) });
    await stack.services.enqueue(DATE, ids, 'all');
    await waitForOutcomes(stack.services, DATE, ids, 25_000);

    // What ops see: `briefing status --json`, run as a real process.
    const cli = await runCli(['status', '--date', DATE, '--json'], cliEnv(stack.config));
    expect(cli.code, cli.stderr).toBe(0);
    const report = JSON.parse(cli.stdout) as { recipients: { id: string; status: string; reason?: string }[] };
    statusById = new Map(report.recipients.map((r) => [r.id, r]));
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await smtp?.close();
    feeds?.server.closeAllConnections();
    await new Promise((r) => feeds?.server.close(r));
  });

  const mailTo = (id: string) => smtp.received.filter((m) => m.to.includes(`${id}@example.test`));

  it('fails a truncated calendar with a reason that says what is wrong and what to do', () => {
    expect(statusById.get('truncated')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/truncated\.ics: not an iCalendar file .*check the feed URL or file/),
    });
    expect(mailTo('truncated')).toHaveLength(0);
  });

  it('leaves out events with a bad start or a runaway rule and still sends the rest of the day', () => {
    expect(statusById.get('broken-events')?.status).toBe('sent');
    const [mail] = mailTo('broken-events');
    expect(mail?.parsed.text).toContain('The one good meeting');
    expect(mail?.parsed.text).not.toContain('Runaway rule');
  });

  it('finds today in an event with 10,000 daily recurrences', () => {
    expect(statusById.get('ten-thousand')?.status).toBe('sent');
    expect(mailTo('ten-thousand')[0]?.parsed.text).toContain('Ten thousand stand-ups');
  });

  it('refuses a 20 MB feed at the 10 MB limit without downloading the rest', () => {
    for (const id of ['huge', 'declared-huge']) {
      expect(statusById.get(id), id).toMatchObject({ status: 'failed', reason: expect.stringMatching(/larger than 10485760 bytes — trim it or raise the limit/) });
    }
    expect(feeds.stats.hugeRequests).toBeGreaterThan(0);
    expect(feeds.stats.hugeClosedEarly).toBe(true);
    expect(feeds.stats.hugeBytesWritten).toBeLessThan(20 * MB);
  });

  it('gives a stalled feed up after the time-out (retried first) and an unreachable one with the reason', () => {
    expect(statusById.get('stalls')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/no complete answer within 1500 ms — is the server up\?/) });
    expect(statusById.get('unreachable')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/could not connect \(ECONNREFUSED\)/) });
    // The calendar URL's path may carry a secret: only scheme and host are shown.
    expect(statusById.get('unreachable')?.reason).toMatch(/calendar http:\/\/127\.0\.0\.1:\d+: /);
    expect(statusById.get('unreachable')?.reason).not.toContain('calendar.ics');
  });

  it('escapes HTML in titles, never runs {{…}} from a feed, and lets no CRLF into the headers', () => {
    expect(statusById.get('hostile')?.status).toBe('sent');
    const [mail] = mailTo('hostile');
    const html = String(mail!.parsed.html);
    expect(html).not.toMatch(/<script>|<img src=x|href="javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail!.parsed.text).toContain('{{constructor.constructor}} {{{raw}}} {{> footer}}');
    // The only recipient is the one on the roster; no header was injected.
    const headers = mail!.raw.toString('utf8').split(/\r?\n\r?\n/, 1)[0]!;
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(mail!.to).toEqual(['hostile@example.test']);
  });

  it('sends nobody a second message and leaves no briefing unaccounted for', () => {
    expect(smtp.received).toHaveLength(3);
    expect([...statusById.values()].every((r) => r.status === 'sent' || r.status === 'failed')).toBe(true);
  });
});
