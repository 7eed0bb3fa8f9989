import type { Config } from '../config.ts';
import { buildMessage } from '../delivery/build-message.ts';
import { createTransport } from '../delivery/create-transport.ts';
import type { Fixture } from '../render/fixtures.ts';

export type SendTestConfig = Pick<Config, 'smtpUrl' | 'outboxDir' | 'smtpPoolSize' | 'mailFrom' | 'publicUrl'>;

export interface SentTest {
  /** "smtp://127.0.0.1:1025" or "outbox /abs/outbox". */
  readonly target: string;
  /** The server's reply, or the file written. */
  readonly response: string;
  /** The outbox file name, when it went to the outbox. */
  readonly outboxFile?: string;
}

/**
 * Sends one rendered preview through the transport the service itself would use (SMTP_URL
 * or the outbox), with the headers the worker adds. Throws with the transport's error.
 */
export async function sendTest(
  config: SendTestConfig,
  fixture: Fixture,
  rendered: { subject: string; html: string; text: string },
  unsubscribeUrl: string,
  to: string,
  locale: string,
): Promise<SentTest> {
  const recipient = { ...fixture.recipient, email: to, locale: locale as Fixture['recipient']['locale'] };
  // A fresh Message-ID per test: the real one is derived from recipient and date, and an
  // inbox that has seen it already may hide every later test as a duplicate.
  const message = { ...buildMessage(recipient, fixture.day.date, rendered, unsubscribeUrl, config), messageId: undefined };
  const label = `preview_${fixture.name}_${locale}_${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const transport = createTransport({ ...config, smtpPoolSize: 1 });
  try {
    const receipt = await transport.send(message, label);
    return {
      target: transport.describe,
      response: receipt.response,
      outboxFile: config.smtpUrl ? undefined : `${label}.eml`,
    };
  } finally {
    await transport.close();
  }
}
