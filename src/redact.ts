/**
 * The one redaction for everything the service prints: logs, errors, `briefing status`, the
 * preview and the queue dashboard. URLs are read with WHATWG `URL`, as ioredis and
 * nodemailer read them, so the userinfo goes whole however many `@` it holds
 * (`smtp://bob@corp.example:Summer@2026@host:1` → `smtp://***@host:1`).
 */

const MASK = '***';

/** A URL without its credentials and query values: `redis://***@host:6379/0?tls=***`. */
export function redactUrl(raw: string): string {
  const url = parse(raw);
  if (!url) return unparseable(raw);
  const auth = url.username || url.password ? `${MASK}@` : '';
  const query = [...new Set(url.searchParams.keys())].map((key) => `${encodeURIComponent(key)}=${MASK}`).join('&');
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.protocol}//${auth}${url.host}${path}${query ? `?${query}` : ''}`;
}

/**
 * How a calendar or content source is named: a file path as it is, an http(s) URL as scheme
 * and host only. Feed URLs carry their secret in the path (iCloud's `/published/2/…`), the
 * query (Google's `private-…`) or the userinfo, so no part of them but the host is shown.
 */
export function redactSource(source: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return source;
  const url = parse(source);
  return url ? `${url.protocol}//${url.host}` : unparseable(source);
}

// An email address as SMTP replies quote it ("550 5.1.1 <ada@example.com>: unknown user").
const ADDRESS = /[^\s<>"'(),;:/]+@[^\s<>"'(),;:/]+/g;
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/** Email addresses in free text, for log lines: `ADDRESS`. */
export function maskAddresses<T extends string | undefined>(text: T): T {
  return text?.replace(ADDRESS, 'ADDRESS') as T;
}

/**
 * Free text for a log line or the dashboard (an error message, an SMTP reply): every URL in
 * it reduced to scheme and host, every address masked. A URL inside a sentence may be any
 * kind (a feed, a server with a password), so only what is never secret is kept.
 */
export function redactText<T extends string | undefined>(text: T): T {
  if (text === undefined) return text;
  const urls = text.replace(URL_IN_TEXT, (match) => {
    // Sentence punctuation after a URL ("…@host:6379: connection refused") is not part of it.
    const [, body, tail] = /^(.*?)([.,:;)\]]*)$/s.exec(match)!;
    return `${redactSource(body!)}${tail}`;
  });
  return maskAddresses(urls) as T;
}

function parse(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** Never the text itself: a URL that does not parse may still hold a password. */
function unparseable(raw: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(raw)?.[1];
  return scheme ? `${scheme}//(unparseable URL)` : '(unparseable URL)';
}
