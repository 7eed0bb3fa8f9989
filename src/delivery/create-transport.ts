import type { Config } from '../config.ts';
import type { MailTransport } from './mail-transport.ts';
import { createOutboxTransport } from './outbox-transport.ts';
import { createSmtpTransport } from './smtp-transport.ts';

export function createTransport(config: Pick<Config, 'smtpUrl' | 'outboxDir' | 'smtpPoolSize'>): MailTransport {
  return config.smtpUrl
    ? createSmtpTransport(config.smtpUrl, { poolSize: config.smtpPoolSize })
    : createOutboxTransport(config.outboxDir);
}
