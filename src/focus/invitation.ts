import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { FocusBlock } from './focus-block.ts';
import { vtimezone } from './vtimezone.ts';

export interface InvitationInput {
  readonly block: FocusBlock;
  readonly recipientId: string;
  readonly attendee: { readonly name: string; readonly email: string };
  /** The service's own address (MAIL_FROM): the organiser of a block the service proposes. */
  readonly organizer: { readonly name: string; readonly email: string };
  readonly summary: string;
  readonly description: string;
  /** The host the UID is made unique under (PUBLIC_URL's). */
  readonly host: string;
  readonly now: Date;
}

/** Same block, same UID: a second invitation updates the first in a calendar instead of adding another. */
export function invitationUid(recipientId: string, block: FocusBlock, host: string): string {
  const digest = createHash('sha256').update(`${recipientId}\n${block.date}\n${block.start}\n${block.end}`).digest('base64url').slice(0, 22);
  return `focus-${block.date}-${digest}@${host}`;
}

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newlines escaped. */
function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A parameter value (CN): quoted, without the characters a quoted value cannot hold. */
function param(value: string): string {
  return `"${value.replace(/["\r\n]/g, '').trim()}"`;
}

/** RFC 5545 §3.1: lines longer than 75 octets are folded, never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const local = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toFormat("yyyyMMdd'T'HHmmss");
const utc = (instant: Date) => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * An iMIP (RFC 6047) invitation for one focus block: METHOD:REQUEST, the block in the
 * recipient's own zone (TZID with its VTIMEZONE), the recipient the only attendee. RSVP is
 * FALSE: accepting puts it in their calendar, and no reply needs to reach anyone.
 */
export function buildInvitation(input: InvitationInput): string {
  const { block } = input;
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Briefing//Focus time//EN',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:REQUEST',
    ...vtimezone(block.zone, block.startAt),
    'BEGIN:VEVENT',
    `UID:${invitationUid(input.recipientId, block, input.host)}`,
    `DTSTAMP:${utc(input.now)}`,
    'SEQUENCE:0',
    `DTSTART;TZID=${block.zone}:${local(block.startAt, block.zone)}`,
    `DTEND;TZID=${block.zone}:${local(block.endAt, block.zone)}`,
    `SUMMARY:${text(input.summary)}`,
    `DESCRIPTION:${text(input.description)}`,
    `ORGANIZER;CN=${param(input.organizer.name)}:mailto:${input.organizer.email}`,
    `ATTENDEE;CN=${param(input.attendee.name || input.attendee.email)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${input.attendee.email}`,
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'CLASS:PRIVATE',
    'X-MICROSOFT-CDO-BUSYSTATUS:BUSY',
    'X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
