import nodemailer from 'nodemailer';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MailTransport } from './mail-transport.ts';
import { dkimOption, type DkimSettings } from './dkim.ts';

/**
 * Without SMTP_URL, each message is written as a real MIME file (`.eml`) to OUTBOX_DIR,
 * so a laptop without a mail server still sees exactly what would have been sent.
 */
export function createOutboxTransport(outboxDir: string, opts: { dkim?: DkimSettings } = {}): MailTransport {
  const dir = resolve(outboxDir);
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', dkim: dkimOption(opts.dkim) });
  let ready: Promise<unknown> | undefined;
  return {
    describe: `outbox ${dir}`,
    async send(message, label) {
      ready ??= mkdir(dir, { recursive: true });
      await ready;
      const info = await transporter.sendMail(message);
      const name = label.replace(/[^A-Za-z0-9._@+-]/g, '_');
      const file = join(dir, `${name}.eml`);
      // Write then rename, so a reader never sees half a message.
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, info.message as Buffer);
      await rename(tmp, file);
      return { messageId: info.messageId, response: `written to ${file}` };
    },
    async close() {},
  };
}
