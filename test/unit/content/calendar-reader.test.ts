import { describe, expect, it } from 'vitest';
import { calendarDay, parseCalendar } from '../../../src/content/calendar.ts';

// Written for this test from RFC 5545 §3.8.4.1 (ATTENDEE, PARTSTAT) and §3.8.4.3 (ORGANIZER);
// the shape is what Outlook and Google put in an invitation they deliver.
const INVITES = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Briefing tests//EN
BEGIN:VEVENT
UID:mine@example.com
DTSTAMP:20261101T000000Z
DTSTART:20261201T090000Z
DTEND:20261201T093000Z
SUMMARY:Ada's own planning
ORGANIZER;CN=Ada Lovelace:mailto:Ada@Example.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.com
ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:grace@example.com
END:VEVENT
BEGIN:VEVENT
UID:invite@example.com
DTSTAMP:20261101T000000Z
DTSTART:20261201T100000Z
DTEND:20261201T110000Z
SUMMARY:Budget review
ORGANIZER;CN=Grace Hopper:mailto:grace@example.com
ATTENDEE;CN=Ada Lovelace;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:ada@example.com
END:VEVENT
BEGIN:VEVENT
UID:accepted@example.com
DTSTAMP:20261101T000000Z
DTSTART:20261201T120000Z
DTEND:20261201T130000Z
SUMMARY:Lunch talk
ORGANIZER;CN=Grace Hopper:mailto:grace@example.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.com
END:VEVENT
END:VCALENDAR
`;

describe('the reader of a calendar', () => {
  it('marks invitations they have not answered, and meetings they organise themselves', async () => {
    const calendar = await parseCalendar(INVITES, '/cal/ada.ics');
    const day = calendarDay(calendar, '2026-12-01', 'UTC', 'ada@example.com');
    const byTitle = Object.fromEntries(day.meetings.map((m) => [m.title, m]));
    expect(byTitle["Ada's own planning"]).toMatchObject({ organizerIsReader: true, needsReply: false });
    expect(byTitle['Budget review']).toMatchObject({ organizerIsReader: false, needsReply: true, organizer: 'Grace Hopper' });
    expect(byTitle['Lunch talk']).toMatchObject({ organizerIsReader: false, needsReply: false });
  });

  it('marks nothing when the reader is not known', async () => {
    const day = calendarDay(await parseCalendar(INVITES, '/cal/ada.ics'), '2026-12-01', 'UTC');
    expect(day.meetings.every((m) => !m.organizerIsReader && !m.needsReply)).toBe(true);
  });
});
