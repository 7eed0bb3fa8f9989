import type DKIM from 'nodemailer/lib/dkim/index.js';
import type { DkimSettings } from './dkim-settings.ts';

export type { DkimSettings };

/**
 * The headers the signature covers: nodemailer's own list (RFC 6376 §5.4's, with
 * List-Unsubscribe-Post, which RFC 8058 §4 requires to be signed next to List-Unsubscribe)
 * plus the ones we add. Gmail uses Feedback-ID only when a DKIM signature of the sender's
 * domain covers it.
 */
const SIGNED_HEADERS = [
  'From', 'Sender', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'To', 'Cc', 'MIME-Version', 'Content-Type',
  'Content-Transfer-Encoding', 'Content-ID', 'Content-Description', 'In-Reply-To', 'References',
  'List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'Feedback-ID', 'Auto-Submitted', 'Content-Language',
].join(':');

/** nodemailer's `dkim` transport option, or undefined when DKIM is not configured. */
export function dkimOption(settings: DkimSettings | undefined): DKIM.Options | undefined {
  if (!settings) return undefined;
  return { domainName: settings.domainName, keySelector: settings.keySelector, privateKey: settings.privateKey, headerFieldNames: SIGNED_HEADERS };
}

/** What a worker should say at start about its mail's authentication (none of it stops it). */
export function deliverabilityWarnings(config: { dkim: DkimSettings | undefined; nodeEnv: string; mailFrom: string }): string[] {
  const from = /@([^@>\s]+)>?$/.exec(config.mailFrom)?.[1] ?? config.mailFrom;
  if (!config.dkim) {
    return config.nodeEnv === 'production'
      ? [`DKIM is not configured: Gmail, Yahoo and Outlook expect bulk mail signed for the MAIL_FROM domain (${from}). Set DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE (README, "Deliverability")`]
      : [];
  }
  if (config.dkim.alignedWithFrom) return [];
  return [`DKIM_DOMAIN ${config.dkim.domainName} is not MAIL_FROM's domain (${from}) nor a parent of it: DMARC can pass only through SPF. Sign with the MAIL_FROM domain (README, "Deliverability")`];
}
