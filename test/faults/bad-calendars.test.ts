import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { copyFile, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { createContentSource } from '../../src/content/content-source.ts';
import { createFaultStack, DATE, waitForFinal, type FaultStack } from './support/fault-stack.ts';
import { freePort } from '../helpers/free-port.ts';
import { startBriefingProcess } from '../helpers/worker-process.ts';

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
    expect(statusById.get('broken-events')).toMatchObject({
      status: 'sent',
      reason: 'left out 2 calendar events that could not be read: nodate@test, runaway@test',
    });
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

/**
 * A 9.5 MB feed (38,000 ordinary events) with the hostile rules of issue 12 and 300 rules
 * that exhaust the budget, read by `briefing start` (HTTP app, worker and scheduler in one
 * process, a real child process) for three recipients at once, each with their own copy.
 * Meanwhile /healthz is asked again and again. A reader that held the event loop for the
 * whole feed makes some answer wait for all of it: with the same code run unsliced, on the
 * shared 2-core machine at load 23, the slowest answer took 7,006 ms (the reader before
 * held the loop 33 s on ten hostile rules). Sliced, at the same load, the slowest took
 * 710 ms (most well under 100 ms; the rest is the machine: the process gets a fraction of a
 * core). The bound sits between the two. The hold itself, in CPU time, is measured by
 * `npm run bench:content` (10 MB feed line), not here.
 */
const HEALTHZ_BOUND_MS = 2_000;

function hostileFeed(copy: number, hostileRules: string): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const body = hostileRules.replace(/^BEGIN:VCALENDAR\r\n(?:[A-Z-]+:[^\r]*\r\n)*?(?=BEGIN:VEVENT)/, '').replace(/END:VCALENDAR\r\n$/, '');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:-//Briefing hostile feed ${copy}//EN`];
  let size = 0;
  for (let i = 0; size < 9_500_000; i += 1) {
    const y = 2000 + (i % 26);
    const event = ['BEGIN:VEVENT', `UID:pad-${copy}-${i}@hostile.test`, 'DTSTAMP:20260101T000000Z',
      `DTSTART:${y}${pad(1 + (i % 12))}${pad(1 + (i % 28))}T${pad(8 + (i % 9))}0000Z`, `DTEND:${y}${pad(1 + (i % 12))}${pad(1 + (i % 28))}T${pad(8 + (i % 9))}3000Z`,
      `SUMMARY:Ordinary meeting ${i}`, 'DESCRIPTION:A few words of agenda so that this event is as long as a real one is', 'END:VEVENT'];
    size += event.join('\r\n').length;
    lines.push(...event);
  }
  for (let i = 0; i < 300; i += 1) {
    lines.push('BEGIN:VEVENT', `UID:costly-${i}@hostile.test`, 'DTSTART:19900101T000000Z', 'RRULE:FREQ=SECONDLY;COUNT=1000000000', 'END:VEVENT');
  }
  return `${lines.join('\r\n')}\r\n${body}END:VCALENDAR\r\n`;
}

describe('a hostile 10 MB feed read under `briefing start`', () => {
  let fs: FaultStack;
  const ids = ['r-00000', 'r-00001', 'r-00002'];

  beforeAll(async () => {
    fs = await createFaultStack(3, { WORKER_CONCURRENCY: '4' }, { record: (id) => ({ calendar: `hostile-${id}.ics` }) });
    const rules = await readFile(join(FIXTURES, 'hostile-rules.ics'), 'utf8');
    for (const [i, id] of fs.ids.entries()) await fs.stack.write(`hostile-${id}.ics`, hostileFeed(i, rules));
  }, 60_000);

  afterAll(async () => {
    await fs?.stop();
  });

  it('keeps answering /healthz within the bound while it reads the feed, and still sends each day', async () => {
    const port = await freePort();
    const app = await startBriefingProcess(['start'], { ...fs.env, PORT: String(port) }, { ready: (l) => l.msg === 'http listening' });
    await app.waitForLog((l) => l.msg === 'worker started');
    const latencies: number[] = [];
    let reading = true;
    const poll = (async () => {
      while (reading) {
        const started = performance.now();
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
      }
    })();
    await fs.enqueueAll();
    const outcomes = await waitForFinal(fs, ids, 120_000);
    reading = false;
    await poll;
    app.kill('SIGTERM');
    await app.exited;

    // At least the 4 hostile rules and the 300 costly ones are left out (once the calendar's
    // budget is spent, the COUNT rules after them too); the ordinary meetings are sent.
    for (const id of ids) {
      expect(outcomes.get(id)).toMatchObject({ status: 'sent', reason: expect.stringMatching(/^left out 3\d\d calendar events that could not be read: .* and 3\d\d more$/) });
    }
    expect(fs.smtp.received).toHaveLength(3);
    for (const mail of fs.smtp.received) {
      expect(mail.parsed.text).toContain('The meeting that must still show');
      expect(mail.parsed.text).toContain('Weekly team meeting');
    }
    expect(latencies.length).toBeGreaterThan(20);
    const slowest = [...latencies].sort((a, b) => b - a).slice(0, 8).map((ms) => Math.round(ms));
    expect(slowest[0], `slowest /healthz answers (ms): ${slowest.join(", ")} of ${latencies.length}`).toBeLessThan(HEALTHZ_BOUND_MS);
  }, 180_000);
});
