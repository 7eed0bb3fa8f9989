import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { createContentSource } from '../../src/content/content-source.ts';
import type { ContentSource } from '../../src/content/content-source.ts';
import { waitUntil } from '../helpers/wait.ts';

const DATE = '2026-11-24'; // a Tuesday

const ICS = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Briefing tests//EN
BEGIN:VEVENT
UID:board@test
DTSTAMP:20261101T000000Z
DTSTART:20261124T080000Z
DTEND:20261124T090000Z
SUMMARY:<b>Board</b> & {{constructor}}
LOCATION:Room 4
ORGANIZER;CN=Grace Hopper:mailto:grace@example.com
ATTENDEE;CN=Ada:mailto:ada@example.com
ATTENDEE;CN=Bob:mailto:bob@example.com
END:VEVENT
END:VCALENDAR
`;

const CONTENT = JSON.stringify({
  tasks: [{ title: 'Send the quarterly report', due: DATE }],
  followUps: [{ title: 'Reply to Linus about the kernel', from: 'Linus' }],
});

describe('the daily send path, end to end', () => {
  let stack: TestStack;
  let smtp: SmtpReceiver;

  beforeEach(async () => {
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ SMTP_URL: smtp.url, WORKER_CONCURRENCY: '4' });
    await stack.write('ada.ics', ICS);
    await stack.write('ada.json', CONTENT);
    await stack.importRoster([
      { id: 'u-1', email: 'ada@example.com', name: 'Ada Lovelace', locale: 'en', timeZone: 'Europe/Amsterdam', calendar: 'ada.ics', content: 'ada.json' },
      { id: 'u-2', email: 'jan@example.nl', name: 'Jan de Vries', locale: 'nl', timeZone: 'Europe/Amsterdam', calendar: 'ada.ics' },
      { id: 'u-3', email: 'priya@example.in', name: 'Priya', timeZone: 'Asia/Kolkata', calendar: 'ada.ics' },
      { id: 'u-4', email: 'idle@example.com', name: 'Nobody Busy' },
    ]);
  });

  afterEach(async () => {
    await stack.stop();
    await smtp.close();
  });

  it('delivers one correct, well-formed briefing per recipient with something to show', async () => {
    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-1', 'u-2', 'u-3', 'u-4'], 'all');
    const outcomes = await waitForOutcomes(stack.services, DATE, ['u-1', 'u-2', 'u-3', 'u-4']);

    expect(Object.fromEntries([...outcomes].map(([id, o]) => [id, o.status]))).toEqual({
      'u-1': 'sent',
      'u-2': 'sent',
      'u-3': 'sent',
      'u-4': 'skipped:empty',
    });
    expect(smtp.received).toHaveLength(3);

    const ada = smtp.received.find((m) => m.to.includes('ada@example.com'))!;
    const html = String(ada.parsed.html);
    const text = ada.parsed.text ?? '';
    // Locale and time zone: 08:00 UTC is 09:00 in Amsterdam in November.
    expect(ada.parsed.subject).toMatch(/Briefing/);
    expect(html).toMatch(/<html[^>]*lang="en"/);
    expect(text).toMatch(/\b0?9[:.]00\b/);
    expect(text).not.toMatch(/\b0?8[:.]00\b/);
    // Outside text is escaped in HTML and never interpreted as a template.
    expect(html).not.toContain('<b>Board</b>');
    expect(html).toContain('&lt;b&gt;Board&lt;/b&gt;');
    expect(text).toContain('<b>Board</b> & {{constructor}}');
    expect(text).toContain('Send the quarterly report');
    expect(text).toContain('Reply to Linus about the kernel');

    // Headers: one-click unsubscribe, list id, a Message-ID derived from recipient and date.
    // Unfold long header lines (RFC 5322 folding) before reading them.
    const raw = ada.raw.toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
    const url = /^List-Unsubscribe: <([^>]+)>/m.exec(raw)?.[1];
    expect(url).toMatch(/^https:\/\/briefing\.example\.test\/unsubscribe\/[A-Za-z0-9_.-]+$/);
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(raw).toMatch(/^List-Id: .*<briefing\.briefing\.example\.test>/im);
    expect(ada.parsed.messageId).toMatch(new RegExp(`^<briefing\\.${DATE}\\.[A-Za-z0-9_-]+@briefing\\.example\\.test>$`));
    // The token is opaque: neither the address nor the id can be read from it.
    expect(url).not.toContain('ada');
    expect(Buffer.from(url!.split('/').pop()!.split('.')[1]!, 'base64url').toString('latin1')).not.toContain('u-1');
    // The same URL in the footer of both parts.
    expect(html).toContain(`href="${url}"`);
    expect(text).toContain(url);
    expect(Buffer.byteLength(html)).toBeLessThan(102 * 1024);

    const jan = smtp.received.find((m) => m.to.includes('jan@example.nl'))!;
    expect(String(jan.parsed.html)).toMatch(/<html[^>]*lang="nl"/);
    expect(jan.parsed.subject).toMatch(/Je Briefing/);

    // 08:00 UTC is 13:30 in Kolkata (+05:30).
    const priya = smtp.received.find((m) => m.to.includes('priya@example.in'))!;
    expect(priya.parsed.text).toMatch(/\b(1:30|13:30)\b/);
  });

  it('mails once when the same day is sent twice, before and after delivery', async () => {
    await stack.services.enqueue(DATE, ['u-1'], 'all');
    await stack.services.enqueue(DATE, ['u-1'], 'all');
    await stack.startWorker();
    await waitForOutcomes(stack.services, DATE, ['u-1']);
    const again = await stack.services.enqueue(DATE, ['u-1'], 'recipient');
    expect(again).toEqual({ queued: 0, alreadyQueued: 0, alreadySent: 1, unknown: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(1);
    expect((await stack.services.outcomes.get(DATE, 'u-1'))?.status).toBe('sent');
  });

  it('does not send to a recipient who opted out after the job was queued', async () => {
    await stack.services.enqueue(DATE, ['u-1', 'u-2'], 'all');
    await stack.services.optouts.optOut('u-1', 'link');
    await stack.startWorker();
    const outcomes = await waitForOutcomes(stack.services, DATE, ['u-1', 'u-2']);
    expect(outcomes.get('u-1')?.status).toBe('skipped:opted-out');
    expect(outcomes.get('u-2')?.status).toBe('sent');
    expect(smtp.received.map((m) => m.to).flat()).toEqual(['jan@example.nl']);
  });

  it('honours an opt-out made while the briefing was already being prepared', async () => {
    const real = createContentSource();
    // The opt-out lands after the worker's first check, while content is loading.
    const slow: ContentSource = {
      async load(recipient, date) {
        const day = await real.load(recipient, date);
        await stack.services.optouts.optOut(recipient.id, 'one-click');
        return day;
      },
    };
    await stack.startWorker({ content: slow });
    await stack.services.enqueue(DATE, ['u-1'], 'all');
    const outcomes = await waitForOutcomes(stack.services, DATE, ['u-1']);
    expect(outcomes.get('u-1')?.status).toBe('skipped:opted-out');
    expect(smtp.received).toHaveLength(0);
  });

  it('does not mail a date that is over for someone who has had a later briefing, unless forced', async () => {
    await stack.startWorker();
    await stack.services.enqueue('2026-11-25', ['u-1'], 'recipient');
    expect((await waitForOutcomes(stack.services, '2026-11-25', ['u-1'])).get('u-1')?.status).toBe('sent');
    // A catch-up run for the day before (say, by hand in the evening) leaves them alone.
    await stack.services.enqueue(DATE, ['u-1', 'u-2'], 'all');
    const outcomes = await waitForOutcomes(stack.services, DATE, ['u-1', 'u-2']);
    expect(outcomes.get('u-1')).toMatchObject({ status: 'skipped:stale', reason: expect.stringMatching(/2026-11-25 has gone out already/) });
    expect(outcomes.get('u-2')?.status).toBe('sent');
    expect(smtp.received.filter((m) => m.to.includes('ada@example.com'))).toHaveLength(1);

    const ada = (await stack.services.roster.get('u-1'))!;
    expect((await stack.services.resend(DATE, [ada])).queued).toEqual([{ id: 'u-1', was: 'skipped:stale' }]);
    await waitUntil('the forced re-send', async () => ((await stack.services.outcomes.get(DATE, 'u-1'))?.status === 'sent' ? true : undefined));
    expect(await stack.services.outcomes.get(DATE, 'u-1')).toMatchObject({ status: 'sent', forced: true });
    expect(smtp.received.filter((m) => m.to.includes('ada@example.com'))).toHaveLength(2);
  });

  it('sends a delivered briefing again only when forced, and then once', async () => {
    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-1'], 'recipient');
    await waitForOutcomes(stack.services, DATE, ['u-1']);
    const ada = (await stack.services.roster.get('u-1'))!;
    await stack.services.resend(DATE, [ada]);
    await waitUntil('the forced re-send', async () => {
      const o = await stack.services.outcomes.get(DATE, 'u-1');
      return o?.status === 'sent' && o.forced ? true : undefined;
    });
    // Queued again the ordinary way, it is left alone: the forced copy was the one extra.
    expect(await stack.services.enqueue(DATE, ['u-1'], 'recipient')).toMatchObject({ queued: 0, alreadySent: 1 });
    expect(smtp.received).toHaveLength(2);
    // Its own Message-ID: a mail app would hide a second message with the first one's.
    expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(2);
  });

  it('holds briefings while the organisation is paused and sends them once it resumes', async () => {
    await stack.services.orgSwitch.pause();
    await stack.startWorker({ holdRecheckMs: 200 });
    await stack.services.enqueue(DATE, ['u-1'], 'all');
    const held = await waitUntil('the briefing to be held', async () => {
      const o = await stack.services.outcomes.get(DATE, 'u-1');
      return o?.reason?.startsWith('held:') ? o : undefined;
    });
    expect(held.status).toBe('pending');
    expect(held.reason).toMatch(/organisation is paused .*briefing resume/);
    expect(smtp.received).toHaveLength(0);

    await stack.services.orgSwitch.resume();
    expect((await waitForOutcomes(stack.services, DATE, ['u-1'])).get('u-1')?.status).toBe('sent');
    expect(smtp.received).toHaveLength(1);
  });

  it('records a disabled recipient as skipped:disabled, paused or not', async () => {
    await stack.importRoster([{ id: 'u-2', email: 'jan@example.nl', enabled: false, calendar: 'ada.ics' }]);
    await stack.services.orgSwitch.pause();
    await stack.startWorker({ holdRecheckMs: 200 });
    await stack.services.enqueue(DATE, ['u-2'], 'all');
    expect((await waitForOutcomes(stack.services, DATE, ['u-2'])).get('u-2')?.status).toBe('skipped:disabled');
    expect(smtp.received).toHaveLength(0);
  });

  it('records skipped:paused, with the reason, for a briefing still paused past CATCH_UP of its send time', async () => {
    await stack.services.orgSwitch.pause();
    await stack.startWorker({ holdRecheckMs: 200 });
    // Due three hours ago; CATCH_UP is two.
    await stack.services.enqueue(DATE, ['u-1'], 'schedule', { dueAt: Date.now() - 3 * 3_600_000 });
    const outcome = (await waitForOutcomes(stack.services, DATE, ['u-1'])).get('u-1');
    expect(outcome?.status).toBe('skipped:paused');
    expect(outcome?.reason).toMatch(/paused .*CATCH_UP \(120 min\)/);
    await stack.services.orgSwitch.resume();
    expect(smtp.received).toHaveLength(0);
  });

  it('retries an SMTP 451 with back-off and delivers once the server accepts', async () => {
    smtp.reply = (rcpt, attempt) => (attempt <= 2 ? { code: 451, message: '4.3.0 Try again later' } : undefined);
    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-1'], 'all');
    const outcomes = await waitForOutcomes(stack.services, DATE, ['u-1']);
    expect(outcomes.get('u-1')?.status).toBe('sent');
    expect(smtp.refusals.get('ada@example.com')).toBe(2);
    expect(smtp.received).toHaveLength(1);
  });

  it('records a 550 as failed with the server reply, without retrying, and sends the others', async () => {
    smtp.reply = (rcpt) => (rcpt.includes('ada@example.com') ? { code: 550, message: '5.1.1 No such mailbox' } : undefined);
    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-1', 'u-2'], 'all');
    const outcomes = await waitForOutcomes(stack.services, DATE, ['u-1', 'u-2']);
    expect(outcomes.get('u-1')?.status).toBe('failed');
    expect(outcomes.get('u-1')?.reason).toMatch(/550.*No such mailbox/);
    expect(outcomes.get('u-2')?.status).toBe('sent');
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.refusals.get('ada@example.com')).toBe(1);
  });

  it('skips a day that is not one of the recipient’s workdays, unless a re-send names them', async () => {
    const saturday = '2026-11-28';
    await stack.startWorker();
    await stack.services.enqueue(saturday, ['u-1'], 'all');
    expect((await waitForOutcomes(stack.services, saturday, ['u-1'])).get('u-1')?.status).toBe('skipped:not-workday');
    await stack.services.enqueue(saturday, ['u-1'], 'recipient');
    // The calendar has nothing on Saturday, but the content file's task is overdue by then.
    expect((await waitForOutcomes(stack.services, saturday, ['u-1'])).get('u-1')?.status).toBe('sent');
  });
});
