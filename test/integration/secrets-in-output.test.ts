import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { freePort } from '../helpers/free-port.ts';
import { killAllWorkerProcesses, startBriefingProcess, type WorkerProcess } from '../helpers/worker-process.ts';

const DATE = '2026-11-24';
const ADMIN_TOKEN = 'admin-Tok3n-planted-0123456789';
// Planted the way issue 14 found them leaking: a username that is an address, `@` in the
// passwords, and an iCloud-style feed whose path segment is the secret (plus a query secret).
const SMTP_USER = 'bob@corp.example';
const SMTP_PASS = 'Summer@Zx81q';
const REDIS_PASS = 'Rd@Qw7zSecret';
const FEED_PATH_SECRET = 'FeedS3cretPath';
const FEED_QUERY_SECRET = 'FeedQuery5ecret';
const SECRETS = [SMTP_PASS, 'Zx81q', 'corp.example', REDIS_PASS, 'Qw7zSecret', FEED_PATH_SECRET, FEED_QUERY_SECRET, ADMIN_TOKEN];

/** An SMTP server that wants AUTH from exactly that user (no TLS: loopback test only). */
async function startAuthSmtp(): Promise<{ port: number; received: number; close(): Promise<void> }> {
  const state = { port: 0, received: 0, close: async () => undefined as void };
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _s, cb) => (auth.username === SMTP_USER && auth.password === SMTP_PASS ? cb(null, { user: 'bob' }) : cb(new Error('535 bad credentials'))),
    onData: (stream, _s, cb) => {
      stream.resume().on('end', () => {
        state.received += 1;
        cb();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.port = (server.server.address() as AddressInfo).port;
  state.close = () => new Promise<void>((r) => server.close(() => r()));
  return state;
}

describe('secrets in everything the service prints', () => {
  let stack: TestStack;
  let smtp: Awaited<ReturnType<typeof startAuthSmtp>>;
  let feeds: Server;
  let env: Record<string, string>;
  let service: WorkerProcess;
  let base: string;
  const printed: string[] = [];

  beforeAll(async () => {
    smtp = await startAuthSmtp();
    feeds = createServer((_req, res) => res.writeHead(404).end('not shared'));
    await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', () => r()));
    const feed = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}/published/2/${FEED_PATH_SECRET}/basic.ics?token=${FEED_QUERY_SECRET}`;
    stack = await createTestStack({ ADMIN_TOKEN });
    await stack.write('today.json', JSON.stringify({ tasks: [{ title: 'Ship it', due: DATE }] }));
    await stack.importRoster([
      { id: 'u-ok', email: 'ada@example.com', content: 'today.json' },
      { id: 'u-feed', email: 'jan@example.com', calendar: feed },
    ]);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      ...cliEnv(stack.config),
      REDIS_URL: `redis://default:${REDIS_PASS}@127.0.0.1:6379`,
      SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${smtp.port}`,
      ADMIN_TOKEN,
      PORT: String(port),
      SEND_ATTEMPTS: '1',
    };
    service = await startBriefingProcess(['start'], { ...env, LOG_LEVEL: 'debug' }, { ready: (l) => l.msg === 'http listening' });
  });
  afterAll(async () => {
    await killAllWorkerProcesses();
    await stack.stop();
    await smtp.close();
    await new Promise((r) => feeds.close(r));
  });

  const keep = (what: string, text: string) => printed.push(`--- ${what}\n${text}`);

  it('keeps them out of logs, status, the admin API and dashboard, the preview and every error', async () => {
    keep('send', (await runCli(['send', '--date', DATE, '--all'], env)).stdout);
    for (let i = 0; ; i++) {
      const report = JSON.parse((await runCli(['status', '--date', DATE, '--json'], env)).stdout) as { counts: Record<string, number> };
      if (report.counts.sent === 1 && report.counts.failed === 1) break;
      if (i > 60) throw new Error(`not settled: ${JSON.stringify(report.counts)}`);
    }
    expect(smtp.received).toBe(1); // the credentials worked: the secrets were really in use

    const status = await runCli(['status', '--date', DATE], env);
    keep('status', status.stdout);
    expect(status.stdout).toMatch(/u-feed\s+failed\s+\S+\s+content: calendar http:\/\/127\.0\.0\.1:\d+: the server answered HTTP 404/);
    keep('status --json', (await runCli(['status', '--date', DATE, '--json'], env)).stdout);
    const bearer = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const basic = { Authorization: `Basic ${Buffer.from(`ops:${ADMIN_TOKEN}`).toString('base64')}` };
    keep('admin status', await (await fetch(`${base}/admin/api/status?date=${DATE}`, { headers: bearer })).text());
    keep('dashboard', await (await fetch(`${base}/admin/queues`, { headers: basic })).text());
    for (const status of ['failed', 'completed', 'latest']) {
      keep(`dashboard ${status}`, await (await fetch(`${base}/admin/queues/api/queues?activeQueue=${encodeURIComponent("{send.0}")}&status=${status}&page=1`, { headers: basic })).text());
    }
    keep('metrics', await (await fetch(`${base}/metrics`)).text());

    // Errors: Redis away, and a config value that is wrong.
    const noRedis = await runCli(['status', '--date', DATE], { ...env, REDIS_URL: `redis://default:${REDIS_PASS}@127.0.0.1:1` });
    expect(noRedis.stderr).toMatch(/REDIS_URL=redis:\/\/\*\*\*@127\.0\.0\.1:1: .* is Redis running\?/);
    keep('redis down', noRedis.stderr);
    const badUrl = await runCli(['status', '--date', DATE], { ...env, SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASS}@mail host` });
    expect(badUrl.code).not.toBe(0);
    keep('bad SMTP_URL', badUrl.stderr);

    // The preview shows where its send-test goes, and sends one.
    const previewPort = await freePort();
    const preview = await startBriefingProcess(['preview'], { ...env, PORT: String(previewPort) }, { ready: (l) => String(l.msg).startsWith('Template preview on') });
    const page = await (await fetch(`http://127.0.0.1:${previewPort}/preview/briefing/busy-day/en`)).text();
    expect(page).toContain(`smtp://***@127.0.0.1:${smtp.port}`);
    keep('preview page', page);
    const sent = await fetch(`http://127.0.0.1:${previewPort}/preview/briefing/busy-day/en/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'to=dev%40example.test',
    });
    keep('preview send', await sent.text());
    expect(sent.status).toBe(200);
    keep('preview output', JSON.stringify(preview.logs) + preview.stderr());

    keep('service logs', JSON.stringify(service.logs) + service.stderr());
    expect(service.logs.some((l) => l.msg === 'worker started' && l.mail === `smtp://***@127.0.0.1:${smtp.port}`)).toBe(true);

    const all = printed.join('\n');
    const leaks = SECRETS.filter((secret) => all.includes(secret)).map((secret) => {
      const at = all.indexOf(secret);
      return `${secret} in …${all.slice(Math.max(0, at - 120), at + 40)}…`;
    });
    expect(leaks).toEqual([]);
  }, 120_000);
});
