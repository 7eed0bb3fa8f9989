import ICAL from 'ical.js';
import { pino } from 'pino';
import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { startSmtpReceiver, type ReceivedMail, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { createTestStack, type TestStack } from '../helpers/stack.ts';

const NOW = new Date('2026-11-24T06:00:00Z');
const QUERY = 'date=2026-11-24&start=13:00&end=15:00';

/** The text/calendar part of a received message, as ical.js reads it with the part's own VTIMEZONE. */
function calendarOf(mail: ReceivedMail) {
  const raw = mail.raw.toString('utf8');
  expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
  const part = mail.parsed.attachments.find((a) => a.contentType === 'text/calendar');
  const ics = part ? part.content.toString('utf8') : String((mail.parsed as unknown as { text?: string }).text);
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const event = new ICAL.Event(root.getFirstSubcomponent('vevent')!);
  return {
    method: root.getFirstPropertyValue('method'),
    zone: event.startDate.zone?.tzid,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    wallStart: event.startDate.toString(),
    attendees: event.attendees.map((a) => String(a.getFirstValue())),
    uid: event.uid,
  };
}

describe('booking the suggested focus time', () => {
  let smtp: SmtpReceiver;
  let stack: TestStack;
  let app: Hono;
  const path = (id: string, query = QUERY) => `/focus/${stack.services.tokens.sign(id)}?${query}`;
  const post = (id: string, query = QUERY) => app.request(path(id, query), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ SMTP_URL: smtp.url });
    app = createApp({ services: stack.services, logger: pino({ level: 'silent' }), now: () => NOW });
  });

  afterAll(async () => {
    await stack?.stop();
    await smtp?.close();
  });

  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.reply = () => undefined;
    await stack.importRoster([
      { id: 'u-ada', email: 'ada@example.com', name: 'Ada Lovelace', locale: 'en', timeZone: 'Europe/Amsterdam' },
    ]);
  });

  it('shows a confirm page that sends nothing, then POST sends one invitation to the roster address only', async () => {
    const confirm = await app.request(`${path('u-ada')}&to=mallory@example.org`);
    const html = await confirm.text();
    expect(confirm.status).toBe(200);
    expect(html).toContain('Book this focus time?');
    expect(html).toContain('Tuesday 24 November, 13:00–15:00');
    // The form posts the checked block back; the stray parameter is gone.
    expect(html).toMatch(/<form method="post" action="\.\.\/focus\/[^"?]+\?date=2026-11-24&amp;start=13:00&amp;end=15:00">/);
    expect(smtp.received).toHaveLength(0);

    const sent = await app.request(`${path('u-ada')}&to=mallory@example.org&attendee=mallory@example.org`, { method: 'POST', body: '' });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('The invitation is on its way');
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['ada@example.com']);
    expect(mail!.raw.toString('utf8')).not.toContain('mallory');
    const cal = calendarOf(mail!);
    expect(cal).toMatchObject({
      method: 'REQUEST',
      zone: 'Europe/Amsterdam',
      start: '2026-11-24T12:00:00.000Z',
      end: '2026-11-24T14:00:00.000Z',
      wallStart: '2026-11-24T13:00:00',
      attendees: ['mailto:ada@example.com'],
    });
  });

  it('sends once per block however often it is pressed', async () => {
    expect((await post('u-ada', 'date=2026-11-24&start=10:00&end=12:00')).status).toBe(200);
    const again = await post('u-ada', 'date=2026-11-24&start=10:00&end=12:00');
    expect(await again.text()).toContain('You already have this invitation');
    await smtp.waitFor(1);
    // Another block is another invitation.
    expect((await post('u-ada', 'date=2026-11-24&start=14:00&end=16:00')).status).toBe(200);
    const mails = await smtp.waitFor(2);
    expect(mails).toHaveLength(2);
    expect(calendarOf(mails[0]!).uid).not.toBe(calendarOf(mails[1]!).uid);
  });

  it('reads the block in the zone the recipient chose on the preferences page', async () => {
    await stack.importRoster([{ id: 'u-grace', email: 'grace@example.com', name: 'Grace Hopper', locale: 'en', timeZone: 'Europe/Amsterdam' }]);
    const token = stack.services.tokens.sign('u-grace');
    const prefs = new URLSearchParams({ sendAt: '07:30', timeZone: 'America/New_York', locale: 'en', pausedUntil: '' });
    for (const d of ['mon', 'tue', 'wed', 'thu', 'fri']) prefs.append('workdays', d);
    for (const s of ['meetings', 'tasks', 'followUps', 'focus']) prefs.append('sections', s);
    expect((await app.request(`/preferences/${token}`, { method: 'POST', body: prefs.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(200);
    expect((await post('u-grace', 'date=2026-11-25&start=09:00&end=11:00')).status).toBe(200);
    const [mail] = await smtp.waitFor(1);
    expect(calendarOf(mail!)).toMatchObject({ zone: 'America/New_York', start: '2026-11-25T14:00:00.000Z', wallStart: '2026-11-25T09:00:00' });
  });

  it.each([
    ['date=2026-11-24&start=13:00', 'The link is missing the date or the times'],
    ['date=2026-11-24&start=18:00&end=20:00', 'not inside your work hours'],
    ['date=2026-11-23&start=13:00&end=15:00', 'already over'],
  ])('refuses %s with a 400 page and sends nothing', async (query, says) => {
    for (const res of [await app.request(path('u-ada', query)), await post('u-ada', query)]) {
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(says);
    }
    expect(smtp.received).toHaveLength(0);
  });

  it('answers a tampered token with the same 400 page as every other link', async () => {
    const res = await app.request(`/focus/k1.not-a-token.xxxxxxxxxxxxxxxxxxxxxx?${QUERY}`, { method: 'POST', body: '' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This link is not valid');
  });

  it('says nothing was booked when SMTP refuses, and the same button then works', async () => {
    let refused = 0;
    smtp.reply = () => (refused++ === 0 ? { code: 550, message: 'mailbox unavailable' } : undefined);
    const failed = await post('u-ada', 'date=2026-11-24&start=09:00&end=11:00');
    expect(failed.status).toBe(502);
    expect(await failed.text()).toContain('nothing was booked');
    const retried = await post('u-ada', 'date=2026-11-24&start=09:00&end=11:00');
    expect(retried.status).toBe(200);
    expect(await smtp.waitFor(1)).toHaveLength(1);
  });
});
