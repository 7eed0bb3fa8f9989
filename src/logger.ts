import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout (stderr for CLI commands, whose stdout is their output). Log ids and
 * outcomes only: the content of a briefing must never reach a log line.
 */
/**
 * Logs carry ids, never personal data: SMTP replies and errors often quote an address
 * ("550 5.1.1 <ada@example.com>: unknown user"), so addresses are masked in log lines.
 * (`briefing status` keeps the whole reply: ops need it, and it stays in Redis.)
 */
export function maskAddresses<T extends string | undefined>(text: T): T {
  return text?.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, 'ADDRESS') as T;
}

export function createLogger(level: string, opts: { toStderr?: boolean; name?: string } = {}): Logger {
  return pino(
    { level, name: opts.name ?? 'briefing', base: { pid: process.pid } },
    pino.destination(opts.toStderr ? 2 : 1),
  );
}
