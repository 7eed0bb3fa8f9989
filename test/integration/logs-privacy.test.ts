import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { startWorker } from '../../workers/start-worker.ts';

const SECRET_TITLE = 'Layoff plan for the Rotterdam office';

describe('worker logs', () => {
  let stack: TestStack;
  let smtp: SmtpReceiver;
  const lines: string[] = [];

  beforeEach(async () => {
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ SMTP_URL: smtp.url });
    await stack.write('cal.ics', [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN',
      'BEGIN:VEVENT', 'UID:x@t', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261124T100000Z', 'DTEND:20261124T110000Z',
      `SUMMARY:${SECRET_TITLE}`, 'LOCATION:Boardroom 7', 'END:VEVENT', 'END:VCALENDAR', '',
    ].join('\r\n'));
    await stack.importRoster([
      { id: 'u-ok', email: 'grace.hopper@example.com', name: 'Grace Hopper', calendar: 'cal.ics' },
      { id: 'u-bad', email: 'alan.turing@example.com', name: 'Alan Turing', calendar: 'cal.ics' },
    ]);
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    stack.worker = await startWorker(stack.services, pino({ level: 'debug' }, sink));
  });

  afterEach(async () => {
    await stack.stop();
    await smtp.close();
  });

  it('carry ids and outcomes, never the briefing’s content or the person’s address', async () => {
    // The server quotes the address in its refusal, as real servers do.
    smtp.reply = (rcpt) => (rcpt.includes('alan.turing@example.com') ? { code: 550, message: '5.1.1 <alan.turing@example.com>: unknown user' } : undefined);
    await stack.services.enqueue('2026-11-24', ['u-ok', 'u-bad'], 'all');
    const outcomes = await waitForOutcomes(stack.services, '2026-11-24', ['u-ok', 'u-bad']);
    expect(outcomes.get('u-ok')?.status).toBe('sent');
    // `briefing status` keeps the whole reply for ops…
    expect(outcomes.get('u-bad')?.reason).toContain('alan.turing@example.com');

    const log = lines.join('');
    expect(log).toContain('"recipientId":"u-ok"');
    expect(log).toContain('"outcome":"failed"');
    // …the logs do not.
    for (const secret of [SECRET_TITLE, 'Boardroom 7', 'Grace Hopper', 'grace.hopper@example.com', 'alan.turing@example.com', 'Alan Turing']) {
      expect(log).not.toContain(secret);
    }
  });
});
