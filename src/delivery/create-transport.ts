import type { Config } from '../config.ts';
import type { MailTransport } from './mail-transport.ts';
import { createOutboxTransport } from './outbox-transport.ts';
import { createSmtpTransport } from './smtp-transport.ts';

export type TransportConfig = Pick<Config, 'smtpUrl' | 'outboxDir' | 'smtpPoolSize' | 'dkim' | 'smtpRequireTls'>;

/** SMTP when SMTP_URL is set, else the .eml outbox; both sign with DKIM when it is configured. */
export function createTransport(config: TransportConfig): MailTransport {
  return config.smtpUrl
    ? createSmtpTransport(config.smtpUrl, { poolSize: config.smtpPoolSize, dkim: config.dkim, requireTls: config.smtpRequireTls })
    : createOutboxTransport(config.outboxDir, { dkim: config.dkim });
}
