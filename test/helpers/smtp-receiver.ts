import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  readonly to: string[];
  readonly raw: Buffer;
  readonly parsed: ParsedMail;
}

/**
 * A real SMTP server on an ephemeral loopback port. `reply` decides, per message, whether to
 * accept it or answer with an SMTP error such as 451 or 550.
 */
export interface SmtpReceiver {
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Return undefined to accept, or { code, message } to refuse this message. */
  reply: (rcpt: string[], attempt: number) => { code: number; message: string } | undefined;
  /** Messages refused so far, per recipient address. */
  readonly refusals: Map<string, number>;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, number>();
  const attempts = new Map<string, number>();
  const receiver: SmtpReceiver = {
    url: '',
    received,
    refusals,
    reply: () => undefined,
    waitFor(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          if (received.length >= count) {
            clearInterval(poll);
            resolve(received.slice());
          } else if (Date.now() - started > timeoutMs) {
            clearInterval(poll);
            reject(new Error(`expected ${count} messages, got ${received.length}`));
          }
        }, 10);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const key = to.join(',');
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        const refusal = receiver.reply(to, attempt);
        if (refusal) {
          refusals.set(key, (refusals.get(key) ?? 0) + 1);
          const err = new Error(refusal.message) as Error & { responseCode: number };
          err.responseCode = refusal.code;
          return callback(err);
        }
        const raw = Buffer.concat(chunks);
        received.push({ to, raw, parsed: await simpleParser(raw) });
        callback();
      });
    },
  });
  // A client that dies mid-session (a killed worker) resets its socket; a real server logs
  // that and carries on, and so does this one.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  (receiver as { url: string }).url = `smtp://127.0.0.1:${port}`;
  return receiver;
}
