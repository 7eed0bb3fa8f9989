import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout (stderr for CLI commands, whose stdout is their output). Log ids and
 * outcomes only: the content of a briefing must never reach a log line, and text that may
 * quote an address or a URL (errors, SMTP replies) goes through `redactText` (src/redact.ts).
 * `briefing status` keeps the whole SMTP reply: ops need it, and it stays in Redis.
 */
export function createLogger(level: string, opts: { toStderr?: boolean; name?: string } = {}): Logger {
  return pino(
    { level, name: opts.name ?? 'briefing', base: { pid: process.pid } },
    pino.destination(opts.toStderr ? 2 : 1),
  );
}
