/**
 * The one guard for every name a preview URL carries (template, fixture, locale, outbox
 * file). Each of them ends up in a file path, and Hono hands route params over
 * percent-decoded, so `..%2F..%2Fetc%2Fpasswd` arrives here as `../../etc/passwd`. A name is
 * accepted only when it is a plain file name AND one of the names we listed ourselves (from
 * the code or from `readdir`), so no URL can reach a file outside the folders we serve.
 */
const PLAIN_NAME = /^[A-Za-z0-9@+_-][A-Za-z0-9._@+-]{0,199}$/;

export function pickName(raw: string | undefined, known: readonly string[]): string | null {
  if (raw === undefined || !PLAIN_NAME.test(raw) || raw.includes('..')) return null;
  return known.includes(raw) ? raw : null;
}
