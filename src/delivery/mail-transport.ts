import type Mail from 'nodemailer/lib/mailer/index.js';

/** Where mail goes: an SMTP server, or a folder of .eml files. */
export interface MailTransport {
  /** Says where messages go, for logs and for people: "smtp://127.0.0.1:1025" or "outbox ./outbox". */
  readonly describe: string;
  /** `label` names the message for people (the outbox file name); it is never sent. */
  send(message: Mail.Options, label: string): Promise<SendReceipt>;
  close(): Promise<void>;
}

export interface SendReceipt {
  readonly messageId: string;
  /** The server's final reply, or the file written. */
  readonly response: string;
}
