import { redactSource } from '../redact.ts';

/**
 * Why a content source could not be read. `code` is stable for callers and metrics:
 * ENOENT, EACCES, EISDIR, TIMEOUT, TOO_LARGE, HTTP_<status>, NETWORK, INVALID.
 * The message names the source and what to do; it never quotes the source's content
 * (content must never reach logs), and no `cause` is attached for the same reason.
 */
export class ContentError extends Error {
  override readonly name = 'ContentError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How a source is named in messages (and so in `briefing status`, logs and the dashboard):
 * a file path as it is, a feed URL as scheme and host only, since feeds carry their secret
 * in the path, the query or the userinfo. See `redactSource`.
 */
export function describeSource(source: string): string {
  return redactSource(source);
}
