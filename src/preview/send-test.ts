import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Config } from '../config.ts';
import { createTransport } from '../delivery/create-transport.ts';

export type SendTestConfig = Pick<Config, 'smtpUrl' | 'outboxDir' | 'smtpPoolSize' | 'mailFrom' | 'publicUrl' | 'dkim' | 'smtpRequireTls'>;

export interface SentTest {
  /** "smtp://127.0.0.1:1025" or "outbox /abs/outbox". */
  readonly target: string;
  /** The server's reply, or the file written. */
  readonly response: string;
  /** The outbox file name, when it went to the outbox. */
  readonly outboxFile?: string;
}

/**
 * Sends one composed preview through the transport the service itself would use (SMTP_URL
 * or the outbox), with the headers the worker adds, to `to` instead of the fixture's
 * address. Throws with the transport's error.
 */
export async function sendTest(config: SendTestConfig, message: Mail.Options, to: string, label: string): Promise<SentTest> {
  const name = typeof message.to === 'object' && message.to && 'name' in message.to ? message.to.name : undefined;
  // A fresh Message-ID per test: the real one is derived from recipient and date, and an
  // inbox that has seen it already may hide every later test as a duplicate.
  const test = { ...message, to: name ? { name, address: to } : to, messageId: undefined };
  const file = `preview_${label}_${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const transport = createTransport({ ...config, smtpPoolSize: 1 });
  try {
    const receipt = await transport.send(test, file);
    return {
      target: transport.describe,
      response: receipt.response,
      outboxFile: config.smtpUrl ? undefined : `${file}.eml`,
    };
  } finally {
    await transport.close();
  }
}
