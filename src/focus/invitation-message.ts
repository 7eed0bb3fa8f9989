import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Recipient } from '../recipients/recipient.ts';
import { intlLocale, type Locale } from '../render/locales.ts';
import { catalog } from '../render/locales.ts';
import { fill } from '../render/messages.ts';
import type { FocusBlock } from './focus-block.ts';
import { buildInvitation, invitationUid } from './invitation.ts';

export interface InvitationSettings {
  readonly mailFrom: string;
  readonly publicUrl: string;
}

/** "Tuesday 24 November, 13:00–15:00" in the reader's language and zone. */
export function describeBlock(block: FocusBlock, locale: Locale): string {
  const tag = intlLocale(locale);
  const day = new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', timeZone: block.zone }).format(block.startAt);
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: block.zone });
  return `${day}, ${time.format(block.startAt)}\u2013${time.format(block.endAt)}`;
}

function parseAddress(from: string): { name: string; email: string } {
  const m = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(from);
  return m ? { name: m[1]!.replace(/^"|"$/g, '') || m[2]!, email: m[2]! } : { name: from.trim(), email: from.trim() };
}

/**
 * The email that carries a focus invitation: to the recipient's own address from the
 * roster (never one from the link), with the iCalendar as a `text/calendar; method=REQUEST`
 * part, which mail apps show with Accept and Decline.
 */
export function invitationMessage(recipient: Recipient, block: FocusBlock, settings: InvitationSettings, now: Date): Mail.Options {
  const messages = catalog(recipient.locale);
  const s = (key: string, values: Record<string, string> = {}) => fill(messages[key] as string, values);
  const when = describeBlock(block, recipient.locale);
  const host = new URL(settings.publicUrl).hostname || 'localhost';
  const ics = buildInvitation({
    block,
    recipientId: recipient.id,
    attendee: { name: recipient.name, email: recipient.email },
    organizer: parseAddress(settings.mailFrom),
    summary: s('focus.inviteSummary'),
    description: s('focus.inviteDescription'),
    host,
    now,
  });
  return {
    from: settings.mailFrom,
    to: { name: recipient.name, address: recipient.email },
    subject: s('focus.inviteSubject', { when }),
    text: `${s('focus.inviteSubject', { when })}\n\n${s('focus.inviteDescription')}\n`,
    textEncoding: 'quoted-printable',
    icalEvent: { method: 'REQUEST', filename: 'focus-time.ics', content: ics },
    messageId: `<${invitationUid(recipient.id, block, host).replace('@', '.invite@')}>`,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
      'Content-Language': recipient.locale,
    },
  };
}
