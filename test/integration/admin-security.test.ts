import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';

const TOKEN = 'dashboard-token-0123456789';
const DATE = '2026-11-24';
const basic = { Authorization: `Basic ${Buffer.from(`ops:${TOKEN}`).toString('base64')}` };

describe('the admin surface against framing and leaks', () => {
  let stack: TestStack;
  let smtp: SmtpReceiver;
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    // A 550 that quotes the address, as real servers do: BullMQ keeps the error on the job.
    smtp.reply = () => ({ code: 550, message: '5.1.1 <grace.hopper@example.com>: mailbox unavailable' });
    stack = await createTestStack({ ADMIN_TOKEN: TOKEN, SMTP_URL: smtp.url, SEND_ATTEMPTS: '1' });
    await stack.write('today.json', JSON.stringify({ tasks: [{ title: 'Ship it', due: DATE }] }));
    await stack.importRoster([{ id: 'u-1', email: 'grace.hopper@example.com', content: 'today.json' }]);
    await stack.startWorker();
    server = await startServer(createApp({ services: stack.services, logger: pino({ level: 'silent' }) }), 0, '127.0.0.1');
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
    await stack?.stop();
    await smtp?.close();
  });

  it.each([
    ['/admin/queues', basic],
    ['/admin/queues/api/queues', basic],
    ['/admin/api/pause', { Authorization: `Bearer ${TOKEN}` }],
    ['/admin/queues', {}],
    ['/admin/api/pause', {}],
  ])('forbids framing of %s (and caching it), whether or not the request is authorised', async (path, headers) => {
    const res = await fetch(`${base}${path}`, { headers });
    await res.arrayBuffer();
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('shows a failed job’s reason on the dashboard with the address masked and no server paths', async () => {
    await stack.services.enqueue(DATE, ['u-1'], 'recipient');
    const outcome = (await waitForOutcomes(stack.services, DATE, ['u-1'])).get('u-1')!;
    expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringContaining('grace.hopper@example.com') });

    const res = await fetch(`${base}/admin/queues/api/queues?activeQueue=${encodeURIComponent("{send.0}")}&status=failed&page=1`, { headers: basic });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('mailbox unavailable');
    expect(text).toContain('ADDRESS');
    expect(text).not.toContain('grace.hopper');
    // Stack frames name the server's files (`at processSend (/srv/briefing/workers/…ts:120:9)`).
    expect(text).not.toMatch(/\.ts:\d+|node_modules|\bat \w+ \(/);
  });
});
