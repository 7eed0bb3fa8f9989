import ICAL from 'ical.js';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { ARTIFACTS, CHROMIUM, hasChromium, launchChromium, LOOKS, openLook } from '../helpers/chromium.ts';
import { freePort } from '../helpers/free-port.ts';
import { startSmtpReceiver, type ReceivedMail, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';

declare const document: { documentElement: { scrollWidth: number }; body: unknown };
declare function getComputedStyle(el: unknown): { backgroundColor: string };

const DATE = '2026-11-24';
const NOW = new Date('2026-11-24T05:00:00Z');
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} not found (Debian: apt-get install chromium)`);

/** The invitation's text/calendar part as ical.js reads it, through the part's own VTIMEZONE. */
function invitation(mail: ReceivedMail) {
  const part = mail.parsed.attachments.find((a) => a.contentType === 'text/calendar');
  const root = new ICAL.Component(ICAL.parse(part!.content.toString('utf8')));
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const event = new ICAL.Event(root.getFirstSubcomponent('vevent')!);
  return {
    method: root.getFirstPropertyValue('method'),
    zone: event.startDate.zone?.tzid,
    wall: `${event.startDate.toString()}/${event.endDate.toString()}`,
    utc: `${event.startDate.toJSDate().toISOString()}/${event.endDate.toJSDate().toISOString()}`,
    attendees: event.attendees.map((a) => String(a.getFirstValue())),
  };
}

describe.skipIf(!hasChromium)('booking focus time from a real email, in headless Chromium', () => {
  let smtp: SmtpReceiver;
  let stack: TestStack;
  let server: RunningServer;
  let browser: Browser;
  let link = '';

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ SMTP_URL: smtp.url, PUBLIC_URL: `http://127.0.0.1:${port}` });
    // A morning of meetings: the longest free block is 13:00–17:00 in Kolkata.
    await stack.write(
      'priya.ics',
      [
        'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Briefing tests//EN',
        'BEGIN:VEVENT', 'UID:a@test', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261124T033000Z', 'DTEND:20261124T073000Z', 'SUMMARY:Planning', 'END:VEVENT',
        'END:VCALENDAR', '',
      ].join('\r\n'),
    );
    await stack.importRoster([{ id: 'u-priya', email: 'priya@example.in', name: 'Priya Raman', locale: 'en', timeZone: 'Asia/Kolkata', calendar: 'priya.ics' }]);
    server = await startServer(createApp({ services: stack.services, logger: pino({ level: 'silent' }), now: () => NOW }), port, '127.0.0.1');
    browser = await launchChromium();
    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-priya'], 'all');
    expect((await waitForOutcomes(stack.services, DATE, ['u-priya'])).get('u-priya')?.status).toBe('sent');
    const [mail] = await smtp.waitFor(1);
    link = (/<a href="([^"]+)"[^>]*>Book this time<\/a>/.exec(String(mail!.parsed.html))?.[1] ?? '').replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/focus\/[^?]+\?date=2026-11-24&start=13:00&end=17:00$/);
    smtp.received.length = 0;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stack?.stop();
    await smtp?.close();
  });

  for (const look of LOOKS) {
    it(`shows the confirm page, and sending it once lands one invitation in the recipient’s zone (${look.name})`, async () => {
      const context = await openLook(browser, look);
      const page = await context.newPage();
      const before = smtp.received.length;
      expect((await page.goto(link))?.status()).toBe(200);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Book this focus time?');
      expect(await page.locator('.block').textContent()).toBe('Tuesday 24 November, 13:00–17:00');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(look.width);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(look.colorScheme === 'dark' ? 'rgb(17, 24, 39)' : 'rgb(243, 244, 246)');
      await page.screenshot({ path: `${ARTIFACTS}focus-confirm-${look.name}.png`, fullPage: true });
      // Opening the link sent nothing (mail scanners open links).
      expect(smtp.received).toHaveLength(before);

      await page.getByRole('button', { name: 'Send me the invitation' }).click();
      // The first look sends it; the others find it already sent.
      const first = look === LOOKS[0];
      await expect.poll(() => page.locator('h1').textContent()).toBe(first ? 'The invitation is on its way' : 'You already have this invitation');
      await page.screenshot({ path: `${ARTIFACTS}focus-${first ? 'sent' : 'again'}-${look.name}.png`, fullPage: true });
      const [mail] = await smtp.waitFor(1);
      expect(smtp.received).toHaveLength(1);
      expect(mail!.to).toEqual(['priya@example.in']);
      expect(invitation(mail!)).toEqual({
        method: 'REQUEST',
        zone: 'Asia/Kolkata',
        wall: '2026-11-24T13:00:00/2026-11-24T17:00:00',
        utc: '2026-11-24T07:30:00.000Z/2026-11-24T11:30:00.000Z',
        attendees: ['mailto:priya@example.in'],
      });
      await context.close();
    });
  }
});
