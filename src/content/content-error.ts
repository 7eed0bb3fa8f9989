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
 * How a source is named in messages. Calendar URLs often carry a secret in the path or
 * query (Google's "private-…" address), so only the host and the file name are shown.
 */
export function describeSource(source: string): string {
  if (!/^https?:\/\//i.test(source)) return source;
  try {
    const url = new URL(source);
    const last = url.pathname.split('/').filter(Boolean).at(-1) ?? '';
    return `${url.protocol}//${url.host}/${last ? `…/${last}` : ''}`;
  } catch {
    return '(unparseable URL)';
  }
}
