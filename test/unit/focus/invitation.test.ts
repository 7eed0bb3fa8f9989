import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { describe, expect, it } from 'vitest';
import { parseFocusBlock, type FocusBlock } from '../../../src/focus/focus-block.ts';
import { buildInvitation } from '../../../src/focus/invitation.ts';
import { zonedInstant } from '../../../src/time/zones.ts';

// Outlook's own zone for Amsterdam, as Exchange 2010 writes it (test/fixtures/calendars/
// outlook-week.ics, exported from an Exchange mailbox): the reference our VTIMEZONE must agree with.
const OUTLOOK_ICS = new URL('../../fixtures/calendars/outlook-week.ics', import.meta.url);

const block = (zone: string, date: string, start: string, end: string): FocusBlock => ({
  date,
  start,
  end,
  zone,
  startAt: zonedInstant(date, start, zone),
  endAt: zonedInstant(date, end, zone),
});

const invite = (b: FocusBlock) =>
  buildInvitation({
    block: b,
    recipientId: 'u-ada',
    attendee: { name: 'Ada Lovelace, PhD', email: 'ada@example.com' },
    organizer: { name: 'Briefing', email: 'briefing@example.test' },
    summary: 'Focus time',
    description: 'Time for focused work; suggested by your daily Briefing, with commas, semicolons\nand a newline.',
    host: 'briefing.example.test',
    now: new Date('2026-11-24T06:00:00Z'),
  });

/** ical.js with only the calendar's own VTIMEZONE registered: the instant its DTSTART means. */
function icalJsInstants(ics: string): { method: string; start: Date; end: Date; zone: string } {
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const event = new ICAL.Event(root.getFirstSubcomponent('vevent')!);
  const result = {
    method: String(root.getFirstPropertyValue('method')),
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    zone: event.startDate.zone?.tzid ?? '',
  };
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.remove(String(tz.getFirstPropertyValue('tzid')));
  return result;
}

describe('the focus invitation (iMIP, RFC 5545/6047)', () => {
  it('parses in ical.js as METHOD:REQUEST with the block’s instants, read through its own VTIMEZONE', () => {
    const b = block('Europe/Amsterdam', '2026-11-24', '13:00', '15:00');
    const parsed = icalJsInstants(invite(b));
    expect(parsed.method).toBe('REQUEST');
    expect(parsed.zone).toBe('Europe/Amsterdam');
    expect(parsed.start.toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(parsed.end.toISOString()).toBe('2026-11-24T14:00:00.000Z');
  });

  it('parses in node-ical with the recipient as the only attendee and the text unescaped', () => {
    const parsed = nodeIcal.sync.parseICS(invite(block('America/New_York', '2026-03-09', '10:00', '12:00')));
    const event = Object.values(parsed).find((c) => c?.type === 'VEVENT') as nodeIcal.VEvent;
    expect(event.start.toISOString()).toBe('2026-03-09T14:00:00.000Z');
    expect(event.end?.toISOString()).toBe('2026-03-09T16:00:00.000Z');
    const attendee = event.attendee as unknown as { val: string; params: Record<string, string> };
    expect(attendee.val).toBe('mailto:ada@example.com');
    expect(attendee.params).toMatchObject({ CN: 'Ada Lovelace, PhD', PARTSTAT: 'NEEDS-ACTION' });
    expect(String(attendee.params.RSVP).toUpperCase()).toBe('FALSE');
    expect(event.description).toBe('Time for focused work; suggested by your daily Briefing, with commas, semicolons\nand a newline.');
    expect(event.uid).toMatch(/^focus-2026-03-09-[\w-]+@briefing\.example\.test$/);
  });

  it('agrees with Outlook’s own VTIMEZONE for Amsterdam on every hour of 2026, through both DST changes', async () => {
    const outlook = new ICAL.Component(ICAL.parse(await readFile(OUTLOOK_ICS, 'utf8')));
    const outlookZone = new ICAL.Timezone(outlook.getFirstSubcomponent('vtimezone')!);
    const ours = new ICAL.Component(ICAL.parse(invite(block('Europe/Amsterdam', '2026-06-15', '09:00', '11:00'))));
    const ourZone = new ICAL.Timezone(ours.getFirstSubcomponent('vtimezone')!);
    let checked = 0;
    for (let day = 0; day < 365; day += 1) {
      for (const hour of [0, 1, 2, 3, 9, 23]) {
        const wall = new Date(Date.UTC(2026, 0, 1 + day, hour, 30));
        const at = (zone: ICAL.Timezone) =>
          ICAL.Time.fromData({ year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour, minute: 30 }, zone).toUnixTime();
        expect(at(ourZone), wall.toISOString()).toBe(at(outlookZone));
        checked += 1;
      }
    }
    expect(checked).toBe(365 * 6);
  });

  it('folds long lines at 75 octets without splitting a UTF-8 character, with CRLF endings', () => {
    const ics = buildInvitation({
      block: block('Europe/Berlin', '2026-11-24', '13:00', '15:00'),
      recipientId: 'u-1',
      attendee: { name: 'Jürgen Größenwahn-Ünterström', email: 'j@example.de' },
      organizer: { name: 'Briefing', email: 'briefing@example.test' },
      summary: 'Fokuszeit',
      description: 'Zeit für konzentriertes Arbeiten, vorgeschlagen von Ihrem täglichen Briefing. Nehmen Sie die Einladung an, damit sie bleibt.',
      host: 'briefing.example.test',
      now: new Date('2026-11-24T06:00:00Z'),
    });
    expect(ics.endsWith('\r\n')).toBe(true);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const parsed = nodeIcal.sync.parseICS(ics);
    const event = Object.values(parsed).find((c) => c?.type === 'VEVENT') as nodeIcal.VEvent;
    expect(event.description).toContain('täglichen Briefing');
  });
});

describe('a focus link’s block', () => {
  const ada = { timeZone: 'Europe/Amsterdam', workHours: { start: '09:00', end: '17:00' } };
  const morning = new Date('2026-11-24T06:00:00Z');

  it('accepts a block inside work hours that is not over, read in the recipient’s zone', () => {
    const parsed = parseFocusBlock({ date: '2026-11-24', start: '13:00', end: '15:00' }, ada, morning);
    expect(parsed).toMatchObject({ ok: true, block: { zone: 'Europe/Amsterdam', startAt: new Date('2026-11-24T12:00:00Z') } });
  });

  it.each([
    [{ date: '2026-11-24', start: '13:00' }, 'malformed'],
    [{ date: '2026-02-30', start: '13:00', end: '15:00' }, 'malformed'],
    [{ date: '2026-11-24', start: '1300', end: '15:00' }, 'malformed'],
    [{ date: '2026-11-24', start: '13:00', end: '13:30' }, 'malformed'],
    [{ date: '2026-11-24', start: '15:00', end: '13:00' }, 'malformed'],
    [{ date: '2026-11-24', start: '16:00', end: '18:00' }, 'outside'],
    [{ date: '2026-11-24', start: '07:00', end: '09:00' }, 'outside'],
    [{ date: '2027-01-20', start: '13:00', end: '15:00' }, 'outside'],
    [{ date: '2026-11-23', start: '13:00', end: '15:00' }, 'past'],
  ])('refuses %j as %s', (query, problem) => {
    expect(parseFocusBlock(query, ada, morning)).toEqual({ ok: false, problem });
  });
});
