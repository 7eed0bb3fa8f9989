import { pino, type Logger } from 'pino';

export type { Logger };

// Logs carry ids, never personal data: text that may quote an address or a URL goes through
// `redactText` (src/redact.ts). `briefing status` keeps the whole SMTP reply: ops need it.
export { maskAddresses } from './redact.ts';

/**
 * JSON logs on stdout (stderr for CLI commands, whose stdout is their output). Log ids and
 * outcomes only: the content of a briefing must never reach a log line.
 */
export function createLogger(level: string, opts: { toStderr?: boolean; name?: string } = {}): Logger {
  return pino(
    { level, name: opts.name ?? 'briefing', base: { pid: process.pid } },
    pino.destination(opts.toStderr ? 2 : 1),
  );
}
