import nodemailer from 'nodemailer';
import { redactUrl } from '../redact.ts';
import type { MailTransport } from './mail-transport.ts';
import { dkimOption, type DkimSettings } from './dkim.ts';

export interface SmtpTransportOptions {
  readonly poolSize: number;
  readonly dkim?: DkimSettings;
  /** SMTP_REQUIRE_TLS: refuse a server that does not offer STARTTLS instead of sending in the clear. */
  readonly requireTls?: boolean;
}

export function createSmtpTransport(smtpUrl: string, opts: SmtpTransportOptions): MailTransport {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    requireTLS: opts.requireTls ?? false,
    dkim: dkimOption(opts.dkim),
    maxConnections: opts.poolSize,
    maxMessages: 1000,
    // nodemailer waits up to 10 minutes by default; a stuck server must not hold a worker
    // (and the send's handover mark) that long.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    describe: redactUrl(smtpUrl),
    async send(message, _label) {
      const info = await transporter.sendMail(message);
      return { messageId: info.messageId, response: String(info.response ?? '') };
    },
    async close() {
      transporter.close();
    },
  };
}
