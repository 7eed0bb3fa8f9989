import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';

// A weekly 09:00 Amsterdam meeting, every day of the week, with one day cancelled (EXDATE)
// and one instance moved from Tuesday 31 March to Wednesday 1 April at 14:00.
const ICS = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Briefing tests//EN
BEGIN:VEVENT
UID:daily@test
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Amsterdam:20260323T090000
DTEND;TZID=Europe/Amsterdam:20260323T093000
RRULE:FREQ=DAILY
EXDATE;TZID=Europe/Amsterdam:20260330T090000
SUMMARY:Daily planning
END:VEVENT
BEGIN:VEVENT
UID:daily@test
DTSTAMP:20260101T000000Z
RECURRENCE-ID;TZID=Europe/Amsterdam:20260331T090000
DTSTART;TZID=Europe/Amsterdam:20260401T140000
DTEND;TZID=Europe/Amsterdam:20260401T143000
SUMMARY:Daily planning (moved)
END:VEVENT
END:VCALENDAR
`;

describe('recurring meetings across a DST change, end to end', () => {
  let stack: TestStack;
  let smtp: SmtpReceiver;
  const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

  beforeEach(async () => {
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ SMTP_URL: smtp.url });
    await stack.write('team.ics', ICS);
    await stack.importRoster([
      { id: 'ams', email: 'ams@example.com', timeZone: 'Europe/Amsterdam', workdays: everyDay, workHours: { start: '08:00', end: '18:00' }, calendar: 'team.ics' },
      { id: 'nyc', email: 'nyc@example.com', timeZone: 'America/New_York', workdays: everyDay, calendar: 'team.ics' },
    ]);
    await stack.startWorker();
  });

  afterEach(async () => {
    await stack.stop();
    await smtp.close();
  });

  async function briefingFor(date: string, address: string) {
    await stack.services.enqueue(date, ['ams', 'nyc'], 'all');
    const outcomes = await waitForOutcomes(stack.services, date, ['ams', 'nyc']);
    const mail = smtp.received.find((m) => m.to.includes(address) && m.parsed.messageId?.includes(date));
    return { outcomes, text: mail?.parsed.text ?? null };
  }

  it('keeps the meeting at 09:00 in Amsterdam on the day the clocks go forward, and converts it for New York', async () => {
    const ams = await briefingFor('2026-03-29', 'ams@example.com');
    expect(ams.text).toMatch(/09:00–09:30[\s\S]*Daily planning/);
    // 09:00 CEST is 07:00 UTC, which is 03:00 in New York (already on EDT since 8 March).
    const nyc = smtp.received.find((m) => m.to.includes('nyc@example.com'))!.parsed.text!;
    expect(nyc).toMatch(/03:00–03:30[\s\S]*Daily planning/);
  });

  it('keeps it at 09:00 the day before the change, when New York is only five hours behind', async () => {
    await briefingFor('2026-03-28', 'ams@example.com');
    const nyc = smtp.received.find((m) => m.to.includes('nyc@example.com'))!.parsed.text!;
    expect(nyc).toMatch(/04:00–04:30[\s\S]*Daily planning/);
  });

  it('sends nothing on the cancelled day, and shows the moved instance on its new day and time', async () => {
    const cancelled = await briefingFor('2026-03-30', 'ams@example.com');
    expect(cancelled.outcomes.get('ams')?.status).toBe('skipped:empty');
    const tuesday = await briefingFor('2026-03-31', 'ams@example.com');
    expect(tuesday.outcomes.get('ams')?.status).toBe('skipped:empty');
    const wednesday = await briefingFor('2026-04-01', 'ams@example.com');
    expect(wednesday.text).toMatch(/09:00–09:30[\s\S]*Daily planning/);
    expect(wednesday.text).toMatch(/14:00–14:30[\s\S]*Daily planning \(moved\)/);
  });
});
