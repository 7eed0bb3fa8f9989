import { createHash } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Recipient } from '../recipients/recipient.ts';
import type { LocalDate } from '../time/zones.ts';

export interface RenderedBriefing {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface MessageSettings {
  readonly mailFrom: string;
  readonly publicUrl: string;
}

/** The host part used in Message-ID and List-Id: the public host people know us by. */
function publicHost(publicUrl: string): string {
  return new URL(publicUrl).hostname || 'localhost';
}

/**
 * Stable per recipient and date, so a retry carries the same Message-ID (and receivers can
 * dedupe). A forced re-send names itself (`resend`), so mail apps do not hide it as a copy.
 */
export function briefingMessageId(recipientId: string, date: LocalDate, publicUrl: string, resend?: string): string {
  const digest = createHash('sha256').update(`${recipientId}\n${date}${resend ? `\n${resend}` : ''}`).digest('base64url').slice(0, 22);
  return `<briefing.${date}.${digest}@${publicHost(publicUrl)}>`;
}

export function buildMessage(
  recipient: Recipient,
  date: LocalDate,
  rendered: RenderedBriefing,
  unsubscribeUrl: string,
  settings: MessageSettings,
  resend?: string,
): Mail.Options {
  return {
    from: settings.mailFrom,
    to: { name: recipient.name, address: recipient.email },
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    // Chosen, not detected: nodemailer's automatic choice scans both parts for every message
    // and cost more than building the rest of it (2.5 vs 1.2 ms per busy-day email, see
    // BENCHMARKS.md). Our locales are Latin script, for which it picks quoted-printable anyway.
    textEncoding: 'quoted-printable',
    messageId: briefingMessageId(recipient.id, date, settings.publicUrl, resend),
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      // RFC 8058: the mail app may POST "List-Unsubscribe=One-Click" to the URL above.
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': `Daily Briefing <briefing.${publicHost(settings.publicUrl)}>`,
      // Keeps out-of-office replies away from the sender address.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
      'Content-Language': recipient.locale,
      // Gmail's feedback loop (Postmaster Tools) counts complaints per field, right to left:
      // `briefing` is the sender id (5-15 characters, the same for every message), then the
      // locale and the kind of mail. Nothing here names a person. DKIM signs it (delivery/dkim.ts).
      'Feedback-ID': `daily:${recipient.locale}:briefing`,
    },
  };
}
