import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';

const DATE = '2026-11-24'; // a Tuesday
const CONTENT = JSON.stringify({ tasks: [{ title: 'Send the quarterly report', due: DATE }] });

describe('an opt-out made on the page stops the next send', () => {
  let stack: TestStack;
  let smtp: SmtpReceiver;

  beforeEach(async () => {
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ SMTP_URL: smtp.url });
    await stack.write('tasks.json', CONTENT);
    await stack.importRoster([
      { id: 'u-1', email: 'ada@example.com', content: 'tasks.json' },
      { id: 'u-2', email: 'bob@example.com', content: 'tasks.json' },
    ]);
  });

  afterEach(async () => {
    await stack.stop();
    await smtp.close();
  });

  it("records the next send as skipped:opted-out for the person who used one-click, and sends everyone else's", async () => {
    const app = createApp({ services: stack.services, logger: pino({ level: 'silent' }) });
    const res = await app.request(`/unsubscribe/${stack.services.tokens.sign('u-1')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);

    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-1', 'u-2'], 'all');
    const outcomes = await waitForOutcomes(stack.services, DATE, ['u-1', 'u-2']);
    expect(outcomes.get('u-1')?.status).toBe('skipped:opted-out');
    expect(outcomes.get('u-2')?.status).toBe('sent');
    expect(smtp.received.map((m) => m.to)).toEqual([['bob@example.com']]);
  });
});
